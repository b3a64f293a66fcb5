#include "bench/latency.h"

#include <gtest/gtest.h>

namespace openflow::bench {
namespace {

TEST(LatencyRecorderTest, PercentilesAreNearestRank) {
  LatencyRecorder r;
  for (int i = 1000; i >= 1; --i) r.Record(absl::Microseconds(i));
  const LatencySummary s = r.Summarize();
  EXPECT_EQ(s.count, 1000);
  EXPECT_EQ(s.p50, absl::Microseconds(500));
  EXPECT_EQ(s.p99, absl::Microseconds(990));
  EXPECT_EQ(s.p999, absl::Microseconds(999));
  EXPECT_EQ(s.max, absl::Microseconds(1000));
}

TEST(LatencyRecorderTest, OneSampleIsEveryPercentile) {
  LatencyRecorder r;
  r.Record(absl::Milliseconds(3));
  const LatencySummary s = r.Summarize();
  EXPECT_EQ(s.p50, absl::Milliseconds(3));
  EXPECT_EQ(s.p999, absl::Milliseconds(3));
}

TEST(LatencyRecorderTest, EmptyRecorderSummarizesToZero) {
  LatencyRecorder r;
  const LatencySummary s = r.Summarize();
  EXPECT_EQ(s.count, 0);
  EXPECT_EQ(s.p99, absl::ZeroDuration());
}

TEST(LatencyRecorderTest, MergeKeepsEverySample) {
  LatencyRecorder a, b;
  a.Record(absl::Microseconds(1));
  b.Record(absl::Microseconds(2));
  b.Record(absl::Microseconds(3));
  a.Merge(b);
  const LatencySummary s = a.Summarize();
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.p50, absl::Microseconds(2));
  EXPECT_EQ(s.max, absl::Microseconds(3));
}

}  // namespace
}  // namespace openflow::bench
