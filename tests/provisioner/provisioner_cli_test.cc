// openflow-provisioner's credential and schema commands, as an operator runs
// them, against a real PostgreSQL.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "common/db_contract.h"
#include "tests/support/process.h"
#include "tests/support/throwaway_pg.h"

namespace openflow::testing {
namespace {

class ProvisionerCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto pg = ThrowawayPg::Start();
    ASSERT_TRUE(pg.ok()) << pg.status();
    pg_ = new ThrowawayPg(std::move(*pg));
  }
  static void TearDownTestSuite() { delete pg_; }
  void SetUp() override { ASSERT_EQ(Run({"db", "migrate"}).exit_code, 0); }

  CommandResult Run(std::vector<std::string> args, const std::string& data_dir = "") {
    std::vector<std::string> argv = {OPENFLOW_PROVISIONER_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--data-dir", data_dir.empty() ? data_dir_ : data_dir});
    return RunCommand(argv, {{"OPENFLOW_DATABASE_URL", pg_->url()}});
  }
  static std::string Line(const std::string& text, const std::string& key) {
    auto at = text.find(key);
    if (at == std::string::npos) return "";
    auto end = text.find('\n', at);
    return text.substr(at + key.size(), end - at - key.size());
  }

  static ThrowawayPg* pg_;
  std::string data_dir_ = MakeTempDir("openflow-cli");
};

ThrowawayPg* ProvisionerCliTest::pg_ = nullptr;

TEST_F(ProvisionerCliTest, MigrateIsIdempotent) {
  CommandResult again = Run({"db", "migrate"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, "schema up to date (version 1)\n");
}

TEST_F(ProvisionerCliTest, MigrateOnFreshDatabaseAppliesVersion1) {
  pqxx::connection conn(pg_->url());
  pqxx::nontransaction tx(conn);
  tx.exec("CREATE DATABASE fresh");
  std::string url = pg_->url();
  url.replace(url.rfind("/postgres"), 9, "/fresh");
  CommandResult r = RunCommand({OPENFLOW_PROVISIONER_BIN, "db", "migrate", "--database-url", url});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "schema migrated to version 1\n");
}

TEST_F(ProvisionerCliTest, CreatePrintsEnvFileLines) {
  CommandResult r = Run({"instance", "create", "--project", "p1", "--name", "env-lines"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Line(r.out, "OPENFLOW_MQTT_USERNAME="), "p1:env-lines");
  EXPECT_EQ(Line(r.out, "OPENFLOW_MQTT_PASSWORD=").size(), 32u);
}

TEST_F(ProvisionerCliTest, ShowPrintsTheCredentialsBlock) {
  CommandResult created = Run({"instance", "create", "--project", "p1", "--name", "shown"});
  ASSERT_EQ(created.exit_code, 0);
  CommandResult r = Run({"instance", "show", "--project", "p1", "--name", "shown"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Line(r.out, "host:          "), "localhost");
  EXPECT_EQ(Line(r.out, "port.mqtt:     "), "1883");
  EXPECT_EQ(Line(r.out, "port.mqtts:    "), "8883  (TLS)");
  EXPECT_EQ(Line(r.out, "username:      "), "p1:shown");
  EXPECT_EQ(Line(r.out, "password:      "), Line(created.out, "OPENFLOW_MQTT_PASSWORD="));
  EXPECT_EQ(Line(r.out, "topic_prefix:  ").substr(0, 12), "openflow/p1/");
  EXPECT_EQ(Line(r.out, "status:        "), "active");
}

TEST_F(ProvisionerCliTest, EnvPrintsInjectionLinesForTheBridge) {
  CommandResult created = Run({"instance", "create", "--project", "p1", "--name", "injected"});
  ASSERT_EQ(created.exit_code, 0);
  CommandResult r = Run({"instance", "env", "--project", "p1", "--name", "injected"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, created.out + "OPENFLOW_MQTT_HOST=openflow-emqx\nOPENFLOW_MQTT_PORT=1883\n");
}

TEST_F(ProvisionerCliTest, EnvFollowsAChangedBrokerPort) {
  ASSERT_EQ(Run({"instance", "create", "--project", "p1", "--name", "ported"}).exit_code, 0);
  CommandResult r =
      Run({"instance", "env", "--project", "p1", "--name", "ported", "--mqtt-port", "11883"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Line(r.out, "OPENFLOW_MQTT_PORT="), "11883");
}

TEST_F(ProvisionerCliTest, BadBrokerPortIsNamed) {
  CommandResult r =
      Run({"instance", "env", "--project", "p1", "--name", "any", "--mqtt-port", "99999"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "openflow-provisioner: --mqtt-port: expected a port from 1 to 65535, got \"99999\"\n");
}

TEST_F(ProvisionerCliTest, RotateChangesPasswordAndShowFollows) {
  CommandResult created = Run({"instance", "create", "--project", "p1", "--name", "rotated"});
  CommandResult rotated = Run({"instance", "rotate", "--project", "p1", "--name", "rotated"});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  const std::string pw = Line(rotated.out, "OPENFLOW_MQTT_PASSWORD=");
  EXPECT_NE(pw, Line(created.out, "OPENFLOW_MQTT_PASSWORD="));
  EXPECT_EQ(Line(Run({"instance", "show", "--project", "p1", "--name", "rotated"}).out,
                 "password:      "),
            pw);
}

TEST_F(ProvisionerCliTest, RevokeMarksRevokedAndEnvRefuses) {
  ASSERT_EQ(Run({"instance", "create", "--project", "p1", "--name", "revoked"}).exit_code, 0);
  CommandResult r = Run({"instance", "revoke", "--project", "p1", "--name", "revoked"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "instance p1/revoked revoked\n");
  EXPECT_EQ(Line(Run({"instance", "show", "--project", "p1", "--name", "revoked"}).out,
                 "status:        "),
            "revoked");
  CommandResult env = Run({"instance", "env", "--project", "p1", "--name", "revoked"});
  EXPECT_EQ(env.exit_code, 1);
  EXPECT_EQ(env.out, "");
}

TEST_F(ProvisionerCliTest, DuplicateNameIsOneClearLine) {
  ASSERT_EQ(Run({"instance", "create", "--project", "p1", "--name", "dup"}).exit_code, 0);
  CommandResult r = Run({"instance", "create", "--project", "p1", "--name", "dup"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "openflow-provisioner: project \"p1\" already has a credential named \"dup\"\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(ProvisionerCliTest, UnknownInstanceIsOneClearLine) {
  CommandResult r = Run({"instance", "rotate", "--project", "p1", "--name", "ghost"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "openflow-provisioner: no instance named \"ghost\" in project \"p1\"\n");
}

TEST_F(ProvisionerCliTest, BadProjectIdIsRefused) {
  for (const char* bad : {"a/b", "a+b", "a#b", "a:b", "a b"}) {
    CommandResult r = Run({"instance", "create", "--project", bad, "--name", "x"});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_EQ(r.err.find("openflow-provisioner: --project: may only contain"), 0u) << r.err;
  }
}

TEST_F(ProvisionerCliTest, DatabaseDownIsOneClearLine) {
  CommandResult r = RunCommand(
      {OPENFLOW_PROVISIONER_BIN, "instance", "create", "--project", "p1", "--name", "x",
       "--database-url", "postgresql://openflow@127.0.0.1:1/postgres", "--data-dir", data_dir_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.find("openflow-provisioner: database unreachable: "), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST_F(ProvisionerCliTest, DatabaseUrlAndPasswordNeverAppearInErrors) {
  for (const char* url : {"postgress://openflow:S3cretPW@127.0.0.1/postgres",
                          "postgresql://openflow:S3cretPW@127.0.0.1:1/postgres"}) {
    CommandResult r =
        RunCommand({OPENFLOW_PROVISIONER_BIN, "db", "migrate", "--database-url", url});
    EXPECT_NE(r.exit_code, 0) << url;
    EXPECT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find("S3cretPW"), std::string::npos) << r.err;
  }
}

TEST_F(ProvisionerCliTest, UnmigratedDatabaseSaysToMigrate) {
  pqxx::connection conn(pg_->url());
  pqxx::nontransaction(conn).exec("CREATE DATABASE empty_db");
  std::string url = pg_->url();
  url.replace(url.rfind("/postgres"), 9, "/empty_db");
  CommandResult r = RunCommand({OPENFLOW_PROVISIONER_BIN, "instance", "create", "--project", "p1",
                                "--name", "x", "--database-url", url, "--data-dir", data_dir_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("run `openflow-provisioner db migrate`"), std::string::npos) << r.err;
}

TEST_F(ProvisionerCliTest, DedicatedUserLivesInTheSameLookupPath) {
  CommandResult r = Run({"user", "create", "--project", "p1", "--name", "notifier"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Line(r.out, "OPENFLOW_MQTT_USERNAME="), "p1:notifier");
  pqxx::connection conn(pg_->url());
  pqxx::nontransaction tx(conn);
  const pqxx::result row = tx.exec_params(std::string(db::kSelectCredential), "p1:notifier");
  ASSERT_EQ(row.size(), 1u);
  // An instance can't take a user's name in the same project.
  EXPECT_EQ(Run({"instance", "create", "--project", "p1", "--name", "notifier"}).exit_code, 1);
}

// A database dump alone authenticates nobody: no column holds the password,
// and the sealed copy does not open without the data dir's key.
TEST_F(ProvisionerCliTest, DatabaseHoldsNoPlaintextAndSealNeedsTheKeyFile) {
  CommandResult r = Run({"instance", "create", "--project", "p1", "--name", "dumped"});
  const std::string pw = Line(r.out, "OPENFLOW_MQTT_PASSWORD=");
  pqxx::connection conn(pg_->url());
  pqxx::nontransaction tx(conn);
  const pqxx::result row =
      tx.exec("SELECT row_to_json(i)::text FROM instances i WHERE name = 'dumped'");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0].as<std::string>().find(pw), std::string::npos);
  CommandResult other = Run({"instance", "show", "--project", "p1", "--name", "dumped"},
                            MakeTempDir("openflow-other-key"));
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("does not open with this data dir's key"), std::string::npos);
}

TEST_F(ProvisionerCliTest, SchemaRefusesUnsafeProjectIdsEvenWithoutTheCli) {
  pqxx::connection conn(pg_->url());
  pqxx::nontransaction tx(conn);
  EXPECT_THROW(tx.exec("INSERT INTO instances (project_id, name, mqtt_username, password_verifier, "
                       "password_sealed) VALUES ('a/b', 'n', 'a/b:n', 'v', 's')"),
               pqxx::check_violation);
  EXPECT_THROW(tx.exec("INSERT INTO instances (project_id, name, mqtt_username, password_verifier, "
                       "password_sealed) VALUES ('p', 'n', 'q:n', 'v', 's')"),
               pqxx::check_violation);
}

// What the ExHook server reads (common/db_contract.h) matches the schema.
TEST_F(ProvisionerCliTest, ExhookQueriesRunAgainstTheSchema) {
  pqxx::connection conn(pg_->url());
  pqxx::nontransaction tx(conn);
  EXPECT_NO_THROW(tx.exec(std::string(db::kSelectAllCredentials)));
  EXPECT_NO_THROW(tx.exec_params(std::string(db::kSelectCredential), "p1:x"));
}

class Payloads : public pqxx::notification_receiver {
 public:
  Payloads(pqxx::connection_base& c, std::vector<std::string>& out)
      : pqxx::notification_receiver(c, std::string(db::kCredentialChannel)), out_(out) {}
  void operator()(const std::string& payload, int) override { out_.push_back(payload); }

 private:
  std::vector<std::string>& out_;
};

TEST_F(ProvisionerCliTest, ChangesNotifyWithTheUsernameNeverTheSecret) {
  pqxx::connection conn(pg_->url());
  std::vector<std::string> payloads;
  Payloads receiver(conn, payloads);
  CommandResult created = Run({"instance", "create", "--project", "p1", "--name", "notified"});
  CommandResult rotated = Run({"instance", "rotate", "--project", "p1", "--name", "notified"});
  ASSERT_EQ(Run({"instance", "revoke", "--project", "p1", "--name", "notified"}).exit_code, 0);
  ASSERT_TRUE(PollUntil(
      [&] {
        conn.get_notifs();
        return payloads.size() >= 3;
      },
      absl::Seconds(5)));
  EXPECT_EQ(payloads, (std::vector<std::string>{"p1:notified", "p1:notified", "p1:notified"}));
}

}  // namespace
}  // namespace openflow::testing
