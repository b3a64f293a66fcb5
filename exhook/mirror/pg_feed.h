#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <pqxx/connection>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "exhook/mirror/credential_mirror.h"

namespace openflow {

struct PgFeedOptions {
  std::string database_url;                         // any libpq connection string
  absl::Duration ping_interval = absl::Seconds(2);  // proof of life when idle
  absl::Duration retry_min = absl::Milliseconds(200);
  absl::Duration retry_max = absl::Seconds(5);
  int fetch_batch = 20000;  // rows per FETCH on a full load
};

// Keeps a CredentialMirror equal to the `instances` table: LISTEN first, then
// a full load; then every NOTIFY re-reads the named rows. Any error drops the
// connection; the next one does LISTEN + full resync again, with backoff.
// Runs on its own thread; nothing here is on the request path.
class PgFeed {
 public:
  // Called with true when the mirror becomes able to answer (first load,
  // recovery) and false when it stops (staleness exceeded).
  using ServingCallback = std::function<void(bool serving)>;

  PgFeed(PgFeedOptions options, CredentialMirror& mirror, ServingCallback on_serving);
  ~PgFeed();  // Stop()s

  void Start();
  // Asks both threads to stop and waits up to `grace` for them. Returns false
  // if the feed thread is stuck in a database call (a peer that accepts
  // packets but never answers); the caller must then end the process
  // without destroying the mirror.
  bool Stop(absl::Duration grace = absl::Seconds(3));

 private:
  void Run();
  // Watches the mirror's freshness and reports changes (health, log) on its
  // own thread, so a feed stuck in a call cannot keep reporting SERVING.
  void Watch();
  void RunOneConnection();
  // Full load of every credential into the mirror (replaces what it held).
  void LoadAll(pqxx::connection& conn);
  bool Stopping();
  // Sleeps up to `d`; returns false if Stop() was called.
  bool SleepFor(absl::Duration d);
  void UpdateServing();

  const PgFeedOptions options_;
  CredentialMirror& mirror_;
  const ServingCallback on_serving_;
  bool serving_ = false;    // only touched by the watch thread
  bool connected_ = false;  // only touched by the feed thread
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  int running_ ABSL_GUARDED_BY(mu_) = 0;  // threads not yet finished
  std::thread thread_;
  std::thread watcher_;
};

}  // namespace openflow
