#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/credentials.h"
#include "bench/load_driver.h"

namespace openflow::bench {

// The scenarios of the bench, over the emqx.exhook.v3 protocol, each with
// requests shaped as EMQX sends them and a credential picked uniformly at
// random from the whole set per call.

// The ceiling: OnClientConnected, a hook the server answers without any work,
// carrying the same ClientInfo as an authenticate (so the bytes match).
std::unique_ptr<Scenario> MakeCeilingScenario(CredentialSet set, std::string tenant_prefix);

// OnClientAuthenticate. With probability `bad_fraction` a call is a bad client,
// half of them with a wrong password and half with an unknown username, and
// expects a deny; every other call expects an allow.
std::unique_ptr<Scenario> MakeAuthenticateScenario(CredentialSet set, std::string tenant_prefix,
                                                   double bad_fraction);

// OnClientAuthorize of a publish (topic "devices/<name>/telemetry") or a
// subscribe ("devices/+/commands/#") at the credential's own mountpoint;
// expects an allow.
std::unique_ptr<Scenario> MakeAuthorizeScenario(CredentialSet set, std::string tenant_prefix,
                                                bool subscribe);

// The client id EMQX's mqtt.clientid_override gives a client of `username`:
// "<tenant_prefix><projectId>/<suffix>".
std::string NamespacedClientId(const std::string& tenant_prefix, const std::string& username,
                               const std::string& suffix);

// One blocking OnClientAuthenticate, with the client id as the broker would
// namespace it under the default tenant prefix "openflow/": true if the server
// allowed, false if it denied; the RPC's error if it failed or answered
// without a verdict.
absl::StatusOr<bool> Authenticate(Stub& stub, const std::string& username,
                                  const std::string& password, absl::Duration timeout);

}  // namespace openflow::bench
