// openflow-exhook end to end: the real binary, a real PostgreSQL, credentials
// made by the real provisioner CLI, and a gRPC client playing EMQX over both
// emqx.exhook.v2 and emqx.exhook.v3.
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/exhook/exhook_process.h"
#include "tests/exhook/hook_client.h"
#include "tests/support/throwaway_pg.h"

namespace openflow::testing {
namespace {

constexpr absl::Duration kDeadline = absl::Seconds(10);

// A real deny: the RPC worked and the verdict is an explicit STOP_AND_RETURN false.
bool IsDeny(const HookAnswer& a) { return a.rpc_ok && a.stop_and_return && a.has_bool && !a.allow; }

struct Credential {
  std::string username;
  std::string password;
};

// One PostgreSQL and one server for the whole suite; tests use their own
// instance names so they do not interfere.
class ExhookServerTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    auto pg = ThrowawayPg::Start();
    ASSERT_TRUE(pg.ok()) << pg.status();
    pg_ = new ThrowawayPg(std::move(*pg));
    data_dir_ = new std::string(MakeTempDir("openflow-data"));
    const CommandResult migrated = Provisioner({"db", "migrate"}, pg_->url(), *data_dir_);
    ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
    auto server = ExhookProcess::Start(pg_->url());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = new ExhookProcess(std::move(*server));
    ASSERT_TRUE(PollUntil([] { return HealthStatus(server_->channel) == "SERVING"; }, kDeadline))
        << server_->Log();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete pg_;
    delete data_dir_;
  }

  std::unique_ptr<HookClient> Client() { return MakeHookClient(GetParam(), server_->channel); }

  // Creates an instance named after the test and version, in `project`, and
  // waits until the server's mirror has it (it arrives by NOTIFY).
  Credential Create(const std::string& project, const std::string& suffix = "") {
    const std::string name = Name(suffix);
    CommandResult r = Provisioner({"instance", "create", "--project", project, "--name", name},
                                  pg_->url(), *data_dir_);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto env = ParseEnvLines(r.out);
    Credential c{env["OPENFLOW_MQTT_USERNAME"], env["OPENFLOW_MQTT_PASSWORD"]};
    EXPECT_EQ(c.username, project + ":" + name);
    EXPECT_EQ(c.password.size(), 32u);
    EXPECT_TRUE(EventuallyAuthenticates(c, true)) << "never admitted: " << c.username;
    return c;
  }
  // "<TestName>[suffix]-<version>": unique per test and protocol.
  std::string Name(const std::string& suffix = "") {
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    test = test.substr(0, std::min<std::size_t>(test.find('/'), 40));
    return test + suffix + "-" + GetParam();
  }
  // Waits until authenticate's verdict is `allow` (changes arrive by NOTIFY).
  bool EventuallyAuthenticates(const Credential& c, bool allow) {
    auto client = Client();
    return PollUntil(
        [&] {
          const HookAnswer a = client->Authenticate(c.username, c.password);
          return a.rpc_ok && a.has_bool && a.allow == allow;
        },
        kDeadline);
  }

  static ThrowawayPg* pg_;
  static std::string* data_dir_;
  static ExhookProcess* server_;
};

ThrowawayPg* ExhookServerTest::pg_ = nullptr;
std::string* ExhookServerTest::data_dir_ = nullptr;
ExhookProcess* ExhookServerTest::server_ = nullptr;

INSTANTIATE_TEST_SUITE_P(BothProtocols, ExhookServerTest, ::testing::Values("v2", "v3"),
                         [](const auto& info) { return info.param; });

TEST_P(ExhookServerTest, ProviderLoadedRegistersExactlyAuthenticateAndAuthorize) {
  EXPECT_EQ(Client()->ProviderLoaded(),
            (std::vector<std::string>{"client.authenticate", "client.authorize"}));
}

TEST_P(ExhookServerTest, GoodPasswordAllowsWithStopAndReturn) {
  const Credential c = Create("p1");
  const HookAnswer a = Client()->Authenticate(c.username, c.password);
  ASSERT_TRUE(a.rpc_ok) << a.rpc_error;
  EXPECT_TRUE(a.stop_and_return);
  EXPECT_TRUE(a.has_bool);
  EXPECT_TRUE(a.allow);
}

TEST_P(ExhookServerTest, WrongPasswordDeniesWithStopAndReturn) {
  const Credential c = Create("p1");
  const HookAnswer a = Client()->Authenticate(c.username, c.password + "x");
  ASSERT_TRUE(a.rpc_ok);
  EXPECT_TRUE(a.stop_and_return);  // never IGNORE: EMQX 5.9+ would admit the client
  EXPECT_TRUE(a.has_bool);
  EXPECT_TRUE(IsDeny(a));
}

TEST_P(ExhookServerTest, EmptyPasswordDenies) {
  const Credential c = Create("p1");
  const HookAnswer a = Client()->Authenticate(c.username, "");
  EXPECT_TRUE(IsDeny(a));
}

TEST_P(ExhookServerTest, OtherUsersPasswordDenies) {
  const Credential mine = Create("p1", "a");
  const Credential theirs = Create("p2", "b");
  EXPECT_TRUE(IsDeny(Client()->Authenticate(mine.username, theirs.password)));
  EXPECT_TRUE(IsDeny(Client()->Authenticate(theirs.username, mine.password)));
}

// Client ids are broker-wide; the broker's mqtt.clientid_override puts them
// under the tenant. One in another project's namespace (or in none: a broker
// without the override) must not get in, or it could take over a session.
TEST_P(ExhookServerTest, ClientIdOutsideOwnProjectDenies) {
  const Credential c = Create("p1");
  auto client = Client();
  for (const std::string& clientid :
       {std::string("openflow/p2/client-1"), std::string("client-1"), std::string("")}) {
    const HookAnswer a = client->Authenticate(c.username, c.password, clientid);
    EXPECT_TRUE(IsDeny(a)) << clientid;
  }
  EXPECT_TRUE(client->Authenticate(c.username, c.password, "openflow/p1/any-id").allow);
}

TEST_P(ExhookServerTest, UnknownUsernameDenies) {
  const HookAnswer a = Client()->Authenticate("p1:nobody", "whatever-password");
  EXPECT_TRUE(IsDeny(a));
}

TEST_P(ExhookServerTest, MalformedAndOversizedInputsDeny) {
  const Credential c = Create("p1");
  auto client = Client();
  for (const auto& [user, pass] :
       std::vector<std::pair<std::string, std::string>>{{"", c.password},
                                                        {"no-separator", c.password},
                                                        {std::string(200, 'a') + ":x", c.password},
                                                        {c.username, std::string(300, 'x')},
                                                        {std::string("p1:\0x", 5), c.password}}) {
    const HookAnswer a = client->Authenticate(user, pass);
    EXPECT_TRUE(IsDeny(a)) << user;
  }
}

TEST_P(ExhookServerTest, RevokedCredentialDenies) {
  const Credential c = Create("p1");
  CommandResult r = Provisioner({"instance", "revoke", "--project", "p1", "--name", Name()},
                                pg_->url(), *data_dir_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(EventuallyAuthenticates(c, false));
  EXPECT_TRUE(IsDeny(Client()->Authorize(c.username, "openflow/p1/", false, "t")));
}

TEST_P(ExhookServerTest, RotateTakesEffectWithoutRestart) {
  const Credential old_cred = Create("p1");
  CommandResult r = Provisioner({"instance", "rotate", "--project", "p1", "--name", Name()},
                                pg_->url(), *data_dir_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto env = ParseEnvLines(r.out);
  const Credential new_cred{env["OPENFLOW_MQTT_USERNAME"], env["OPENFLOW_MQTT_PASSWORD"]};
  ASSERT_EQ(new_cred.username, old_cred.username);
  ASSERT_NE(new_cred.password, old_cred.password);
  EXPECT_TRUE(EventuallyAuthenticates(old_cred, false));
  EXPECT_TRUE(EventuallyAuthenticates(new_cred, true));
}

TEST_P(ExhookServerTest, NewInstanceIsAdmittedWithoutRestart) {
  const std::string name = Name();
  CommandResult r = Provisioner({"instance", "create", "--project", "p3", "--name", name},
                                pg_->url(), *data_dir_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto env = ParseEnvLines(r.out);
  EXPECT_TRUE(EventuallyAuthenticates(
      {env["OPENFLOW_MQTT_USERNAME"], env["OPENFLOW_MQTT_PASSWORD"]}, true));
}

TEST_P(ExhookServerTest, OwnMountpointAllowsPublishAndSubscribe) {
  const Credential c = Create("p1");
  auto client = Client();
  const HookAnswer pub =
      client->Authorize(c.username, "openflow/p1/", false, "sensors/temperature");
  EXPECT_TRUE(pub.rpc_ok && pub.stop_and_return && pub.allow);
  const HookAnswer sub = client->Authorize(c.username, "openflow/p1/", true, "sensors/#");
  EXPECT_TRUE(sub.rpc_ok && sub.stop_and_return && sub.allow);
}

// EMQX unwraps a shared subscription ($share/group/jobs/+) and asks about its
// real filter (jobs/+); that filter must be allowed like any other.
TEST_P(ExhookServerTest, SharedSubscriptionsRealFilterIsAllowed) {
  const Credential c = Create("p1");
  EXPECT_TRUE(Client()->Authorize(c.username, "openflow/p1/", true, "jobs/+").allow);
}

TEST_P(ExhookServerTest, ForeignMountpointDenies) {
  const Credential c = Create("p1");
  const HookAnswer a = Client()->Authorize(c.username, "openflow/p2/", false, "t");
  EXPECT_TRUE(IsDeny(a));
}

TEST_P(ExhookServerTest, EmptyMountpointDenies) {
  const Credential c = Create("p1");
  EXPECT_TRUE(IsDeny(Client()->Authorize(c.username, "", false, "t")));
}

TEST_P(ExhookServerTest, UnresolvedMountpointDenies) {
  const Credential c = Create("p1");
  EXPECT_TRUE(IsDeny(Client()->Authorize(c.username, "${client_attrs.tenant}", false, "t")));
}

TEST_P(ExhookServerTest, InvalidTopicsDeny) {
  const Credential c = Create("p1");
  auto client = Client();
  EXPECT_TRUE(IsDeny(client->Authorize(c.username, "openflow/p1/", false, "a/+")));
  EXPECT_TRUE(IsDeny(client->Authorize(c.username, "openflow/p1/", true, "a/#/b")));
  EXPECT_TRUE(IsDeny(client->Authorize(c.username, "openflow/p1/", false, "")));
  EXPECT_TRUE(IsDeny(client->Authorize(c.username, "openflow/p1/", true, "$SYS/#")));
}

TEST_P(ExhookServerTest, UnregisteredHooksAnswerAtOnce) {
  EXPECT_TRUE(Client()->ClientConnected("p1:x").ok());
}

TEST_P(ExhookServerTest, HealthIsServing) { EXPECT_EQ(HealthStatus(server_->channel), "SERVING"); }

// Decisions are logged at debug with username and verdict, never a password.
TEST_P(ExhookServerTest, NoPasswordInLog) {
  const Credential c = Create("p1");
  auto client = Client();
  ASSERT_TRUE(client->Authenticate(c.username, c.password).allow);
  const std::string wrong = "wrong-" + c.password;
  ASSERT_TRUE(IsDeny(client->Authenticate(c.username, wrong)));
  // Both decisions reach the (asynchronous) log...
  const std::string denied_line =
      "authenticate username=" + c.username + " clientid=openflow/p1/client-1 verdict=deny";
  ASSERT_TRUE(
      PollUntil([&] { return server_->Log().find(denied_line) != std::string::npos; }, kDeadline))
      << server_->Log();
  // ...and neither password does.
  const std::string log = server_->Log();
  EXPECT_EQ(log.find(c.password), std::string::npos);
  EXPECT_EQ(log.find(wrong), std::string::npos);
}

}  // namespace
}  // namespace openflow::testing
