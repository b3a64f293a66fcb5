// openflow-exhook: EMQX ExHook server authenticating and authorizing MQTT
// clients against the Openflow credential mirror. Composition root: parses
// flags, builds the mirror, feed, policy and server, runs until SIGTERM.
#include <signal.h>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/args.h"
#include "common/database_url.h"
#include "common/hardening.h"
#include "common/identity.h"
#include "common/strings.h"
#include "exhook/core/policy.h"
#include "exhook/mirror/credential_mirror.h"
#include "exhook/mirror/pg_feed.h"
#include "exhook/service/server.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace {

constexpr char kUsage[] = R"(usage: openflow-exhook [flags]

EMQX ExHook server (emqx.exhook.v2 and v3 on one port) for Openflow MQTT.

  --listen HOST:PORT        where to serve gRPC (default 127.0.0.1:9000; port 0 = any free)
  --database-url URL        libpq connection string (default: $OPENFLOW_DATABASE_URL)
  --tenant-prefix PREFIX    mountpoint prefix before the project id (default openflow/)
  --max-staleness DURATION  how long to answer from the mirror while the database is
                            unreachable before denying everything (1s..24h, default 30s)
  --log-level LEVEL         trace|debug|info|warn|error (default info; debug logs every decision)
  --port-file FILE          write the bound port to FILE once serving gRPC
  --probe                   health-check the server at --listen and exit 0 if SERVING
  --help
)";

int Fail(const std::string& message) {
  std::cerr << "openflow-exhook: " << message << "\n";
  return 2;
}

int Probe(const std::string& listen) {
  auto hp = openflow::ParseHostPort(listen, "--listen");
  if (!hp.ok()) return Fail(std::string(hp.status().message()));
  std::string host = hp->host;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  const std::string target = absl::StrContains(host, ':') ? openflow::Cat("[", host, "]:", hp->port)
                                                          : openflow::Cat(host, ":", hp->port);
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  grpc::health::v1::HealthCheckRequest req;
  grpc::health::v1::HealthCheckResponse resp;
  const grpc::Status status = stub->Check(&ctx, req, &resp);
  if (!status.ok()) {
    std::cerr << "openflow-exhook: probe " << target << ": " << status.error_message() << "\n";
    return 1;
  }
  const bool serving = resp.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  std::cout << (serving ? "SERVING" : "NOT_SERVING") << "\n";
  return serving ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  // Debian's Abseil is built without NDEBUG, so every lock (gRPC's own too)
  // runs deadlock-cycle detection: 5-9% of server CPU in the bench's profile.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  auto args = openflow::ParseArgs(
      std::vector<std::string>(argv + 1, argv + argc),
      {{"listen", "database-url", "tenant-prefix", "max-staleness", "log-level", "port-file"},
       {"probe", "help"}});
  if (!args.ok()) return Fail(openflow::Cat(args.status().message(), "\n", kUsage));
  if (args->Has("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (!args->positional.empty()) {
    return Fail(openflow::Cat("unexpected argument \"", args->positional[0], "\"\n", kUsage));
  }
  const std::string listen = args->GetOr("listen", "127.0.0.1:9000");
  if (args->Has("probe")) return Probe(listen);

  const char* env_url = std::getenv("OPENFLOW_DATABASE_URL");
  const std::string database_url = args->GetOr("database-url", env_url ? env_url : "");
  if (database_url.empty()) {
    return Fail("--database-url: required (or set OPENFLOW_DATABASE_URL)");
  }
  if (auto s = openflow::ValidateDatabaseUrl(database_url, "--database-url"); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  const std::string tenant_prefix = args->GetOr("tenant-prefix", "openflow/");
  if (auto s = openflow::ValidateTenantPrefix(tenant_prefix); !s.ok())
    return Fail(std::string(s.message()));
  absl::Duration max_staleness;
  const std::string staleness_text = args->GetOr("max-staleness", "30s");
  if (!absl::ParseDuration(staleness_text, &max_staleness) || max_staleness < absl::Seconds(1) ||
      max_staleness > absl::Hours(24)) {
    return Fail(openflow::Cat("--max-staleness: expected a duration from 1s to 24h, got \"",
                              staleness_text, "\""));
  }
  const std::string level_name = args->GetOr("log-level", "info");
  const auto level = spdlog::level::from_str(level_name);
  if (level == spdlog::level::off && level_name != "off") {
    return Fail(openflow::Cat("--log-level: unknown level \"", level_name, "\""));
  }
  // Block the stop signals before any thread exists (threads inherit the
  // mask); one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // Log lines go through a queue to one writer thread: a request thread
  // never blocks on stdout, and under overload the oldest lines are dropped.
  spdlog::init_thread_pool(8192, 1);
  spdlog::set_default_logger(std::make_shared<spdlog::async_logger>(
      "openflow-exhook", std::make_shared<spdlog::sinks::stdout_color_sink_mt>(),
      spdlog::thread_pool(), spdlog::async_overflow_policy::overrun_oldest));
  spdlog::set_level(level);
  if (!openflow::DisableCoreDumps()) spdlog::warn("could not disable core dumps");


  openflow::CredentialMirror mirror(max_staleness);
  openflow::Policy policy(mirror, tenant_prefix);
  auto server = openflow::ExhookServer::Start(listen, policy);
  if (!server.ok()) return Fail(std::string(server.status().message()));
  if (auto port_file = args->Get("port-file")) {
    std::ofstream(*port_file) << (*server)->port() << "\n";
  }
  spdlog::info(
      "openflow-exhook listening on {} (port {}), tenant prefix \"{}\"; NOT_SERVING until "
      "credentials are loaded",
      listen, (*server)->port(), tenant_prefix);

  // Ping often enough that a healthy database never lets the mirror go stale.
  openflow::PgFeedOptions feed_options;
  feed_options.database_url = database_url;
  feed_options.ping_interval =
      std::clamp(max_staleness / 4, absl::Milliseconds(100), absl::Seconds(2));
  openflow::PgFeed feed(feed_options, mirror,
                        [&](bool serving) { (*server)->SetServing(serving); });
  feed.Start();

  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    spdlog::info("received {}, shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    (*server)->Shutdown(absl::Seconds(2));
  });
  (*server)->Wait();
  stopper.join();
  if (!feed.Stop()) {
    // Its thread is stuck in a database call and still uses the mirror:
    // leave without running destructors.
    spdlog::warn("database feed did not stop (stuck in a database call); exiting anyway");
    spdlog::info("stopped");
    spdlog::shutdown();
    std::_Exit(0);
  }
  spdlog::info("stopped");
  spdlog::shutdown();  // drains the log queue
  return 0;
}
