#include "common/args.h"

#include <gtest/gtest.h>

namespace openflow {
namespace {

const FlagSpec kSpec{{"name", "project"}, {"help"}};

TEST(ArgsTest, SplitsPositionalsAndFlags) {
  auto a = ParseArgs({"instance", "create", "--project", "p1", "--name=n1", "--help"}, kSpec);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->positional, (std::vector<std::string>{"instance", "create"}));
  EXPECT_EQ(a->GetOr("project", ""), "p1");
  EXPECT_EQ(a->GetOr("name", ""), "n1");
  EXPECT_TRUE(a->Has("help"));
}

TEST(ArgsTest, UnknownFlagIsNamed) {
  EXPECT_EQ(ParseArgs({"--nmae", "x"}, kSpec).status().message(),
            "unknown flag --nmae (known: --help, --name, --project)");
}

TEST(ArgsTest, MissingValueIsNamed) {
  EXPECT_EQ(ParseArgs({"--name"}, kSpec).status().message(), "--name: missing value");
}

TEST(ArgsTest, RepeatedFlagIsRefused) {
  EXPECT_EQ(ParseArgs({"--name", "a", "--name", "b"}, kSpec).status().message(),
            "--name: given more than once");
}

TEST(ArgsTest, SwitchWithValueIsRefused) {
  EXPECT_EQ(ParseArgs({"--help=yes"}, kSpec).status().message(), "--help: takes no value");
}

}  // namespace
}  // namespace openflow
