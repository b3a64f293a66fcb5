// openflow-exhook under failure: the database going away and coming back,
// a database that is down at start, a port in use, bad flags, SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/exhook/exhook_process.h"
#include "tests/exhook/hook_client.h"
#include "tests/support/throwaway_pg.h"

namespace openflow::testing {
namespace {

constexpr absl::Duration kDeadline = absl::Seconds(15);

class ExhookResilienceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pg = ThrowawayPg::Start();
    ASSERT_TRUE(pg.ok()) << pg.status();
    pg_ = std::make_unique<ThrowawayPg>(std::move(*pg));
    ASSERT_EQ(Provisioner({"db", "migrate"}, pg_->url(), data_dir_).exit_code, 0);
  }

  std::pair<std::string, std::string> Create(const std::string& name) {
    CommandResult r = Provisioner({"instance", "create", "--project", "p1", "--name", name},
                                  pg_->url(), data_dir_);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto env = ParseEnvLines(r.out);
    return {env["OPENFLOW_MQTT_USERNAME"], env["OPENFLOW_MQTT_PASSWORD"]};
  }

  static bool Allows(const ExhookProcess& server, const std::pair<std::string, std::string>& c) {
    const HookAnswer a = MakeHookClient("v3", server.channel)->Authenticate(c.first, c.second);
    return a.rpc_ok && a.allow;
  }
  static bool Denies(const ExhookProcess& server, const std::pair<std::string, std::string>& c) {
    const HookAnswer a = MakeHookClient("v3", server.channel)->Authenticate(c.first, c.second);
    return a.rpc_ok && a.stop_and_return && a.has_bool && !a.allow;
  }

  std::string data_dir_ = MakeTempDir("openflow-data");
  std::unique_ptr<ThrowawayPg> pg_;
};

TEST_F(ExhookResilienceTest, KeepsAnsweringWhileDatabaseRestartsAndPicksUpLaterChanges) {
  const auto before = Create("before");
  auto server = ExhookProcess::Start(pg_->url(), {"--max-staleness", "5m"});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(PollUntil([&] { return Allows(*server, before); }, kDeadline)) << server->Log();

  ASSERT_TRUE(pg_->Stop().ok());
  // The mirror answers on its own while the database is gone.
  EXPECT_TRUE(Allows(*server, before));
  EXPECT_TRUE(PollUntil(
      [&] { return server->Log().find("database unreachable") != std::string::npos; }, kDeadline))
      << server->Log();
  EXPECT_TRUE(Allows(*server, before));

  ASSERT_TRUE(pg_->Restart().ok());
  // Changes made after the restart arrive: a new instance, and a revoke.
  const auto after = Create("after");
  EXPECT_TRUE(PollUntil([&] { return Allows(*server, after); }, kDeadline)) << server->Log();
  ASSERT_EQ(Provisioner({"instance", "revoke", "--project", "p1", "--name", "before"}, pg_->url(),
                        data_dir_)
                .exit_code,
            0);
  EXPECT_TRUE(PollUntil([&] { return Denies(*server, before); }, kDeadline)) << server->Log();
}

TEST_F(ExhookResilienceTest, RevokeRightAfterDatabaseRestartTakesEffect) {
  // The change lands while the feed is reconnecting (caught by the resync)
  // or just after (caught by NOTIFY); either way it must take effect.
  const auto victim = Create("victim");
  auto server = ExhookProcess::Start(pg_->url());
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(PollUntil([&] { return Allows(*server, victim); }, kDeadline));
  ASSERT_TRUE(pg_->Stop().ok());
  ASSERT_TRUE(pg_->Restart().ok());
  ASSERT_EQ(Provisioner({"instance", "revoke", "--project", "p1", "--name", "victim"}, pg_->url(),
                        data_dir_)
                .exit_code,
            0);
  EXPECT_TRUE(PollUntil([&] { return Denies(*server, victim); }, kDeadline)) << server->Log();
  // Denied because it is revoked, not because the mirror gave up.
  EXPECT_TRUE(PollUntil(
      [&] {
        return server->Log().find(
                   "username=p1:victim clientid=openflow/p1/client-1 verdict=deny "
                   "reason=credential revoked") != std::string::npos;
      },
      kDeadline))
      << server->Log();
}

TEST_F(ExhookResilienceTest, DeniesEverythingOnceStalenessBoundPassesAndRecovers) {
  const auto cred = Create("stale");
  auto server = ExhookProcess::Start(pg_->url(), {"--max-staleness", "1s"});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(PollUntil([&] { return Allows(*server, cred); }, kDeadline));
  // With the database up, a short bound must not flap: the feed pings well
  // within it. Health stays SERVING for more than twice the bound.
  ASSERT_TRUE(PollUntil([&] { return HealthStatus(server->channel) == "SERVING"; }, kDeadline));
  EXPECT_FALSE(PollUntil([&] { return HealthStatus(server->channel) != "SERVING"; },
                         absl::Milliseconds(2500)))
      << server->Log();
  EXPECT_EQ(server->Log().find("denying every request"), std::string::npos) << server->Log();

  ASSERT_TRUE(pg_->Stop().ok());
  EXPECT_TRUE(PollUntil([&] { return Denies(*server, cred); }, kDeadline)) << server->Log();
  EXPECT_TRUE(PollUntil([&] { return HealthStatus(server->channel) == "NOT_SERVING"; }, kDeadline));
  EXPECT_TRUE(PollUntil(
      [&] { return server->Log().find("denying every request") != std::string::npos; }, kDeadline))
      << server->Log();

  ASSERT_TRUE(pg_->Restart().ok());
  EXPECT_TRUE(PollUntil([&] { return Allows(*server, cred); }, kDeadline)) << server->Log();
  EXPECT_TRUE(PollUntil([&] { return HealthStatus(server->channel) == "SERVING"; }, kDeadline));
}

TEST_F(ExhookResilienceTest, TruncatedTableDeniesEveryoneWithoutRestart) {
  const auto cred = Create("truncated");
  auto server = ExhookProcess::Start(pg_->url());
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(PollUntil([&] { return Allows(*server, cred); }, kDeadline));
  CommandResult r = RunCommand({"psql", pg_->url(), "-c", "TRUNCATE instances"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(PollUntil([&] { return Denies(*server, cred); }, kDeadline)) << server->Log();
}

// A database that accepts packets but never answers (here: the feed's
// backend frozen with SIGSTOP) must not leave the server reporting SERVING,
// nor keep it from shutting down.
TEST_F(ExhookResilienceTest, FrozenDatabaseBackendTurnsNotServingAndDoesNotBlockShutdown) {
  const auto cred = Create("frozen");
  auto server = ExhookProcess::Start(pg_->url(), {"--max-staleness", "2s"});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(PollUntil([&] { return HealthStatus(server->channel) == "SERVING"; }, kDeadline));
  CommandResult pid =
      RunCommand({"psql", pg_->url(), "-tAc",
                  "SELECT pid FROM pg_stat_activity WHERE application_name = 'openflow-exhook'"});
  ASSERT_EQ(pid.exit_code, 0) << pid.err;
  const std::string backend = pid.out.substr(0, pid.out.find('\n'));
  ASSERT_FALSE(backend.empty()) << "feed connection not found in pg_stat_activity";
  ASSERT_EQ(RunCommand({"kill", "-STOP", backend}).exit_code, 0);

  EXPECT_TRUE(PollUntil([&] { return HealthStatus(server->channel) == "NOT_SERVING"; }, kDeadline))
      << server->Log();
  EXPECT_TRUE(Denies(*server, cred));
  server->process->Signal(SIGTERM);
  EXPECT_EQ(server->process->Wait(absl::Seconds(10)), 0) << server->Log();
  RunCommand({"kill", "-CONT", backend});
}

TEST(ExhookStartupTest, DatabaseDownAtStartIsNotServingAndDenies) {
  // Nothing listens on port 1.
  auto server = ExhookProcess::Start("postgresql://openflow@127.0.0.1:1/postgres");
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(HealthStatus(server->channel), "NOT_SERVING");
  const HookAnswer a = MakeHookClient("v2", server->channel)->Authenticate("p1:x", "pw");
  EXPECT_TRUE(a.rpc_ok && a.stop_and_return && a.has_bool && !a.allow);
  EXPECT_TRUE(PollUntil(
      [&] { return server->Log().find("database unreachable") != std::string::npos; }, kDeadline))
      << server->Log();
}

TEST(ExhookStartupTest, PortInUseFailsWithClearMessage) {
  auto first = ExhookProcess::Start("postgresql://openflow@127.0.0.1:1/postgres");
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string listen = "127.0.0.1:" + std::to_string(first->port);
  CommandResult r = RunCommand({OPENFLOW_EXHOOK_BIN, "--listen", listen, "--database-url",
                                "postgresql://openflow@127.0.0.1:1/postgres"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--listen " + listen + ": cannot listen: Address already in use"),
            std::string::npos)
      << r.err;
}

TEST(ExhookStartupTest, BadFlagValuesAreNamed) {
  const std::string url = "postgresql://x@127.0.0.1:1/postgres";
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{"--listen", "nonsense"}, "--listen: missing host or port"},
           {{"--listen", "127.0.0.1:99999"}, "--listen: port must be a number from 0 to 65535"},
           {{"--tenant-prefix", "openflow"}, "--tenant-prefix: expected topic levels"},
           {{"--tenant-prefix", "a/+/"}, "--tenant-prefix: expected topic levels"},
           {{"--max-staleness", "soon"}, "--max-staleness: expected a duration"},
           {{"--max-staleness", "inf"}, "--max-staleness: expected a duration from 1s to 24h"},
           {{"--max-staleness", "100ms"}, "--max-staleness: expected a duration from 1s to 24h"},
           {{"--log-level", "loud"}, "--log-level: unknown level \"loud\""},
           {{"--bogus", "1"}, "unknown flag --bogus"},
       }) {
    std::vector<std::string> argv = {OPENFLOW_EXHOOK_BIN, "--database-url", url};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    CommandResult r = RunCommand(argv);
    EXPECT_EQ(r.exit_code, 2) << c.args[0];
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
}

TEST(ExhookStartupTest, MalformedDatabaseUrlFailsAtStartWithoutLeakingIt) {
  CommandResult r = RunCommand(
      {OPENFLOW_EXHOOK_BIN, "--database-url", "postgress://openflow:S3cretPW@127.0.0.1/postgres"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--database-url: not a libpq connection string"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("S3cretPW"), std::string::npos) << r.err;
}

TEST(ExhookStartupTest, DatabasePasswordNeverReachesTheLog) {
  auto server = ExhookProcess::Start("postgresql://openflow:S3cretPW@127.0.0.1:1/postgres");
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(PollUntil(
      [&] { return server->Log().find("database unreachable") != std::string::npos; }, kDeadline));
  EXPECT_EQ(server->Log().find("S3cretPW"), std::string::npos) << server->Log();
}

TEST(ExhookStartupTest, MissingDatabaseUrlIsNamed) {
  CommandResult r = RunCommand({"env", "-u", "OPENFLOW_DATABASE_URL", OPENFLOW_EXHOOK_BIN});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--database-url: required"), std::string::npos) << r.err;
}

TEST(ExhookStartupTest, SigtermShutsDownCleanly) {
  auto server = ExhookProcess::Start("postgresql://openflow@127.0.0.1:1/postgres");
  ASSERT_TRUE(server.ok()) << server.status();
  server->process->Signal(SIGTERM);
  EXPECT_EQ(server->process->Wait(absl::Seconds(10)), 0) << server->Log();
  EXPECT_NE(server->Log().find("received SIGTERM, shutting down"), std::string::npos);
  EXPECT_NE(server->Log().find("stopped"), std::string::npos);
}

// Passwords pass through its memory: it must never write a core dump.
TEST(ExhookStartupTest, CoreDumpsAreDisabled) {
  auto server = ExhookProcess::Start("postgresql://openflow@127.0.0.1:1/postgres");
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string limits =
      ReadFile("/proc/" + std::to_string(server->process->pid()) + "/limits");
  const auto line = limits.substr(limits.find("Max core file size"), 60);
  EXPECT_NE(line.find(" 0                    0 "), std::string::npos) << line;
}

TEST(ExhookStartupTest, ProbeReportsNotServingThenExitCode) {
  auto server = ExhookProcess::Start("postgresql://openflow@127.0.0.1:1/postgres");
  ASSERT_TRUE(server.ok()) << server.status();
  CommandResult r = RunCommand(
      {OPENFLOW_EXHOOK_BIN, "--probe", "--listen", "127.0.0.1:" + std::to_string(server->port)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "NOT_SERVING\n");
}

}  // namespace
}  // namespace openflow::testing
