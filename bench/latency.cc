#include "bench/latency.h"

#include <algorithm>
#include <cmath>

namespace openflow::bench {
namespace {

// Nearest rank of quantile `q` in `n` sorted samples (n > 0).
std::size_t Rank(double q, std::size_t n) {
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(n)));
  return std::clamp<std::size_t>(rank, 1, n) - 1;
}

}  // namespace

void LatencyRecorder::Merge(const LatencyRecorder& other) {
  nanos_.insert(nanos_.end(), other.nanos_.begin(), other.nanos_.end());
}

LatencySummary LatencyRecorder::Summarize() {
  LatencySummary out;
  out.count = count();
  if (nanos_.empty()) return out;
  std::sort(nanos_.begin(), nanos_.end());
  const auto at = [&](double q) { return absl::Nanoseconds(nanos_[Rank(q, nanos_.size())]); };
  out.p50 = at(0.50);
  out.p99 = at(0.99);
  out.p999 = at(0.999);
  out.max = absl::Nanoseconds(nanos_.back());
  return out;
}

}  // namespace openflow::bench
