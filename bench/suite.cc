#include "bench/suite.h"

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_format.h"
#include "bench/process_cpu.h"
#include "common/strings.h"

namespace openflow::bench {
namespace {

// A scenario's merged runs and the CPU time they cost.
struct Tally {
  const Scenario* scenario;
  LoadResult load;
  absl::Duration server_cpu;
  absl::Duration client_cpu;
  bool server_cpu_known = true;
};

absl::Duration CpuOrZero(pid_t pid, bool& known) {
  auto cpu = ProcessCpuTime(pid);
  if (!cpu.ok()) known = false;
  return cpu.ok() ? *cpu : absl::ZeroDuration();
}

// Drives one slice and charges it, with the CPU time both sides used, to `tally`.
void RunSlice(Tally& tally, Target& target, const LoadOptions& load, pid_t server_pid) {
  bool known = server_pid > 0;
  const absl::Duration server_before = known ? CpuOrZero(server_pid, known) : absl::ZeroDuration();
  bool self_known = true;
  const absl::Duration client_before = CpuOrZero(getpid(), self_known);
  tally.load.Merge(Drive(*tally.scenario, target, load));
  tally.client_cpu += CpuOrZero(getpid(), self_known) - client_before;
  if (known) tally.server_cpu += CpuOrZero(server_pid, known) - server_before;
  tally.server_cpu_known = tally.server_cpu_known && known;
}

double PerCallMicros(absl::Duration cpu, std::int64_t calls) {
  return calls > 0 ? absl::ToDoubleMicroseconds(cpu) / static_cast<double>(calls) : 0;
}

ScenarioFigures Figures(Tally& tally, std::string key, std::string title) {
  ScenarioFigures f;
  f.key = std::move(key);
  f.title = std::move(title);
  f.throughput = tally.load.throughput();
  f.latency = tally.load.latency.Summarize();
  f.from_send = tally.load.from_send.Summarize();
  f.server_cpu_us =
      tally.server_cpu_known ? PerCallMicros(tally.server_cpu, tally.load.calls()) : -1;
  f.client_cpu_us = PerCallMicros(tally.client_cpu, tally.load.calls());
  f.calls = tally.load.calls();
  f.unexpected = tally.load.unexpected;
  f.failed = tally.load.failed;
  return f;
}

}  // namespace

bool SuiteResult::HasErrors() const {
  for (const ScenarioFigures& r : rows) {
    if (r.calls == 0 || r.unexpected > 0 || r.failed > 0) return true;
  }
  return false;
}

SuiteResult RunSuite(const Scenario& ceiling, const Scenario& authenticate,
                     const std::vector<const Scenario*>& more, Target& target,
                     const SuiteOptions& options) {
  std::vector<Tally> tallies = {{&ceiling, {}, {}, {}}, {&authenticate, {}, {}, {}}};
  for (const Scenario* s : more) tallies.push_back({s, {}, {}, {}});
  const pid_t server_pid = options.server_pid;

  LoadOptions slice = options.load;
  slice.rate = 0;
  if (options.warmup > absl::ZeroDuration()) {
    slice.duration = options.warmup;
    Drive(ceiling, target, slice);
  }
  const int rounds = std::max(options.rounds, 1);
  slice.duration = options.load.duration / rounds;
  for (int round = 0; round < rounds; ++round) {
    for (Tally& t : tallies) RunSlice(t, target, slice, server_pid);
  }

  SuiteResult out;
  for (Tally& t : tallies) {
    out.rows.push_back(
        Figures(t, std::string(t.scenario->key()), std::string(t.scenario->title())));
  }
  const double ceiling_throughput = out.rows[0].throughput;
  for (ScenarioFigures& f : out.rows) {
    f.ceiling_ratio = ceiling_throughput > 0 ? f.throughput / ceiling_throughput : 0;
  }

  // Half of the closed-loop maximum, open loop, in one piece.
  LoadOptions half = options.load;
  half.rate = out.rows[1].throughput / 2;
  Tally half_tally{&authenticate, {}, {}, {}};
  if (half.rate > 0) RunSlice(half_tally, target, half, server_pid);
  ScenarioFigures h =
      Figures(half_tally, "auth_half", Cat(authenticate.title(), " at half its max rate"));
  h.offered_rate = half.rate;
  h.ceiling_ratio = ceiling_throughput > 0 ? h.throughput / ceiling_throughput : 0;
  out.rows.push_back(std::move(h));
  return out;
}

std::string FormatTable(const SuiteResult& result, bool with_server_cpu) {
  std::string out = absl::StrFormat("%-44s %9s %8s %8s %8s %9s %10s %10s %7s %6s\n", "scenario",
                                    "calls/s", "of ceil", "p50 us", "p99 us", "p99.9 us",
                                    "srv us/call", "cli us/call", "wrong", "failed");
  for (const ScenarioFigures& f : result.rows) {
    const std::string server_cpu =
        with_server_cpu && f.server_cpu_us >= 0 ? absl::StrFormat("%.1f", f.server_cpu_us) : "-";
    out += absl::StrFormat(
        "%-44s %9.0f %7.1f%% %8.0f %8.0f %9.0f %10s %10.1f %7d %6d\n", f.title, f.throughput,
        100 * f.ceiling_ratio, absl::ToDoubleMicroseconds(f.latency.p50),
        absl::ToDoubleMicroseconds(f.latency.p99), absl::ToDoubleMicroseconds(f.latency.p999),
        server_cpu, f.client_cpu_us, f.unexpected, f.failed);
  }
  for (const ScenarioFigures& f : result.rows) {
    if (f.offered_rate <= 0) continue;
    out += absl::StrFormat(
        "%s: %.0f calls/s offered; latency from when each call left the client (not when it "
        "was due): p50 %.0f us, p99 %.0f us, p99.9 %.0f us\n",
        f.title, f.offered_rate, absl::ToDoubleMicroseconds(f.from_send.p50),
        absl::ToDoubleMicroseconds(f.from_send.p99), absl::ToDoubleMicroseconds(f.from_send.p999));
  }
  return out;
}

std::string FormatSummary(const SuiteResult& result) {
  std::string out;
  for (const ScenarioFigures& f : result.rows) {
    out += absl::StrFormat("%s.throughput=%.1f\n", f.key, f.throughput);
    out += absl::StrFormat("%s.ceiling_ratio=%.4f\n", f.key, f.ceiling_ratio);
    out += absl::StrFormat("%s.p50_us=%.1f\n", f.key, absl::ToDoubleMicroseconds(f.latency.p50));
    out += absl::StrFormat("%s.p99_us=%.1f\n", f.key, absl::ToDoubleMicroseconds(f.latency.p99));
    out += absl::StrFormat("%s.p999_us=%.1f\n", f.key, absl::ToDoubleMicroseconds(f.latency.p999));
    out += absl::StrFormat("%s.server_cpu_us=%.2f\n", f.key, f.server_cpu_us);
    out += absl::StrFormat("%s.client_cpu_us=%.2f\n", f.key, f.client_cpu_us);
    out += absl::StrFormat("%s.calls=%d\n", f.key, f.calls);
    out += absl::StrFormat("%s.wrong=%d\n", f.key, f.unexpected);
    out += absl::StrFormat("%s.failed=%d\n", f.key, f.failed);
    if (f.offered_rate > 0) {
      out += absl::StrFormat("%s.offered_rate=%.1f\n", f.key, f.offered_rate);
      out += absl::StrFormat("%s.from_send_p99_us=%.1f\n", f.key,
                             absl::ToDoubleMicroseconds(f.from_send.p99));
    }
  }
  return out;
}

}  // namespace openflow::bench
