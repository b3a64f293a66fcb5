#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "bench/latency.h"
#include "bench/load_driver.h"

namespace openflow::bench {

struct SuiteOptions {
  LoadOptions load;  // concurrency and threads; duration = each scenario's total time
  int rounds = 10;   // each scenario's time is cut into this many interleaved slices
  absl::Duration warmup = absl::Seconds(1);
  pid_t server_pid = 0;  // > 0: also report the server's CPU time per call
};

// The figures of one scenario.
struct ScenarioFigures {
  std::string key;
  std::string title;
  double throughput = 0;     // calls per second
  double ceiling_ratio = 0;  // throughput / the ceiling's
  double offered_rate = 0;   // open loop: calls per second asked for; 0: closed loop
  LatencySummary latency;
  LatencySummary from_send;     // the same, from when calls left the client
  double server_cpu_us = -1;    // server CPU time per call; -1: not measured
  double client_cpu_us = 0;     // this process's CPU time per call
  std::int64_t calls = 0;       // completed, whatever the outcome
  std::int64_t unexpected = 0;  // wrong answers
  std::int64_t failed = 0;      // failed RPCs
};

struct SuiteResult {
  std::vector<ScenarioFigures> rows;  // the closed-loop scenarios, then "auth_half"
  // Wrong answers or failed RPCs in any scenario, or one without a single call.
  bool HasErrors() const;
};

// Runs `ceiling`, `authenticate` and `more` closed loop, interleaved in
// `options.rounds` slices so that a change in the machine's load hits every
// scenario alike; then `authenticate` open loop at half its throughput, as
// scenario "auth_half". Every ratio is to the ceiling of the same run.
SuiteResult RunSuite(const Scenario& ceiling, const Scenario& authenticate,
                     const std::vector<const Scenario*>& more, Target& target,
                     const SuiteOptions& options);

// The human-readable table.
std::string FormatTable(const SuiteResult& result, bool with_server_cpu);
// "<key>.<figure>=<value>" lines for scripts (bench/run).
std::string FormatSummary(const SuiteResult& result);

}  // namespace openflow::bench
