#include "common/secrets.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "tests/support/process.h"

namespace openflow {
namespace {

TEST(SecretsTest, PasswordsAre32UrlSafeCharacters) {
  const std::string p = GeneratePassword();
  EXPECT_EQ(p.size(), 32u);  // 24 random bytes = 192 bits
  EXPECT_EQ(p.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
}

TEST(SecretsTest, PasswordsDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(GeneratePassword()).second);
}

TEST(SecretsTest, VerifierAcceptsItsPassword) {
  const auto v = MakeVerifier("correct horse");
  EXPECT_TRUE(VerifyPassword(v, "correct horse"));
}

TEST(SecretsTest, VerifierRejectsOtherPasswords) {
  const auto v = MakeVerifier("correct horse");
  EXPECT_FALSE(VerifyPassword(v, "correct hors"));
  EXPECT_FALSE(VerifyPassword(v, "correct horse "));
  EXPECT_FALSE(VerifyPassword(v, ""));
}

TEST(SecretsTest, VerifiersAreSalted) {
  EXPECT_NE(EncodeVerifier(MakeVerifier("same")), EncodeVerifier(MakeVerifier("same")));
}

TEST(SecretsTest, VerifierTextRoundTrips) {
  const auto v = MakeVerifier("pw");
  const std::string text = EncodeVerifier(v);
  EXPECT_EQ(text.rfind("b2b256$", 0), 0u);
  EXPECT_EQ(text.find("pw"), std::string::npos);
  auto parsed = ParseVerifier(text);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(VerifyPassword(*parsed, "pw"));
}

TEST(SecretsTest, MalformedVerifierTextIsRejected) {
  for (const char* bad : {"", "b2b256$", "b2b256$00$00", "sha1$00112233445566778899aabbccddeeff$00",
                          "b2b256$zz112233445566778899aabbccddeeff$"
                          "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}) {
    EXPECT_EQ(ParseVerifier(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

class SealingKeyTest : public ::testing::Test {
 protected:
  std::string dir_ = testing::MakeTempDir("openflow-key");
  std::string path_ = dir_ + "/secret.key";
};

TEST_F(SealingKeyTest, CreatesKeyFileWithMode0600) {
  ASSERT_TRUE(SealingKey::LoadOrCreate(path_).ok());
  struct stat st {};
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_EQ(st.st_size, 32);
}

TEST_F(SealingKeyTest, SealedPasswordOpensWithSameKeyFile) {
  auto key = SealingKey::LoadOrCreate(path_);
  ASSERT_TRUE(key.ok());
  const std::string sealed = key->Seal("s3cret", "p1:n1");
  EXPECT_EQ(sealed.find("s3cret"), std::string::npos);
  auto again = SealingKey::LoadOrCreate(path_);  // loads, does not recreate
  ASSERT_TRUE(again.ok());
  auto opened = again->Open(sealed, "p1:n1");
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, "s3cret");
}

TEST_F(SealingKeyTest, SealedPasswordDoesNotOpenForAnotherUsername) {
  auto key = SealingKey::LoadOrCreate(path_);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->Open(key->Seal("s3cret", "p1:n1"), "p2:n1").status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(SealingKeyTest, SealedPasswordDoesNotOpenWithAnotherKey) {
  auto key = SealingKey::LoadOrCreate(path_);
  auto other = SealingKey::LoadOrCreate(dir_ + "/other.key");
  ASSERT_TRUE(key.ok() && other.ok());
  EXPECT_FALSE(other->Open(key->Seal("s3cret", "u"), "u").ok());
}

TEST_F(SealingKeyTest, TamperedSealIsDataLoss) {
  auto key = SealingKey::LoadOrCreate(path_);
  ASSERT_TRUE(key.ok());
  std::string sealed = key->Seal("s3cret", "u");
  sealed.back() = sealed.back() == '0' ? '1' : '0';
  EXPECT_EQ(key->Open(sealed, "u").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(key->Open("garbage", "u").status().code(), absl::StatusCode::kDataLoss);
}

// A temporary file left by a run that was killed mid-create (same pid or
// not) must not block creating the key.
TEST_F(SealingKeyTest, LeftoverTemporaryFileDoesNotBlockCreation) {
  for (const std::string& leftover :
       {path_ + ".tmp." + std::to_string(getpid()), path_ + ".tmp.XXXXXX"}) {
    std::ofstream(leftover) << "junk";
  }
  EXPECT_TRUE(SealingKey::LoadOrCreate(path_).ok());
}

TEST_F(SealingKeyTest, GroupReadableKeyFileIsRefused) {
  ASSERT_TRUE(SealingKey::LoadOrCreate(path_).ok());
  chmod(path_.c_str(), 0640);
  auto key = SealingKey::LoadOrCreate(path_);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(key.status().message().find("chmod 600"), absl::string_view::npos);
}

TEST_F(SealingKeyTest, TruncatedKeyFileIsRefused) {
  { std::ofstream(path_) << "short"; }
  chmod(path_.c_str(), 0600);
  auto key = SealingKey::LoadOrCreate(path_);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(key.status().message().find(path_), absl::string_view::npos);
}

}  // namespace
}  // namespace openflow
