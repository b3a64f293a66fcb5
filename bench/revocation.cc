#include "bench/revocation.h"

#include <pqxx/pqxx>

#include "bench/scenarios.h"
#include "common/strings.h"

namespace openflow::bench {
namespace {

constexpr absl::Duration kRpcTimeout = absl::Seconds(2);

// Sets or clears revoked_at of `username` in its own transaction and returns
// the time just before COMMIT.
absl::Time SetRevoked(pqxx::connection& conn, const std::string& username, bool revoked) {
  pqxx::work tx(conn, "bench-revoke");
  tx.exec_params(revoked ? "UPDATE instances SET revoked_at = now() WHERE mqtt_username = $1"
                         : "UPDATE instances SET revoked_at = NULL WHERE mqtt_username = $1",
                 username);
  const absl::Time before_commit = absl::Now();
  tx.commit();
  return before_commit;
}

// Authenticates until the verdict is `allow`; returns how long after `since`
// that answer arrived, or InfiniteDuration if none came within `give_up`.
absl::StatusOr<absl::Duration> WaitForVerdict(Stub& stub, const std::string& username,
                                              const std::string& password, bool allow,
                                              absl::Time since, absl::Duration give_up) {
  while (true) {
    auto verdict = Authenticate(stub, username, password, kRpcTimeout);
    if (!verdict.ok()) return verdict.status();
    const absl::Time now = absl::Now();
    if (*verdict == allow) return now - since;
    if (now - since > give_up) return absl::InfiniteDuration();
  }
}

}  // namespace

absl::StatusOr<RevocationResult> MeasureRevocation(const std::string& database_url, Stub& stub,
                                                   const CredentialSet& set,
                                                   const RevocationOptions& options) {
  RevocationResult out;
  try {
    pqxx::connection conn(database_url);
    const std::int64_t stride = std::max<std::int64_t>(1, set.count() / options.revokes);
    for (int k = 0; k < options.revokes; ++k) {
      const std::int64_t i = (k * stride) % set.count();
      const std::string username = set.Username(i);
      const std::string password = set.Password(i);
      auto before = Authenticate(stub, username, password, kRpcTimeout);
      if (!before.ok()) return before.status();
      if (!*before) {
        return absl::FailedPreconditionError(
            Cat("credential ", username, " is denied before its revoke"));
      }
      for (const bool revoke : {true, false}) {
        const absl::Time committed = SetRevoked(conn, username, revoke);
        auto delay =
            WaitForVerdict(stub, username, password, /*allow=*/!revoke, committed, options.give_up);
        if (!delay.ok()) return delay.status();
        if (*delay == absl::InfiniteDuration()) {
          ++out.timeouts;
          // Still wait for the restore to land so the next step starts clean.
          if (!revoke) {
            delay = WaitForVerdict(stub, username, password, true, absl::Now(), absl::Seconds(30));
            if (!delay.ok()) return delay.status();
          }
          continue;
        }
        (revoke ? out.revoke : out.restore).Record(*delay);
      }
    }
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(Cat("revocation: ", e.what()));
  } catch (const std::exception& e) {
    return absl::InternalError(Cat("revocation: ", e.what()));
  }
  return out;
}

}  // namespace openflow::bench
