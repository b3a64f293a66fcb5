#include "exhook/core/topic.h"

#include <gtest/gtest.h>

namespace openflow {
namespace {

bool NameOk(std::string_view t) { return TopicProblem(t, TopicKind::kName).empty(); }
bool FilterOk(std::string_view t) { return TopicProblem(t, TopicKind::kFilter).empty(); }

TEST(TopicTest, PlainNamesAreValid) {
  EXPECT_TRUE(NameOk("sensors/temperature"));
  EXPECT_TRUE(NameOk("a"));
  EXPECT_TRUE(NameOk("/leading/slash"));
  EXPECT_TRUE(NameOk("trailing/"));
  EXPECT_TRUE(NameOk("température/°C"));
}

TEST(TopicTest, EmptyTopicIsInvalid) {
  EXPECT_EQ(TopicProblem("", TopicKind::kName), "empty topic");
  EXPECT_EQ(TopicProblem("", TopicKind::kFilter), "empty topic");
}

TEST(TopicTest, WildcardsAreInvalidInNames) {
  EXPECT_EQ(TopicProblem("a/+/b", TopicKind::kName), "wildcard in a topic name");
  EXPECT_EQ(TopicProblem("a/#", TopicKind::kName), "wildcard in a topic name");
}

TEST(TopicTest, WholeLevelWildcardsAreValidInFilters) {
  EXPECT_TRUE(FilterOk("#"));
  EXPECT_TRUE(FilterOk("+"));
  EXPECT_TRUE(FilterOk("a/+/b"));
  EXPECT_TRUE(FilterOk("a/#"));
  EXPECT_TRUE(FilterOk("+/+/#"));
}

TEST(TopicTest, PartialLevelWildcardsAreInvalid) {
  EXPECT_EQ(TopicProblem("a/b+", TopicKind::kFilter), "wildcard must occupy a whole level");
  EXPECT_EQ(TopicProblem("a/#b", TopicKind::kFilter), "wildcard must occupy a whole level");
  EXPECT_EQ(TopicProblem("a#", TopicKind::kFilter), "wildcard must occupy a whole level");
}

TEST(TopicTest, HashMustBeLast) {
  EXPECT_EQ(TopicProblem("a/#/b", TopicKind::kFilter), "'#' must be the last level");
}

TEST(TopicTest, DollarTopicsAreReserved) {
  EXPECT_EQ(TopicProblem("$SYS/brokers", TopicKind::kFilter),
            "topics starting with $ are reserved");
  EXPECT_EQ(TopicProblem("$share/g/t", TopicKind::kFilter), "topics starting with $ are reserved");
  EXPECT_TRUE(NameOk("a/$b"));
}

TEST(TopicTest, NulIsInvalid) {
  EXPECT_EQ(TopicProblem(std::string_view("a\0b", 3), TopicKind::kName), "topic contains U+0000");
}

TEST(TopicTest, InvalidUtf8IsInvalid) {
  EXPECT_EQ(TopicProblem("a\xff", TopicKind::kName), "topic is not valid UTF-8");
  EXPECT_EQ(TopicProblem("\xc0\xaf", TopicKind::kName), "topic is not valid UTF-8");  // overlong
  EXPECT_EQ(TopicProblem("\xed\xa0\x80", TopicKind::kName),
            "topic is not valid UTF-8");                                              // surrogate
  EXPECT_EQ(TopicProblem("\xe2\x82", TopicKind::kName), "topic is not valid UTF-8");  // truncated
}

TEST(TopicTest, LengthIsBounded) {
  EXPECT_TRUE(NameOk(std::string(65535, 'a')));
  EXPECT_EQ(TopicProblem(std::string(65536, 'a'), TopicKind::kName),
            "topic longer than 65535 bytes");
}

}  // namespace
}  // namespace openflow
