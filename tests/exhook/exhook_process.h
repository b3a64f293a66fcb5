#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "tests/support/process.h"

namespace openflow::testing {

// The real openflow-exhook binary, on a free loopback port, logging at debug
// to its own file.
struct ExhookProcess {
  std::unique_ptr<ChildProcess> process;
  int port = 0;
  std::string log_path;
  std::shared_ptr<grpc::Channel> channel;

  // Starts it and waits (up to 10 s) until it has bound its port.
  static absl::StatusOr<ExhookProcess> Start(const std::string& database_url,
                                             const std::vector<std::string>& extra_args = {});
  std::string Log() const { return ReadFile(log_path); }
};

// Runs openflow-provisioner with `args` plus --database-url and --data-dir.
CommandResult Provisioner(const std::vector<std::string>& args, const std::string& database_url,
                          const std::string& data_dir);

// Parses KEY=VALUE lines (the env file the provisioner prints).
std::map<std::string, std::string> ParseEnvLines(const std::string& text);

}  // namespace openflow::testing
