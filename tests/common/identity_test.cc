#include "common/identity.h"

#include <gtest/gtest.h>

namespace openflow {
namespace {

TEST(IdentityTest, UsernameJoinsProjectAndName) {
  EXPECT_EQ(MakeUsername("p1", "flow-a"), "p1:flow-a");
}

TEST(IdentityTest, ParsesWellFormedUsername) {
  auto parsed = ParseUsername("proj_1:node.red-2");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->project_id, "proj_1");
  EXPECT_EQ(parsed->name, "node.red-2");
}

TEST(IdentityTest, RejectsUsernameWithoutSeparator) {
  EXPECT_EQ(ParseUsername("p1flow").status().message(), "username: expected <project>:<name>");
}

TEST(IdentityTest, RejectsSecondSeparatorInName) { EXPECT_FALSE(ParseUsername("p1:a:b").ok()); }

TEST(IdentityTest, RejectsEmptyProjectOrName) {
  EXPECT_FALSE(ParseUsername(":name").ok());
  EXPECT_FALSE(ParseUsername("p1:").ok());
}

// Every character that could widen or escape a mountpoint is refused.
TEST(IdentityTest, ProjectIdRefusesTopicAndSeparatorCharacters) {
  for (const char* bad : {"a/b", "a+b", "a#b", "a:b", "a b", "a\tb", "a.b", "${x}", "a\nb", "é"}) {
    EXPECT_FALSE(ValidateProjectId(bad).ok()) << bad;
  }
}

TEST(IdentityTest, ProjectIdErrorNamesFieldAndRule) {
  EXPECT_EQ(ValidateProjectId("a/b", "--project").message(),
            "--project: may only contain A-Z a-z 0-9 _ - (got \"a/b\")");
}

TEST(IdentityTest, ProjectIdLengthIsBounded) {
  EXPECT_TRUE(ValidateProjectId(std::string(64, 'a')).ok());
  EXPECT_EQ(ValidateProjectId(std::string(65, 'a')).message(),
            "project: longer than 64 characters");
}

TEST(IdentityTest, NameAllowsDotsButNotSeparators) {
  EXPECT_TRUE(ValidateName("node.red").ok());
  EXPECT_FALSE(ValidateName("node/red").ok());
  EXPECT_FALSE(ValidateName("node:red").ok());
}

// The request-path check must agree with ParseUsername on every input.
TEST(IdentityTest, SplitUsernameAgreesWithParseUsername) {
  for (const char* u : {"p1:flow", "p1:node.red", ":n", "p:", "p1", "p/1:n", "p1:n:x", "p.1:n",
                        "a b:n", "p1:n\n", ""}) {
    ParsedUsername split;
    const bool ok = SplitUsername(u, &split);
    const auto parsed = ParseUsername(u);
    EXPECT_EQ(ok, parsed.ok()) << u;
    if (ok && parsed.ok()) {
      EXPECT_EQ(split.project_id, parsed->project_id);
      EXPECT_EQ(split.name, parsed->name);
    }
  }
  ParsedUsername split;
  EXPECT_TRUE(SplitUsername(std::string(64, 'p') + ":" + std::string(64, 'n'), &split));
  EXPECT_FALSE(SplitUsername(std::string(65, 'p') + ":n", &split));
  EXPECT_FALSE(SplitUsername("p:" + std::string(65, 'n'), &split));
}

TEST(IdentityTest, TenantPrefixIsLevelsEndingInSlash) {
  EXPECT_TRUE(ValidateTenantPrefix("openflow/").ok());
  EXPECT_TRUE(ValidateTenantPrefix("org.acme/openflow/").ok());
}

TEST(IdentityTest, TenantPrefixRefusesWhatCouldBreakMountpointOrExpression) {
  for (const char* bad : {"", "/", "openflow", "a//", "/a/", "a/+/", "a/#/", "$SYS/", "a b/",
                          "open'flow/", "${x}/", "a\"/"}) {
    EXPECT_FALSE(ValidateTenantPrefix(bad).ok()) << bad;
  }
  EXPECT_EQ(ValidateTenantPrefix("openflow").message(),
            "--tenant-prefix: expected topic levels of A-Z a-z 0-9 _ . - ending in '/', got "
            "\"openflow\"");
}

TEST(IdentityTest, MountpointIsPrefixProjectSlash) {
  EXPECT_EQ(MountpointFor("openflow/", "p1"), "openflow/p1/");
}

}  // namespace
}  // namespace openflow
