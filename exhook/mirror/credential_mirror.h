#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "exhook/core/credential_source.h"

namespace openflow {

// All credentials, in memory, keyed by MQTT username. Written by one feed
// (see PgFeed), read by every request thread without any I/O.
//
// Freshness: the feed calls MarkFresh() whenever it has proof its data is
// current (a load, a notification, a ping). Find() answers kUnavailable
// before the first load, and once `max_staleness` has passed since the last
// MarkFresh(): a mirror that cannot vouch for its data denies everything.
// A monotonic clock as absl::Time (only differences are meaningful): a
// wall-clock step backwards must not extend how long stale data is served.
absl::Time MonotonicNow();

class CredentialMirror : public CredentialSource {
 public:
  using Clock = std::function<absl::Time()>;
  using Entries = absl::flat_hash_map<std::string, CredentialRecord>;

  explicit CredentialMirror(absl::Duration max_staleness, Clock clock = &MonotonicNow);

  CredentialLookup Find(std::string_view username) const override;

  // Replaces everything (a full load or resync) and marks the mirror fresh.
  void ReplaceAll(Entries entries);
  void Upsert(std::string username, const CredentialRecord& record);
  void Erase(std::string_view username);
  void MarkFresh();

  bool loaded() const { return loaded_.load(std::memory_order_acquire); }
  // True if loaded and within max_staleness of the last MarkFresh().
  bool fresh() const;
  std::size_t size() const;
  absl::Duration max_staleness() const { return max_staleness_; }

 private:
  const absl::Duration max_staleness_;
  const Clock clock_;
  std::atomic<bool> loaded_{false};
  std::atomic<std::int64_t> fresh_until_ns_{0};
  mutable absl::Mutex mu_;
  Entries entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace openflow
