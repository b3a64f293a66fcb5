#include "tests/exhook/exhook_process.h"

#include <sstream>

#include "common/strings.h"

namespace openflow::testing {

absl::StatusOr<ExhookProcess> ExhookProcess::Start(const std::string& database_url,
                                                   const std::vector<std::string>& extra_args) {
  ExhookProcess p;
  const std::string dir = MakeTempDir("openflow-exhook");
  p.log_path = dir + "/exhook.log";
  const std::string port_file = dir + "/port";
  std::vector<std::string> argv = {OPENFLOW_EXHOOK_BIN, "--listen",    "127.0.0.1:0",
                                   "--port-file",       port_file,     "--database-url",
                                   database_url,        "--log-level", "debug"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  auto child = ChildProcess::Spawn(argv, p.log_path);
  if (!child.ok()) return child.status();
  p.process = std::move(*child);
  const bool bound = PollUntil(
      [&] { return !ReadFile(port_file).empty() || !p.process->Running(); }, absl::Seconds(10));
  const std::string port_text = ReadFile(port_file);
  if (!bound || port_text.empty()) {
    return absl::UnavailableError(Cat("openflow-exhook did not start; log:\n", p.Log()));
  }
  p.port = std::stoi(port_text);
  p.channel = grpc::CreateChannel(Cat("127.0.0.1:", p.port), grpc::InsecureChannelCredentials());
  return p;
}

CommandResult Provisioner(const std::vector<std::string>& args, const std::string& database_url,
                          const std::string& data_dir) {
  std::vector<std::string> argv = {OPENFLOW_PROVISIONER_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--database-url", database_url, "--data-dir", data_dir});
  return RunCommand(argv);
}

std::map<std::string, std::string> ParseEnvLines(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

}  // namespace openflow::testing
