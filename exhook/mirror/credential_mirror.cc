#include "exhook/mirror/credential_mirror.h"

#include "common/strings.h"

#include <chrono>

namespace openflow {

absl::Time MonotonicNow() {
  return absl::FromUnixNanos(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count());
}

CredentialMirror::CredentialMirror(absl::Duration max_staleness, Clock clock)
    : max_staleness_(max_staleness), clock_(std::move(clock)) {}

bool CredentialMirror::fresh() const {
  return loaded() && absl::ToUnixNanos(clock_()) <= fresh_until_ns_.load(std::memory_order_acquire);
}

CredentialLookup CredentialMirror::Find(std::string_view username) const {
  CredentialLookup out;
  if (!fresh()) {
    out.status = CredentialLookup::Status::kUnavailable;
    return out;
  }
  absl::ReaderMutexLock lock(&mu_);
  auto it = entries_.find(ToAbsl(username));
  if (it == entries_.end()) {
    out.status = CredentialLookup::Status::kNotFound;
    return out;
  }
  out.status = CredentialLookup::Status::kFound;
  out.record = it->second;
  return out;
}

void CredentialMirror::ReplaceAll(Entries entries) {
  {
    absl::MutexLock lock(&mu_);
    entries_.swap(entries);
  }
  loaded_.store(true, std::memory_order_release);
  MarkFresh();
  // `entries` (the old map) is freed here, outside the lock.
}

void CredentialMirror::Upsert(std::string username, const CredentialRecord& record) {
  absl::MutexLock lock(&mu_);
  entries_.insert_or_assign(std::move(username), record);
}

void CredentialMirror::Erase(std::string_view username) {
  absl::MutexLock lock(&mu_);
  if (auto it = entries_.find(ToAbsl(username)); it != entries_.end()) entries_.erase(it);
}

void CredentialMirror::MarkFresh() {
  fresh_until_ns_.store(absl::ToUnixNanos(clock_() + max_staleness_), std::memory_order_release);
}

std::size_t CredentialMirror::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return entries_.size();
}

}  // namespace openflow
