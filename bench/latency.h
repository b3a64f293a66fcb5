#pragma once

#include <cstdint>
#include <vector>

#include "absl/time/time.h"

namespace openflow::bench {

// Percentiles of one set of latencies (nearest rank: p99 is the smallest
// sample that at least 99% of the samples do not exceed). All zero when
// there are no samples.
struct LatencySummary {
  std::int64_t count = 0;
  absl::Duration p50;
  absl::Duration p99;
  absl::Duration p999;
  absl::Duration max;
};

// Every sample, kept exactly (8 bytes each: a 10 s run at 100k calls/s is
// 8 MB), so percentiles are exact rather than bucketed. Not thread-safe: one
// recorder per thread, merged at the end.
class LatencyRecorder {
 public:
  void Record(absl::Duration latency) { nanos_.push_back(absl::ToInt64Nanoseconds(latency)); }
  void Merge(const LatencyRecorder& other);
  std::int64_t count() const { return static_cast<std::int64_t>(nanos_.size()); }
  // Sorts the samples in place.
  LatencySummary Summarize();

 private:
  std::vector<std::int64_t> nanos_;
};

}  // namespace openflow::bench
