// openflow-exhook-bench against the real openflow-exhook and a real
// PostgreSQL: it must agree with a correct server on every verdict, and must
// fail when the server's answers are not the ones it expects. Timings are
// printed by the bench, never checked here.
#include <gtest/gtest.h>

#include <optional>

#include "absl/strings/match.h"
#include "bench/credentials.h"
#include "common/strings.h"
#include "tests/exhook/exhook_process.h"
#include "tests/exhook/hook_client.h"
#include "tests/support/process.h"
#include "tests/support/throwaway_pg.h"

namespace openflow::testing {
namespace {

constexpr absl::Duration kDeadline = absl::Seconds(20);
constexpr char kCount[] = "300";

CommandResult Bench(std::vector<std::string> args) {
  args.insert(args.begin(), OPENFLOW_BENCH_BIN);
  return RunCommand(args);
}

class BenchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto pg = ThrowawayPg::Start();
    ASSERT_TRUE(pg.ok()) << pg.status();
    pg_.emplace(std::move(*pg));
    const CommandResult migrate =
        RunCommand({OPENFLOW_PROVISIONER_BIN, "db", "migrate", "--database-url", pg_->url()});
    ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
    const CommandResult load =
        Bench({"load", "--database-url", pg_->url(), "--count", kCount, "--seed", "1"});
    ASSERT_EQ(load.exit_code, 0) << load.err;
    auto server = ExhookProcess::Start(pg_->url());
    ASSERT_TRUE(server.ok()) << server.status();
    server_.emplace(std::move(*server));
    ASSERT_TRUE(PollUntil([] { return HealthStatus(server_->channel) == "SERVING"; }, kDeadline))
        << server_->Log();
  }
  static void TearDownTestSuite() {
    server_.reset();
    pg_.reset();
  }

  static std::string Target() { return Cat("127.0.0.1:", server_->port); }

  static inline std::optional<ThrowawayPg> pg_;
  static inline std::optional<ExhookProcess> server_;
};

TEST_F(BenchTest, RunAgreesWithTheServerOnEveryScenario) {
  const CommandResult r = Bench({"run", "--target", Target(), "--count", kCount, "--seed", "1",
                                 "--seconds", "0.5", "--rounds", "1", "--concurrency", "4"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* row :
       {"ceiling: OnClientConnected", "authenticate, valid", "authenticate, 50% bad clients",
        "authorize publish", "authorize subscribe", "at half its max rate"}) {
    EXPECT_TRUE(absl::StrContains(r.out, row)) << row << " missing from:\n" << r.out;
  }
}

TEST_F(BenchTest, RunFailsWhenTheServerDeniesWhatItShouldAllow) {
  // Seed 2's passwords are not the ones loaded: every "valid" login is denied.
  const CommandResult r = Bench({"run", "--target", Target(), "--count", kCount, "--seed", "2",
                                 "--seconds", "0.3", "--rounds", "1", "--concurrency", "4"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "wrong answers")) << r.err;
}

TEST_F(BenchTest, RunFailsWhenNoServerAnswers) {
  const CommandResult r = Bench(
      {"run", "--target", "127.0.0.1:1", "--count", kCount, "--seconds", "0.3", "--rounds", "1"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "cannot connect")) << r.err;
}

TEST_F(BenchTest, RevokeTimesEveryRevocationAndRestoresTheCredential) {
  const CommandResult r = Bench({"revoke", "--target", Target(), "--database-url", pg_->url(),
                                 "--count", kCount, "--seed", "1", "--revokes", "3"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(absl::StrContains(r.out, "over 3 revokes")) << r.out;
  // The first credential was revoked and restored: it logs in again.
  const bench::CredentialSet set(1, std::stoi(kCount));
  const HookAnswer answer =
      MakeHookClient("v3", server_->channel)->Authenticate(set.Username(0), set.Password(0));
  EXPECT_TRUE(answer.rpc_ok && answer.allow) << answer.rpc_error;
}

}  // namespace
}  // namespace openflow::testing
