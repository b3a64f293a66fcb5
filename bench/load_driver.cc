#include "bench/load_driver.h"

#include <algorithm>
#include <thread>

#include "absl/synchronization/mutex.h"

#include "common/strings.h"

namespace openflow::bench {
namespace {

// One slot for a call in flight; its address is the completion queue tag.
struct Slot {
  std::unique_ptr<Call> call;
  absl::Time began;  // when the call was sent or, open loop, due
  absl::Time sent;
};

// Charges the finished call in `slot` to `out` and empties the slot.
void Account(Slot& slot, bool ok, absl::Time done, LoadResult& out) {
  switch (slot.call->Finish(ok)) {
    case Outcome::kExpected:
      ++out.expected;
      break;
    case Outcome::kUnexpected:
      ++out.unexpected;
      break;
    case Outcome::kFailed:
      ++out.failed;
      break;
  }
  out.latency.Record(done - slot.began);
  out.from_send.Record(done - slot.sent);
  slot.call.reset();
}

// Closed loop on one thread with its own completion queue: keeps
// `concurrency` calls in flight, starting the next one from the thread that
// saw the last one finish.
LoadResult DriveClosedLoop(const Scenario& scenario, Target& target, int first_channel,
                           int concurrency, absl::Time start, absl::Time end, std::uint64_t seed) {
  LoadResult out;
  absl::InsecureBitGen rng(std::seed_seq{seed});
  grpc::CompletionQueue cq;
  std::vector<Slot> slots(static_cast<std::size_t>(concurrency));
  int next_channel = first_channel;
  const auto start_call = [&](Slot& slot) {
    slot.call = scenario.NewCall(rng);
    slot.began = slot.sent = absl::Now();
    slot.call->Start(target.stub(next_channel++), cq, &slot);
  };
  for (Slot& slot : slots) start_call(slot);
  int in_flight = concurrency;
  absl::Time last_done = start;
  while (in_flight > 0) {
    void* tag = nullptr;
    bool ok = false;
    // Every call has a deadline, so this returns.
    if (!cq.Next(&tag, &ok)) break;
    Slot* slot = static_cast<Slot*>(tag);
    last_done = absl::Now();
    Account(*slot, ok, last_done, out);
    if (last_done < end) {
      start_call(*slot);
    } else {
      --in_flight;
    }
  }
  out.elapsed = last_done - start;
  cq.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq.Next(&tag, &ok)) {
  }
  return out;
}

// Open loop: this thread starts a call every 1/rate s, sleeping in between
// (the completion queue's own timeouts have millisecond granularity, too
// coarse at thousands of calls per second); a second thread takes the
// completions. A call that finds no free slot waits for one, and since its
// latency counts from when it was due, the wait is charged to it.
LoadResult DriveOpenLoop(const Scenario& scenario, Target& target, int first_channel,
                         int concurrency, double rate, absl::Time start, absl::Time end,
                         std::uint64_t seed) {
  LoadResult out;  // written by the poller only, until it is joined
  absl::InsecureBitGen rng(std::seed_seq{seed});
  grpc::CompletionQueue cq;
  std::vector<Slot> slots(static_cast<std::size_t>(concurrency));
  absl::Mutex mu;
  std::vector<Slot*> idle;  // guarded by mu
  for (Slot& slot : slots) idle.push_back(&slot);
  absl::Time last_done = start;  // written by the poller only

  std::thread poller([&] {
    void* tag = nullptr;
    bool ok = false;
    while (cq.Next(&tag, &ok)) {
      Slot* slot = static_cast<Slot*>(tag);
      last_done = absl::Now();
      Account(*slot, ok, last_done, out);
      absl::MutexLock lock(&mu);
      idle.push_back(slot);
    }
  });

  const auto has_idle = [&idle]() { return !idle.empty(); };
  const auto all_idle = [&idle, &slots]() { return idle.size() == slots.size(); };
  int next_channel = first_channel;
  const absl::Duration interval = absl::Seconds(1) / rate;
  for (absl::Time due = start; due < end; due += interval) {
    std::unique_ptr<Call> call = scenario.NewCall(rng);
    if (const absl::Duration wait = due - absl::Now(); wait > absl::ZeroDuration()) {
      absl::SleepFor(wait);
    }
    Slot* slot = nullptr;
    {
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(&has_idle));
      slot = idle.back();
      idle.pop_back();
    }
    slot->began = due;
    slot->call = std::move(call);
    slot->sent = absl::Now();
    slot->call->Start(target.stub(next_channel++), cq, slot);
  }
  {
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(&all_idle));
  }
  cq.Shutdown();
  poller.join();
  out.elapsed = last_done - start;
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Target>> Target::Connect(const std::string& address, int channels,
                                                        absl::Duration timeout) {
  std::unique_ptr<Target> t(new Target());
  const auto deadline = absl::ToChronoTime(absl::Now() + timeout);
  for (int i = 0; i < std::max(channels, 1); ++i) {
    grpc::ChannelArguments args;
    // A subchannel pool per channel: otherwise equal channels share one
    // connection and the pool would be one HTTP/2 connection.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto channel = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
    if (!channel->WaitForConnected(deadline)) {
      return absl::DeadlineExceededError(
          Cat("cannot connect to ", address, " within ", absl::FormatDuration(timeout)));
    }
    t->stubs_.push_back(::emqx::exhook::v3::HookProvider::NewStub(channel));
    t->channels_.push_back(std::move(channel));
  }
  return t;
}

double LoadResult::throughput() const {
  const double seconds = absl::ToDoubleSeconds(elapsed);
  return seconds > 0 ? static_cast<double>(calls()) / seconds : 0;
}

void LoadResult::Merge(const LoadResult& other) {
  expected += other.expected;
  unexpected += other.unexpected;
  failed += other.failed;
  elapsed += other.elapsed;
  latency.Merge(other.latency);
  from_send.Merge(other.from_send);
}

LoadResult Drive(const Scenario& scenario, Target& target, const LoadOptions& options) {
  const int threads = std::max(options.threads, 1);
  const absl::Time start = absl::Now();
  const absl::Time end = start + options.duration;
  std::vector<LoadResult> results(static_cast<std::size_t>(threads));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    // Spread the slots: thread t gets concurrency / threads, the first ones one more.
    const int share = options.concurrency / threads + (t < options.concurrency % threads ? 1 : 0);
    workers.emplace_back([&, t, share] {
      const auto seed = static_cast<std::uint64_t>(absl::ToUnixNanos(start)) + t;
      results[static_cast<std::size_t>(t)] =
          options.rate > 0
              ? DriveOpenLoop(scenario, target, t, share, options.rate / threads, start, end, seed)
              : DriveClosedLoop(scenario, target, t, share, start, end, seed);
    });
  }
  for (std::thread& w : workers) w.join();
  // Threads ran side by side: the elapsed time is the longest, not the sum.
  LoadResult out;
  absl::Duration longest;
  for (const LoadResult& r : results) {
    longest = std::max(longest, r.elapsed);
    out.Merge(r);
  }
  out.elapsed = longest;
  return out;
}

}  // namespace openflow::bench
