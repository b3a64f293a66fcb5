#include "exhook/mirror/credential_mirror.h"

#include <gtest/gtest.h>

namespace openflow {
namespace {

class CredentialMirrorTest : public ::testing::Test {
 protected:
  absl::Time now_ = absl::FromUnixSeconds(1000);
  CredentialMirror mirror_{absl::Seconds(30), [this] { return now_; }};

  static CredentialMirror::Entries OneEntry() {
    CredentialMirror::Entries e;
    e["p1:a"] = CredentialRecord{MakeVerifier("pw"), false};
    return e;
  }
};

TEST_F(CredentialMirrorTest, UnavailableBeforeFirstLoad) {
  EXPECT_EQ(mirror_.Find("p1:a").status, CredentialLookup::Status::kUnavailable);
  EXPECT_FALSE(mirror_.fresh());
}

TEST_F(CredentialMirrorTest, FindsLoadedEntries) {
  mirror_.ReplaceAll(OneEntry());
  const auto found = mirror_.Find("p1:a");
  ASSERT_EQ(found.status, CredentialLookup::Status::kFound);
  EXPECT_TRUE(VerifyPassword(found.record.verifier, "pw"));
  EXPECT_EQ(mirror_.Find("p1:b").status, CredentialLookup::Status::kNotFound);
}

TEST_F(CredentialMirrorTest, AnswersWithinStalenessBound) {
  mirror_.ReplaceAll(OneEntry());
  now_ += absl::Seconds(30);
  EXPECT_EQ(mirror_.Find("p1:a").status, CredentialLookup::Status::kFound);
}

TEST_F(CredentialMirrorTest, UnavailableOnceStalenessBoundPasses) {
  mirror_.ReplaceAll(OneEntry());
  now_ += absl::Seconds(31);
  EXPECT_EQ(mirror_.Find("p1:a").status, CredentialLookup::Status::kUnavailable);
}

TEST_F(CredentialMirrorTest, MarkFreshRecovers) {
  mirror_.ReplaceAll(OneEntry());
  now_ += absl::Seconds(60);
  mirror_.MarkFresh();
  EXPECT_EQ(mirror_.Find("p1:a").status, CredentialLookup::Status::kFound);
}

TEST_F(CredentialMirrorTest, UpsertAndEraseApply) {
  mirror_.ReplaceAll(OneEntry());
  mirror_.Upsert("p1:a", CredentialRecord{MakeVerifier("pw"), true});
  EXPECT_TRUE(mirror_.Find("p1:a").record.revoked);
  mirror_.Erase("p1:a");
  EXPECT_EQ(mirror_.Find("p1:a").status, CredentialLookup::Status::kNotFound);
}

TEST_F(CredentialMirrorTest, ReplaceAllDropsEntriesNoLongerPresent) {
  mirror_.ReplaceAll(OneEntry());
  mirror_.ReplaceAll({});
  EXPECT_EQ(mirror_.Find("p1:a").status, CredentialLookup::Status::kNotFound);
  EXPECT_EQ(mirror_.size(), 0u);
}

}  // namespace
}  // namespace openflow
