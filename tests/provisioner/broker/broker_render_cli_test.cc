// `openflow-provisioner broker render` as a user runs it: what it writes to
// the data dir, what it prints, and that a refused flag writes nothing.
#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/strings.h"
#include "tests/support/process.h"

namespace openflow::broker {
namespace {

using openflow::testing::CommandResult;
using openflow::testing::MakeTempDir;
using openflow::testing::ReadFile;
using openflow::testing::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;

CommandResult Render(const std::string& data_dir, std::vector<std::string> flags = {}) {
  std::vector<std::string> argv = {OPENFLOW_PROVISIONER_BIN, "broker", "render", "--data-dir",
                                   data_dir};
  argv.insert(argv.end(), flags.begin(), flags.end());
  return RunCommand(argv);
}

// The path after "wrote " in render's output.
std::string WrittenPath(const std::string& out) {
  const auto start = out.find("wrote ");
  if (start == std::string::npos) return "";
  return out.substr(start + 6, out.find(' ', start + 6) - start - 6);
}

TEST(BrokerRenderCliTest, WritesTheConfigUnderItsHashAndSaysWhereTheSecretsAre) {
  const std::string data = MakeTempDir("broker-render") + "/data";
  const CommandResult run = Render(data);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string path = WrittenPath(run.out);
  EXPECT_THAT(path, HasSubstr(data + "/emqx/emqx-"));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_THAT(run.out, HasSubstr("created a self-signed TLS certificate"));
  EXPECT_THAT(run.out, HasSubstr("password in " + data + "/emqx/dashboard-password"));
  const std::string password = ReadFile(data + "/emqx/dashboard-password");
  ASSERT_GT(password.size(), 30u);
  EXPECT_THAT(run.out + run.err, Not(HasSubstr(password.substr(0, 30))));
  EXPECT_THAT(ReadFile(path), HasSubstr("default_password = \"" + password.substr(0, 30)));
}

TEST(BrokerRenderCliTest, SameFlagsGiveTheSameFileAndAChangeReplacesIt) {
  const std::string data = MakeTempDir("broker-render");
  const std::string first = WrittenPath(Render(data).out);
  const CommandResult again = Render(data);
  EXPECT_EQ(WrittenPath(again.out), first);
  EXPECT_THAT(again.out, Not(HasSubstr("created a self-signed")));
  const std::string changed = WrittenPath(Render(data, {"--mqtt-port", "1884"}).out);
  EXPECT_NE(changed, first);
  EXPECT_NE(::access(first.c_str(), F_OK), 0) << "not live, so pruned";
  EXPECT_EQ(::access(changed.c_str(), F_OK), 0);
}

TEST(BrokerRenderCliTest, RefusedFlagWritesNothing) {
  const std::string data = MakeTempDir("broker-render") + "/data";
  const CommandResult run = Render(data, {"--mqtt-port", "70000"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "openflow-provisioner: --mqtt-port: 70000 out of range 1..65535\n");
  EXPECT_EQ(run.out, "");
  EXPECT_NE(::access(data.c_str(), F_OK), 0);
}

TEST(BrokerRenderCliTest, MissingCertificateFileWritesNothing) {
  const std::string data = MakeTempDir("broker-render") + "/data";
  const CommandResult run =
      Render(data, {"--tls-cert", "/nonexistent/tls.crt", "--tls-key", "/nonexistent/tls.key"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "openflow-provisioner: --tls-cert: file not found: /nonexistent/tls.crt\n");
  EXPECT_NE(::access(data.c_str(), F_OK), 0);
}

TEST(BrokerRenderCliTest, UnknownVerbIsAUsageError) {
  const CommandResult run =
      RunCommand({OPENFLOW_PROVISIONER_BIN, "broker", "restart", "--data-dir", "/nonexistent"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("unknown command `broker restart`"));
}

}  // namespace
}  // namespace openflow::broker
