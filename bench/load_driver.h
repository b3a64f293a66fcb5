#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/latency.h"
#include "emqx/exhook/v3/exhook.grpc.pb.h"

namespace openflow::bench {

using Stub = ::emqx::exhook::v3::HookProvider::Stub;

// The connections the bench drives: `channels` separate HTTP/2 connections to
// one server (EMQX, too, keeps a pool of them). Stubs are thread-safe.
class Target {
 public:
  // Connects every channel to `address` (HOST:PORT); DeadlineExceeded if the
  // server does not accept them within `timeout`.
  static absl::StatusOr<std::unique_ptr<Target>> Connect(const std::string& address, int channels,
                                                         absl::Duration timeout);

  int size() const { return static_cast<int>(stubs_.size()); }
  Stub& stub(int i) { return *stubs_[static_cast<std::size_t>(i % size())]; }

 private:
  Target() = default;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<Stub>> stubs_;
};

enum class Outcome {
  kExpected,    // the RPC succeeded with the answer the scenario predicted
  kUnexpected,  // the RPC succeeded with another answer (the server is wrong)
  kFailed,      // the RPC failed (status not OK, deadline, connection lost)
};

// One RPC, made by a Scenario and started by the driver.
class Call {
 public:
  virtual ~Call() = default;
  // Starts the RPC on `cq` over `stub`; its completion carries `tag`, and may
  // reach another thread before Start returns.
  virtual void Start(Stub& stub, grpc::CompletionQueue& cq, void* tag) = 0;
  // Called once the completion queue returned the call's tag with `ok`.
  virtual Outcome Finish(bool ok) = 0;
};

// A kind of request the bench sends, with the answer it expects.
// NewCall() is called concurrently from the driver threads.
class Scenario {
 public:
  virtual ~Scenario() = default;
  // Short identifier, used as the key in the summary file.
  virtual std::string_view key() const = 0;
  // What the table shows.
  virtual std::string_view title() const = 0;
  // The next request, not yet started.
  virtual std::unique_ptr<Call> NewCall(absl::InsecureBitGen& rng) const = 0;
};

struct LoadOptions {
  int concurrency = 64;  // calls in flight at most, over all threads
  int threads = 1;       // client threads, each with its own completion queue
  absl::Duration duration = absl::Seconds(1);
  // Calls started per second over all threads, evenly spaced (open loop):
  // latency counts from the scheduled start, so a call that had to wait for a
  // free slot is charged for the wait. 0: closed loop, a new call as soon as
  // one finishes.
  double rate = 0;
};

struct LoadResult {
  std::int64_t expected = 0;
  std::int64_t unexpected = 0;
  std::int64_t failed = 0;
  absl::Duration elapsed;  // summed over the runs merged in
  // Every completed call, from when it was due (open loop) or sent (closed).
  LatencyRecorder latency;
  // The same from when it was handed to gRPC: leaves out how late the client
  // itself sent it (sleep overshoot, waiting for a slot or for a CPU).
  LatencyRecorder from_send;

  std::int64_t calls() const { return expected + unexpected + failed; }
  // Completed calls per second of elapsed time.
  double throughput() const;
  void Merge(const LoadResult& other);
};

// Runs `scenario` against every channel of `target` for `options.duration`,
// then waits for the calls still in flight.
LoadResult Drive(const Scenario& scenario, Target& target, const LoadOptions& options);

}  // namespace openflow::bench
