// openflow-exhook-bench: load credentials into PostgreSQL, drive a running
// openflow-exhook with an async gRPC client, and measure revocation delay.
// Composition root: parses flags, builds the objects, prints the figures.
#include <sys/types.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "bench/credentials.h"
#include "bench/load_driver.h"
#include "bench/revocation.h"
#include "bench/scenarios.h"
#include "bench/suite.h"
#include "common/args.h"
#include "common/strings.h"

namespace {

constexpr char kUsage[] = R"(usage: openflow-exhook-bench COMMAND [flags]

  load    --database-url URL --count N [--seed S]
          COPY credentials 0..N-1 into the `instances` table of an empty,
          migrated database (before the server starts).
  run     --target HOST:PORT --count N [--seed S] [--seconds 10] [--rounds 10]
          [--concurrency 64] [--threads 1] [--channels 2] [--server-pid PID]
          [--tenant-prefix openflow/] [--summary FILE]
          Drive the server through every scenario and print the table.
  revoke  --target HOST:PORT --database-url URL --count N [--seed S]
          [--revokes 200] [--summary FILE]
          Time revocations from COMMIT to the first denied authenticate.

--count and --seed must match between load and the other commands. --summary
appends key=value lines for scripts. Exit status: 0 done, 1 the server gave a
wrong answer, failed RPCs or missed a change, 2 bad flags or setup errors.
)";

int Fail(const std::string& message) {
  std::cerr << "openflow-exhook-bench: " << message << "\n";
  return 2;
}

// Reads flag `name` as a number in [min, max], or `fallback` if absent.
template <typename T>
absl::StatusOr<T> NumberFlag(const openflow::ParsedArgs& args, const std::string& name, T fallback,
                             T min, T max) {
  const auto text = args.Get(name);
  if (!text) return fallback;
  T value{};
  bool parsed = false;
  if constexpr (std::is_floating_point_v<T>) {
    parsed = absl::SimpleAtod(*text, &value);
  } else {
    parsed = absl::SimpleAtoi(*text, &value);
  }
  if (!parsed || value < min || value > max) {
    return absl::InvalidArgumentError(openflow::Cat("--", name, ": expected a number from ", min,
                                                    " to ", max, ", got \"", *text, "\""));
  }
  return value;
}

absl::StatusOr<std::string> RequiredFlag(const openflow::ParsedArgs& args,
                                         const std::string& name) {
  auto value = args.Get(name);
  if (!value || value->empty())
    return absl::InvalidArgumentError(openflow::Cat("--", name, ": required"));
  return *value;
}

absl::StatusOr<openflow::bench::CredentialSet> CredentialsFromFlags(
    const openflow::ParsedArgs& args) {
  if (!args.Has("count")) return absl::InvalidArgumentError("--count: required");
  auto count = NumberFlag<std::int64_t>(args, "count", 0, 1, 100'000'000);
  if (!count.ok()) return count.status();
  auto seed = NumberFlag<std::uint64_t>(args, "seed", 1, 0, UINT64_MAX);
  if (!seed.ok()) return seed.status();
  return openflow::bench::CredentialSet(*seed, *count);
}

void AppendSummary(const openflow::ParsedArgs& args, const std::string& lines) {
  if (auto path = args.Get("summary")) std::ofstream(*path, std::ios::app) << lines;
}

int Load(const openflow::ParsedArgs& args) {
  auto url = RequiredFlag(args, "database-url");
  if (!url.ok()) return Fail(std::string(url.status().message()));
  auto set = CredentialsFromFlags(args);
  if (!set.ok()) return Fail(std::string(set.status().message()));
  const absl::Time started = absl::Now();
  auto rows = openflow::bench::LoadCredentials(*url, *set);
  if (!rows.ok()) return Fail(std::string(rows.status().message()));
  if (*rows != set->count()) {
    return Fail(openflow::Cat("expected ", set->count(),
                              " rows in instances after the load, found ", *rows,
                              " (was the table empty?)"));
  }
  std::cout << absl::StrFormat("loaded %d credentials in %s\n", *rows,
                               absl::FormatDuration(absl::Now() - started));
  return 0;
}

int Run(const openflow::ParsedArgs& args) {
  auto target_address = RequiredFlag(args, "target");
  if (!target_address.ok()) return Fail(std::string(target_address.status().message()));
  auto set = CredentialsFromFlags(args);
  if (!set.ok()) return Fail(std::string(set.status().message()));
  auto seconds = NumberFlag<double>(args, "seconds", 10, 0.1, 3600);
  auto rounds = NumberFlag<int>(args, "rounds", 10, 1, 1000);
  auto concurrency = NumberFlag<int>(args, "concurrency", 64, 1, 100000);
  auto threads = NumberFlag<int>(args, "threads", 1, 1, 64);
  auto channels = NumberFlag<int>(args, "channels", 2, 1, 64);
  auto server_pid = NumberFlag<int>(args, "server-pid", 0, 0, 1 << 30);
  for (const absl::Status& s : {seconds.status(), rounds.status(), concurrency.status(),
                                threads.status(), channels.status(), server_pid.status()}) {
    if (!s.ok()) return Fail(std::string(s.message()));
  }
  if (*threads > *concurrency) return Fail("--threads: may not exceed --concurrency");
  const std::string tenant_prefix = args.GetOr("tenant-prefix", "openflow/");

  auto target = openflow::bench::Target::Connect(*target_address, *channels, absl::Seconds(10));
  if (!target.ok()) return Fail(std::string(target.status().message()));

  using openflow::bench::MakeAuthenticateScenario;
  using openflow::bench::MakeAuthorizeScenario;
  const auto ceiling = openflow::bench::MakeCeilingScenario(*set, tenant_prefix);
  const auto auth_valid = MakeAuthenticateScenario(*set, tenant_prefix, 0);
  const auto auth_mixed = MakeAuthenticateScenario(*set, tenant_prefix, 0.5);
  const auto publish = MakeAuthorizeScenario(*set, tenant_prefix, /*subscribe=*/false);
  const auto subscribe = MakeAuthorizeScenario(*set, tenant_prefix, /*subscribe=*/true);

  openflow::bench::SuiteOptions options;
  options.load.concurrency = *concurrency;
  options.load.threads = *threads;
  options.load.duration = absl::Seconds(*seconds);
  options.rounds = *rounds;
  options.server_pid = static_cast<pid_t>(*server_pid);
  std::cout << absl::StrFormat(
      "%d credentials; %d in flight over %d channel(s), %d client thread(s); %.1f s per scenario "
      "in %d interleaved slices\n",
      set->count(), *concurrency, *channels, *threads, *seconds, *rounds);
  const auto result = openflow::bench::RunSuite(
      *ceiling, *auth_valid, {auth_mixed.get(), publish.get(), subscribe.get()}, **target, options);
  std::cout << openflow::bench::FormatTable(result, *server_pid > 0) << std::flush;
  AppendSummary(args, openflow::bench::FormatSummary(result));
  if (result.HasErrors()) {
    std::cerr << "openflow-exhook-bench: the server gave wrong answers, failed RPCs or answered "
                 "none (see the calls/s, wrong and failed columns)\n";
    return 1;
  }
  return 0;
}

int Revoke(const openflow::ParsedArgs& args) {
  auto target_address = RequiredFlag(args, "target");
  if (!target_address.ok()) return Fail(std::string(target_address.status().message()));
  auto url = RequiredFlag(args, "database-url");
  if (!url.ok()) return Fail(std::string(url.status().message()));
  auto set = CredentialsFromFlags(args);
  if (!set.ok()) return Fail(std::string(set.status().message()));
  auto revokes = NumberFlag<int>(args, "revokes", 200, 1, 100000);
  if (!revokes.ok()) return Fail(std::string(revokes.status().message()));

  auto target = openflow::bench::Target::Connect(*target_address, 1, absl::Seconds(10));
  if (!target.ok()) return Fail(std::string(target.status().message()));
  openflow::bench::RevocationOptions options;
  options.revokes = *revokes;
  auto result = openflow::bench::MeasureRevocation(*url, (*target)->stub(0), *set, options);
  if (!result.ok()) return Fail(std::string(result.status().message()));

  const auto ms = [](absl::Duration d) { return absl::ToDoubleMilliseconds(d); };
  auto revoke = result->revoke.Summarize();
  auto restore = result->restore.Summarize();
  std::cout << absl::StrFormat(
      "revocation delay over %d revokes (COMMIT to first denied authenticate): p50 %.2f ms, "
      "p99 %.2f ms, max %.2f ms\n"
      "restore delay (COMMIT of revoked_at = NULL to first allow): p50 %.2f ms, p99 %.2f ms\n",
      revoke.count, ms(revoke.p50), ms(revoke.p99), ms(revoke.max), ms(restore.p50),
      ms(restore.p99));
  AppendSummary(args, absl::StrFormat("revoke.count=%d\nrevoke.p50_ms=%.3f\nrevoke.p99_ms=%.3f\n"
                                      "revoke.max_ms=%.3f\nrevoke.timeouts=%d\n",
                                      revoke.count, ms(revoke.p50), ms(revoke.p99), ms(revoke.max),
                                      result->timeouts));
  if (result->timeouts > 0) {
    std::cerr << "openflow-exhook-bench: " << result->timeouts << " change(s) not seen within "
              << absl::FormatDuration(options.give_up) << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Debian builds Abseil without NDEBUG, so every absl::Mutex lock (gRPC's
  // included) would also update a global deadlock-detection graph: about 5%
  // of the CPU time of a call in a profile. A load generator needs none of it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  auto args = openflow::ParseArgs(
      std::vector<std::string>(argv + 1, argv + argc),
      {{"database-url", "count", "seed", "target", "seconds", "rounds", "concurrency", "threads",
        "channels", "server-pid", "tenant-prefix", "summary", "revokes"},
       {"help"}});
  if (!args.ok()) return Fail(openflow::Cat(args.status().message(), "\n", kUsage));
  if (args->Has("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (args->positional.size() != 1) return Fail(kUsage);
  const std::string& command = args->positional[0];
  if (command == "load") return Load(*args);
  if (command == "run") return Run(*args);
  if (command == "revoke") return Revoke(*args);
  return Fail(openflow::Cat("unknown command \"", command, "\"\n", kUsage));
}
