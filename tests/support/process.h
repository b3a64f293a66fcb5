#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace openflow::testing {

struct CommandResult {
  int exit_code = -1;  // -1: killed by a signal or did not run
  std::string out;
  std::string err;
};

// Runs `argv` to completion with `env` added to this process's environment
// and stdin closed; captures stdout and stderr.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env = {});

// A long-running child (e.g. openflow-exhook) whose stdout and stderr go to
// `log_path`. The destructor kills it (SIGKILL) if it still runs.
class ChildProcess {
 public:
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Spawn(
      const std::vector<std::string>& argv, const std::string& log_path,
      const std::map<std::string, std::string>& env = {});
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  bool Running();
  void Signal(int sig);
  // Waits up to `timeout` for exit; returns the exit code, or -1 if it was
  // killed by a signal, or nullopt-like -2 if it is still running.
  int Wait(absl::Duration timeout);

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_;
  bool reaped_ = false;
  int status_ = 0;
};

// Calls `done` every 20 ms until it returns true or `deadline` passes.
bool PollUntil(const std::function<bool()>& done, absl::Duration deadline);

std::string ReadFile(const std::string& path);
// A fresh directory under $TMPDIR (or /tmp), e.g. for a data dir.
std::string MakeTempDir(const std::string& prefix);

}  // namespace openflow::testing
