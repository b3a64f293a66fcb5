#include "bench/credentials.h"

#include <gtest/gtest.h>

#include "common/identity.h"

namespace openflow::bench {
namespace {

TEST(CredentialSetTest, SameSeedGivesSamePasswords) {
  EXPECT_EQ(CredentialSet(7, 100).Password(42), CredentialSet(7, 100).Password(42));
}

TEST(CredentialSetTest, OtherSeedGivesOtherPasswords) {
  EXPECT_NE(CredentialSet(7, 100).Password(42), CredentialSet(8, 100).Password(42));
}

TEST(CredentialSetTest, EveryCredentialHasItsOwnPassword) {
  const CredentialSet set(1, 100);
  EXPECT_NE(set.Password(1), set.Password(2));
}

TEST(CredentialSetTest, PasswordsHaveTheLengthOfGeneratedOnes) {
  EXPECT_EQ(CredentialSet(1, 10).Password(3).size(), 32u);
}

TEST(CredentialSetTest, WrongPasswordDiffersFromTheRightOne) {
  const CredentialSet set(1, 10);
  EXPECT_NE(set.WrongPassword(3), set.Password(3));
  EXPECT_EQ(set.WrongPassword(3).size(), set.Password(3).size());
}

TEST(CredentialSetTest, UsernamesFollowTheIdentityScheme) {
  const CredentialSet set(1, 1000);
  const std::string username = set.Username(123);
  auto parsed = ParseUsername(username);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->project_id, set.ProjectId(123));
  EXPECT_EQ(parsed->name, set.Name(123));
  EXPECT_EQ(set.Mountpoint(123, "openflow/"), MountpointFor("openflow/", set.ProjectId(123)));
}

TEST(CredentialSetTest, UnknownIndexesNameOtherUsernames) {
  const CredentialSet set(1, 10);
  EXPECT_NE(set.Username(10 + 3), set.Username(3));
}

}  // namespace
}  // namespace openflow::bench
