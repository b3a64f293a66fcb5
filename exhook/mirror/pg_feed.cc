#include "exhook/mirror/pg_feed.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <pqxx/pqxx>
#include <vector>

#include "common/database_url.h"
#include "common/db_contract.h"

namespace openflow {
namespace {

constexpr char kSelectOne[] = "select_credential";

class Collector : public pqxx::notification_receiver {
 public:
  Collector(pqxx::connection_base& c, std::vector<std::string>& out)
      : pqxx::notification_receiver(c, std::string(db::kCredentialChannel)), out_(out) {}
  void operator()(const std::string& payload, int) override { out_.push_back(payload); }

 private:
  std::vector<std::string>& out_;
};

// Parses one row's verifier; a row that does not parse is left out (so its
// user is denied) and logged by username only.
bool ToRecord(const std::string& username, const pqxx::field& verifier, const pqxx::field& revoked,
              CredentialRecord& out) {
  auto parsed = ParseVerifier(verifier.c_str());
  if (!parsed.ok()) {
    spdlog::warn("credential for {} has an unreadable password_verifier; it will be denied",
                 username);
    return false;
  }
  out.verifier = *parsed;
  out.revoked = revoked.as<bool>();
  return true;
}

}  // namespace

PgFeed::PgFeed(PgFeedOptions options, CredentialMirror& mirror, ServingCallback on_serving)
    : options_(std::move(options)), mirror_(mirror), on_serving_(std::move(on_serving)) {}

PgFeed::~PgFeed() { Stop(); }

void PgFeed::Start() {
  {
    absl::MutexLock lock(&mu_);
    running_ = 2;
  }
  const auto finished = [this] {
    absl::MutexLock lock(&mu_);
    --running_;
  };
  thread_ = std::thread([this, finished] {
    Run();
    finished();
  });
  watcher_ = std::thread([this, finished] {
    Watch();
    finished();
  });
}

bool PgFeed::Stop(absl::Duration grace) {
  bool all_done;
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
    auto done = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return running_ == 0; };
    all_done = mu_.AwaitWithTimeout(absl::Condition(&done), grace);
  }
  if (!all_done) {
    // The threads only touch members; the caller ends the process.
    if (thread_.joinable()) thread_.detach();
    if (watcher_.joinable()) watcher_.detach();
    return false;
  }
  if (thread_.joinable()) thread_.join();
  if (watcher_.joinable()) watcher_.join();
  return true;
}

void PgFeed::Watch() {
  while (SleepFor(absl::Milliseconds(100))) UpdateServing();
}

bool PgFeed::Stopping() {
  absl::MutexLock lock(&mu_);
  return stop_;
}

bool PgFeed::SleepFor(absl::Duration d) {
  absl::MutexLock lock(&mu_);
  auto stopped = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stop_; };
  mu_.AwaitWithTimeout(absl::Condition(&stopped), d);
  return !stop_;
}

void PgFeed::UpdateServing() {
  const bool now = mirror_.fresh();
  if (now == serving_) return;
  serving_ = now;
  if (now) {
    spdlog::info("credential mirror serving ({} credentials)", mirror_.size());
  } else {
    spdlog::error(
        "credential mirror stale for more than {}: denying every request until the database "
        "is reachable again",
        absl::FormatDuration(mirror_.max_staleness()));
  }
  on_serving_(now);
}

void PgFeed::Run() {
  absl::Duration backoff = options_.retry_min;
  bool reported_down = false;  // warn once per outage, not once per retry
  while (true) {
    if (Stopping()) return;
    try {
      RunOneConnection();
      return;  // only returns normally on Stop()
    } catch (const std::exception& e) {
      // Library messages can span lines; keep the first.
      std::string what = e.what();
      if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
      what = RedactDatabaseUrl(std::move(what), options_.database_url);
      if (connected_ || !reported_down) {
        spdlog::warn("database unreachable ({}); {}; retrying", what,
                     mirror_.loaded() ? "answering from the credential mirror for up to " +
                                            absl::FormatDuration(mirror_.max_staleness())
                                      : "denying everything until credentials are loaded");
        reported_down = true;
      } else {
        spdlog::debug("database still unreachable ({})", what);
      }
      if (connected_) backoff = options_.retry_min;
      connected_ = false;
    }
    if (!SleepFor(backoff)) return;
    backoff = std::min(backoff * 2, options_.retry_max);
  }
}

void PgFeed::LoadAll(pqxx::connection& conn) {
  const absl::Time started = MonotonicNow();
  CredentialMirror::Entries entries;
  {
    pqxx::work tx(conn, "load");
    // Sized once: growing the table in steps costs a rehash each and, at 1M
    // credentials, ~85 MiB of peak memory above the steady state.
    entries.reserve(tx.exec("SELECT count(*) FROM instances")[0][0].as<std::size_t>());
    tx.exec(std::string("DECLARE all_credentials NO SCROLL CURSOR FOR ") +
            std::string(db::kSelectAllCredentials));
    const std::string fetch =
        "FETCH " + std::to_string(options_.fetch_batch) + " FROM all_credentials";
    while (true) {
      const pqxx::result rows = tx.exec(fetch);
      if (rows.empty()) break;
      for (const auto& row : rows) {
        std::string username = row[0].c_str();
        CredentialRecord record;
        if (ToRecord(username, row[1], row[2], record))
          entries.emplace(std::move(username), record);
      }
    }
    tx.commit();
  }
  const std::size_t count = entries.size();
  mirror_.ReplaceAll(std::move(entries));
  spdlog::info("database connected; loaded {} credentials in {}", count,
               absl::FormatDuration(MonotonicNow() - started));
}

void PgFeed::RunOneConnection() {
  pqxx::connection conn(WithConnectionDefaults(options_.database_url, "openflow-exhook"));
  // A lost connection must go through our resync path, never pqxx 6's silent
  // reconnect (deprecated there because pqxx 7 dropped reconnecting).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  conn.inhibit_reactivation(true);
#pragma GCC diagnostic pop
  std::vector<std::string> pending;
  Collector collector(conn, pending);  // LISTEN before loading: no change can slip between
  conn.prepare(kSelectOne, std::string(db::kSelectCredential));

  LoadAll(conn);
  connected_ = true;

  absl::Time last_contact = MonotonicNow();
  while (true) {
    if (Stopping()) return;
    // Wakes on a notification or after 200 ms; throws if the connection broke.
    conn.await_notification(0, 200000);
    if (!pending.empty()) {
      std::vector<std::string> usernames;
      usernames.swap(pending);
      if (std::find(usernames.begin(), usernames.end(), "*") != usernames.end()) {
        LoadAll(conn);  // a TRUNCATE names no rows: reload everything
        usernames.clear();
      }
      pqxx::nontransaction tx(conn, "apply");
      for (const std::string& username : usernames) {
        const pqxx::result r = tx.exec_prepared(kSelectOne, username);
        CredentialRecord record;
        if (!r.empty() && ToRecord(username, r[0][0], r[0][1], record)) {
          mirror_.Upsert(username, record);
          spdlog::debug("credential {} updated{}", username, record.revoked ? " (revoked)" : "");
        } else {
          mirror_.Erase(username);
          spdlog::debug("credential {} removed", username);
        }
      }
      last_contact = MonotonicNow();
      mirror_.MarkFresh();
    } else if (MonotonicNow() - last_contact >= options_.ping_interval) {
      pqxx::nontransaction tx(conn, "ping");
      tx.exec("SELECT 1");
      last_contact = MonotonicNow();
      mirror_.MarkFresh();
    }
  }
}

}  // namespace openflow
