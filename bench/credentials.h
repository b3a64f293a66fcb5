#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace openflow::bench {

// The bench's credentials, derived from (seed, index) so the loader and the
// client agree without sharing a file. Credential i (0 <= i < count) is in
// the database; any index >= count names a username that is not.
//
//   project id  "bench<i / 10>"        (ten credentials per project)
//   username    "bench<i / 10>:mqtt-<i>"
//   password    32 lowercase hex characters (the length of a real one)
class CredentialSet {
 public:
  CredentialSet(std::uint64_t seed, std::int64_t count) : seed_(seed), count_(count) {}

  std::int64_t count() const { return count_; }
  std::string ProjectId(std::int64_t i) const;
  std::string Name(std::int64_t i) const;
  std::string Username(std::int64_t i) const;
  std::string Password(std::int64_t i) const;
  // A password that differs from Password(i) in its last character only.
  std::string WrongPassword(std::int64_t i) const;
  // "<tenant_prefix><ProjectId(i)>/": where the broker mounts credential i.
  std::string Mountpoint(std::int64_t i, std::string_view tenant_prefix) const;

 private:
  std::uint64_t seed_;
  std::int64_t count_;
};

// Inserts credentials [0, set.count()) into the `instances` table of an
// empty, migrated database with one COPY, and returns how many rows went in.
// Row triggers are skipped for the load (session_replication_role = replica),
// so it queues no notifications: load before starting the server.
// `password_sealed` gets a filler of a real sealed value's length (the ExHook
// server never reads it). Unavailable/Internal with the database's message.
absl::StatusOr<std::int64_t> LoadCredentials(const std::string& database_url,
                                             const CredentialSet& set);

}  // namespace openflow::bench
