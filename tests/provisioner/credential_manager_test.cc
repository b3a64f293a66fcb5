#include "provisioner/instances/credential_manager.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/support/process.h"

namespace openflow {
namespace {

// CredentialRepository in a std::map, keyed by project/name.
class FakeRepository : public CredentialRepository {
 public:
  absl::Status Insert(const StoredCredential& c) override {
    if (!rows_.emplace(Key(c.key), c).second) return absl::AlreadyExistsError("taken");
    return absl::OkStatus();
  }
  absl::StatusOr<bool> ReplaceSecret(const PrincipalKey& key, const std::string& verifier,
                                     const std::string& sealed) override {
    auto it = rows_.find(Key(key));
    if (it == rows_.end()) return absl::NotFoundError("missing");
    const bool was = it->second.revoked;
    it->second.verifier = verifier;
    it->second.sealed = sealed;
    it->second.revoked = false;
    return was;
  }
  absl::StatusOr<bool> Revoke(const PrincipalKey& key) override {
    auto it = rows_.find(Key(key));
    if (it == rows_.end()) return absl::NotFoundError("missing");
    const bool was = it->second.revoked;
    it->second.revoked = true;
    return was;
  }
  absl::StatusOr<StoredCredential> Get(const PrincipalKey& key) override {
    auto it = rows_.find(Key(key));
    if (it == rows_.end()) return absl::NotFoundError("missing");
    return it->second;
  }
  const StoredCredential& Row(const std::string& project, const std::string& name) {
    return rows_.at(project + "/" + name);
  }

 private:
  static std::string Key(const PrincipalKey& k) { return k.project_id + "/" + k.name; }
  std::map<std::string, StoredCredential> rows_;
};

class CredentialManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = SealingKey::LoadOrCreate(testing::MakeTempDir("openflow-cm") + "/secret.key");
    ASSERT_TRUE(key.ok());
    key_ = std::make_unique<SealingKey>(std::move(*key));
    manager_ = std::make_unique<CredentialManager>(repo_, *key_);
  }
  const PrincipalKey kFlow{"p1", "flow", PrincipalKind::kInstance};
  FakeRepository repo_;
  std::unique_ptr<SealingKey> key_;
  std::unique_ptr<CredentialManager> manager_;
};

TEST_F(CredentialManagerTest, CreateIssuesProjectScopedUsername) {
  auto issued = manager_->Create(kFlow);
  ASSERT_TRUE(issued.ok()) << issued.status();
  EXPECT_EQ(issued->username, "p1:flow");
  EXPECT_EQ(issued->password.size(), 32u);
}

TEST_F(CredentialManagerTest, CreateStoresVerifierAndSealNeverThePlaintext) {
  auto issued = manager_->Create(kFlow);
  ASSERT_TRUE(issued.ok());
  const StoredCredential& row = repo_.Row("p1", "flow");
  EXPECT_EQ(row.verifier.find(issued->password), std::string::npos);
  EXPECT_EQ(row.sealed.find(issued->password), std::string::npos);
  auto verifier = ParseVerifier(row.verifier);
  ASSERT_TRUE(verifier.ok());
  EXPECT_TRUE(VerifyPassword(*verifier, issued->password));
}

TEST_F(CredentialManagerTest, RevealOpensTheSealedPassword) {
  auto issued = manager_->Create(kFlow);
  ASSERT_TRUE(issued.ok());
  auto revealed = manager_->Reveal(kFlow);
  ASSERT_TRUE(revealed.ok()) << revealed.status();
  EXPECT_EQ(revealed->password, issued->password);
}

TEST_F(CredentialManagerTest, DuplicateCreateIsAlreadyExists) {
  ASSERT_TRUE(manager_->Create(kFlow).ok());
  EXPECT_EQ(manager_->Create(kFlow).status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(CredentialManagerTest, InvalidProjectIsRefusedBeforeStorage) {
  auto issued = manager_->Create({"p/1", "flow", PrincipalKind::kInstance});
  EXPECT_EQ(issued.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(issued.status().message(), "--project: may only contain A-Z a-z 0-9 _ - (got \"p/1\")");
}

TEST_F(CredentialManagerTest, InvalidNameIsRefused) {
  EXPECT_EQ(manager_->Create({"p1", "a:b", PrincipalKind::kInstance}).status().message(),
            "--name: may only contain A-Z a-z 0-9 _ - . (got \"a:b\")");
}

TEST_F(CredentialManagerTest, RotateReplacesThePassword) {
  auto first = manager_->Create(kFlow);
  auto second = manager_->Rotate(kFlow);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->password, second->password);
  auto verifier = ParseVerifier(repo_.Row("p1", "flow").verifier);
  ASSERT_TRUE(verifier.ok());
  EXPECT_FALSE(VerifyPassword(*verifier, first->password));
  EXPECT_TRUE(VerifyPassword(*verifier, second->password));
  EXPECT_FALSE(second->was_revoked);
}

TEST_F(CredentialManagerTest, RotateOfRevokedCredentialSaysItReenabledIt) {
  ASSERT_TRUE(manager_->Create(kFlow).ok());
  ASSERT_TRUE(manager_->Revoke(kFlow).ok());
  auto rotated = manager_->Rotate(kFlow);
  ASSERT_TRUE(rotated.ok());
  EXPECT_TRUE(rotated->was_revoked);
}

TEST_F(CredentialManagerTest, RevokeTwiceReportsAlreadyRevoked) {
  ASSERT_TRUE(manager_->Create(kFlow).ok());
  EXPECT_EQ(*manager_->Revoke(kFlow), false);
  EXPECT_EQ(*manager_->Revoke(kFlow), true);
}

TEST_F(CredentialManagerTest, UnknownCredentialIsNotFound) {
  EXPECT_EQ(manager_->Rotate(kFlow).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(manager_->Revoke(kFlow).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(manager_->Reveal(kFlow).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace openflow
