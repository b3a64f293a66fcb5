#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/credentials.h"
#include "bench/latency.h"
#include "bench/load_driver.h"

namespace openflow::bench {

struct RevocationOptions {
  int revokes = 200;
  // How long to wait for the server to see one change before giving up on it.
  absl::Duration give_up = absl::Seconds(5);
};

struct RevocationResult {
  // From just before COMMIT of `UPDATE ... SET revoked_at = now()` to the
  // arrival of the first OnClientAuthenticate answer that denies.
  LatencyRecorder revoke;
  // The same for undoing it (revoked_at = NULL) until the first allow.
  LatencyRecorder restore;
  int timeouts = 0;  // changes the server did not show within give_up
};

// Revokes `options.revokes` credentials of `set` one at a time, spread over
// the set, timing each until the server denies it, then restores it (so the
// database ends as it began). Each step first checks the credential is
// allowed. Polls with back-to-back blocking authenticates over `stub`.
// FailedPrecondition if a credential is not allowed before its revoke;
// Unavailable/Internal for database or RPC errors.
absl::StatusOr<RevocationResult> MeasureRevocation(const std::string& database_url, Stub& stub,
                                                   const CredentialSet& set,
                                                   const RevocationOptions& options);

}  // namespace openflow::bench
