// `openflow-provisioner broker ensure|status|down` against a real container
// engine: a rootful Podman API service with its own storage, started by
// scripts/podman-service. No registry is reachable, so the broker and sidecar
// images are stand-ins (busybox-static that sleeps) tagged with the
// configured names. Everything is checked through the engine's API directly,
// not through the adapter under test.
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/strings.h"
#include "tests/support/process.h"

namespace openflow::broker {
namespace {

using openflow::testing::CommandResult;
using openflow::testing::MakeTempDir;
using openflow::testing::ReadFile;
using openflow::testing::RunCommand;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

constexpr char kBrokerImage[] = "emqx/emqx:5.8.9";
constexpr char kExhookImage[] = "openflow-exhook:test";
constexpr char kDatabasePassword[] = "db-pw-never-printed";
constexpr int kMqtt = 31883, kMqtts = 38883, kWs = 38083, kWss = 38084, kDashboard = 38183;

std::string Script() { return std::string(OPENFLOW_SOURCE_DIR) + "/scripts/podman-service"; }

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// The engine, asked directly: status code and parsed body (null if none).
struct ApiReply {
  long status = 0;
  Json body;
};

class BrokerPodmanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::geteuid() != 0) {
      skip_reason_ = new std::string("needs root: the tests use rootful Podman");
      return;
    }
    if (RunCommand({"sh", "-c", "command -v podman"}).exit_code != 0) {
      skip_reason_ = new std::string("podman is not installed (scripts/install-deps)");
      return;
    }
    state_ = new std::string(MakeTempDir("broker-podman"));
    data_dir_ = new std::string(*state_ + "/data");
    const CommandResult started = RunCommand({Script(), "start", *state_});
    ASSERT_EQ(started.exit_code, 0) << "podman-service start: " << started.err;
    docker_host_ = new std::string(std::string(absl::StripAsciiWhitespace(started.out)));
    socket_ = new std::string(docker_host_->substr(std::string("unix://").size()));
    BuildStandInImage();
  }

  static void TearDownTestSuite() {
    if (state_) {
      RunCommand({Script(), "stop", *state_});
      RunCommand({"rm", "-rf", *state_});
    }
  }

  void SetUp() override {
    if (skip_reason_) GTEST_SKIP() << *skip_reason_;
    ASSERT_NE(docker_host_, nullptr) << "the Podman service did not start";
    Provisioner({"broker", "down"});
  }

  // A rootfs of busybox-static whose entrypoint sleeps whatever its
  // arguments (and exits on SIGTERM, so stopping it is quick); imported once
  // and tagged as every image the tests name.
  static void BuildStandInImage() {
    const std::string root = *state_ + "/stand-in";
    const CommandResult made =
        RunCommand({"sh", "-c",
                    Cat("set -e; mkdir -p ", root, "/bin; cp /bin/busybox ", root, "/bin/busybox; ",
                        "ln -s busybox ", root, "/bin/sh; ln -s busybox ", root, "/bin/sleep")});
    ASSERT_EQ(made.exit_code, 0) << "stand-in rootfs (is busybox-static installed?): " << made.err;
    std::ofstream(root + "/bin/stand-in")
        << "#!/bin/sh\ntrap 'exit 0' TERM INT\nsleep 3600 &\nwait\n";
    ASSERT_EQ(::chmod((root + "/bin/stand-in").c_str(), 0755), 0);
    const CommandResult packed = RunCommand({"tar", "-C", root, "-cf", root + ".tar", "."});
    ASSERT_EQ(packed.exit_code, 0) << packed.err;
    const CommandResult imported =
        RunCommand({Script(), "podman", *state_, "import", "--change",
                    "ENTRYPOINT [\"/bin/stand-in\"]", root + ".tar", "docker.io/emqx/emqx:5.8.9"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    for (const char* tag :
         {"docker.io/emqx/emqx:5.9.1", "docker.io/library/openflow-exhook:test"}) {
      const CommandResult tagged =
          RunCommand({Script(), "podman", *state_, "tag", "docker.io/emqx/emqx:5.8.9", tag});
      ASSERT_EQ(tagged.exit_code, 0) << tagged.err;
    }
  }

  static std::vector<std::string> BaseFlags() {
    return {"--data-dir",
            *data_dir_,
            "--broker-image",
            kBrokerImage,
            "--exhook-image",
            kExhookImage,
            "--exhook-database-url",
            Cat("postgresql://exhook:", kDatabasePassword, "@db.internal/openflow"),
            "--mqtt-port",
            Cat(kMqtt),
            "--mqtts-port",
            Cat(kMqtts),
            "--ws-port",
            Cat(kWs),
            "--wss-port",
            Cat(kWss),
            "--dashboard-port",
            Cat(kDashboard)};
  }

  static CommandResult Provisioner(std::vector<std::string> args,
                                   const std::string& docker_host = "") {
    args.insert(args.begin(), OPENFLOW_PROVISIONER_BIN);
    return RunCommand(args, {{"DOCKER_HOST", docker_host.empty() ? *docker_host_ : docker_host}});
  }

  // `broker ensure` with BaseFlags, `overrides` replacing or adding flags.
  static CommandResult Ensure(const std::map<std::string, std::string>& overrides = {}) {
    std::vector<std::string> args = {"broker", "ensure"};
    std::map<std::string, std::string> extra = overrides;
    const std::vector<std::string> base = BaseFlags();
    for (std::size_t i = 0; i + 1 < base.size(); i += 2) {
      auto it = extra.find(base[i]);
      args.push_back(base[i]);
      args.push_back(it == extra.end() ? base[i + 1] : it->second);
      if (it != extra.end()) extra.erase(it);
    }
    for (const auto& [flag, value] : extra) {
      args.push_back(flag);
      args.push_back(value);
    }
    return Provisioner(args);
  }

  static ApiReply Get(const std::string& path) {
    ApiReply reply;
    std::string body;
    CURL* curl = curl_easy_init();
    const std::string url = "http://podman/v1.41" + path;
    curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, socket_->c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    EXPECT_EQ(curl_easy_perform(curl), CURLE_OK) << "GET " << path;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_easy_cleanup(curl);
    reply.body = Json::parse(body, nullptr, /*allow_exceptions=*/false);
    return reply;
  }

  static Json Container(const std::string& name) {
    ApiReply reply = Get("/containers/" + name + "/json");
    EXPECT_EQ(reply.status, 200) << name;
    return reply.body;
  }

  static std::string LiveHash() {
    return std::string(absl::StripAsciiWhitespace(ReadFile(*data_dir_ + "/emqx/live")));
  }

  static Json Binding(const std::string& host_ip, int port) {
    return Json::array({{{"HostIp", host_ip}, {"HostPort", Cat(port)}}});
  }

  static std::string* skip_reason_;
  static std::string* state_;
  static std::string* data_dir_;
  static std::string* docker_host_;
  static std::string* socket_;
};

std::string* BrokerPodmanTest::skip_reason_ = nullptr;
std::string* BrokerPodmanTest::state_ = nullptr;
std::string* BrokerPodmanTest::data_dir_ = nullptr;
std::string* BrokerPodmanTest::docker_host_ = nullptr;
std::string* BrokerPodmanTest::socket_ = nullptr;

TEST_F(BrokerPodmanTest, EnsureRunsBothContainersOnTheBridgeAsSpecified) {
  const CommandResult run = Ensure();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("network openflow-network: "));
  EXPECT_THAT(run.out, HasSubstr("openflow-exhook: created"));
  EXPECT_THAT(run.out, HasSubstr("openflow-emqx: created"));

  EXPECT_EQ(Get("/networks/openflow-network").status, 200);
  const Json exhook = Container("openflow-exhook");
  const Json broker = Container("openflow-emqx");
  for (const Json* c : {&exhook, &broker}) {
    EXPECT_EQ((*c)["State"]["Status"], "running");
    EXPECT_TRUE((*c)["NetworkSettings"]["Networks"].contains("openflow-network"));
    EXPECT_EQ((*c)["HostConfig"]["RestartPolicy"]["Name"], "unless-stopped");
    EXPECT_EQ((*c)["Config"]["Labels"]["org.openflow.managed-by"], "openflow-provisioner");
  }
  const Json aliases = exhook["NetworkSettings"]["Networks"]["openflow-network"]["Aliases"];
  EXPECT_THAT(aliases.get<std::vector<std::string>>(), ::testing::Contains("openflow-exhook"));
  EXPECT_EQ(exhook["Config"]["Hostname"], "openflow-exhook");
  EXPECT_THAT(exhook["Config"]["Env"].get<std::vector<std::string>>(),
              ::testing::Contains(Cat("OPENFLOW_DATABASE_URL=postgresql://exhook:",
                                      kDatabasePassword, "@db.internal/openflow")));
  EXPECT_THAT(exhook["Config"]["Cmd"].get<std::vector<std::string>>(),
              ElementsAre("--listen", "0.0.0.0:9000", "--tenant-prefix", "openflow/"));
  EXPECT_TRUE(exhook["HostConfig"]["PortBindings"].empty());
  // The broker finds the sidecar by name on the bridge (what --exhook-url uses).
  const CommandResult lookup = RunCommand({Script(), "podman", *state_, "exec", "openflow-emqx",
                                           "/bin/busybox", "nslookup", "openflow-exhook"});
  EXPECT_EQ(lookup.exit_code, 0) << lookup.out << lookup.err;
  EXPECT_THAT(lookup.out,
              HasSubstr(exhook["NetworkSettings"]["Networks"]["openflow-network"]["IPAddress"]
                            .get<std::string>()));

  // Exactly the documented ports, the dashboard on loopback only.
  const Json expected_ports = {{Cat(kMqtt, "/tcp"), Binding("", kMqtt)},
                               {Cat(kMqtts, "/tcp"), Binding("", kMqtts)},
                               {Cat(kWs, "/tcp"), Binding("", kWs)},
                               {Cat(kWss, "/tcp"), Binding("", kWss)},
                               {Cat(kDashboard, "/tcp"), Binding("127.0.0.1", kDashboard)}};
  EXPECT_EQ(broker["HostConfig"]["PortBindings"], expected_ports)
      << broker["HostConfig"]["PortBindings"].dump();
  EXPECT_EQ(broker["NetworkSettings"]["Ports"][Cat(kDashboard, "/tcp")],
            Binding("127.0.0.1", kDashboard));

  // The rendered config and the certificates, read-only; EMQX's data in a volume.
  const std::string hash = LiveHash();
  const std::string emqx_dir = *data_dir_ + "/emqx";
  std::map<std::string, std::pair<std::string, bool>> mounts;  // target -> source, rw
  for (const Json& m : broker["Mounts"]) {
    mounts[m["Destination"]] = {
        m["Type"] == "volume" ? m["Name"].get<std::string>() : m["Source"].get<std::string>(),
        m["RW"].get<bool>()};
  }
  EXPECT_EQ(mounts["/opt/emqx/etc/emqx.conf"],
            std::make_pair(Cat(emqx_dir, "/emqx-", hash, ".conf"), false));
  EXPECT_EQ(mounts["/opt/emqx/etc/certs/openflow/tls.crt"],
            std::make_pair(emqx_dir + "/tls/self-signed.crt", false));
  EXPECT_EQ(mounts["/opt/emqx/etc/certs/openflow/tls.key"],
            std::make_pair(emqx_dir + "/tls/self-signed.key", false));
  EXPECT_EQ(mounts["/opt/emqx/data"], std::make_pair(std::string("openflow-emqx-data"), true));

  const Json& labels = broker["Config"]["Labels"];
  EXPECT_EQ(labels["org.openflow.config-hash"], hash);
  EXPECT_EQ(labels["org.openflow.image"], kBrokerImage);
  EXPECT_EQ(labels["org.openflow.exhook-protocol"], "emqx.exhook.v2");
  EXPECT_EQ(Container("openflow-exhook")["Config"]["Labels"]["org.openflow.image"], kExhookImage);

  // The broker's unprivileged user can read what it mounts; nobody else can.
  struct stat st {};
  ASSERT_EQ(::stat(Cat(emqx_dir, "/emqx-", hash, ".conf").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 1000u);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(BrokerPodmanTest, SecondEnsureKeepsTheSameContainersAndSaysUnchanged) {
  ASSERT_EQ(Ensure().exit_code, 0);
  const std::string broker_id = Container("openflow-emqx")["Id"];
  const std::string exhook_id = Container("openflow-exhook")["Id"];
  const CommandResult again = Ensure();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("openflow-exhook: unchanged"));
  EXPECT_THAT(again.out, HasSubstr("openflow-emqx: unchanged"));
  EXPECT_THAT(again.out, HasSubstr("broker unchanged: nothing to do"));
  EXPECT_EQ(Container("openflow-emqx")["Id"], broker_id);
  EXPECT_EQ(Container("openflow-exhook")["Id"], exhook_id);
}

TEST_F(BrokerPodmanTest, ChangedSpecRecreatesOnlyTheBroker) {
  ASSERT_EQ(Ensure().exit_code, 0);
  const std::string old_hash = LiveHash();
  const std::string broker_id = Container("openflow-emqx")["Id"];
  const std::string exhook_id = Container("openflow-exhook")["Id"];
  const CommandResult changed = Ensure({{"--exhook-timeout", "2s"}});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_THAT(changed.out, HasSubstr("openflow-emqx: recreated (config changed)"));
  const Json broker = Container("openflow-emqx");
  EXPECT_NE(broker["Id"], broker_id);
  EXPECT_EQ(Container("openflow-exhook")["Id"], exhook_id);
  EXPECT_EQ(broker["State"]["Status"], "running");
  EXPECT_NE(LiveHash(), old_hash);
  EXPECT_EQ(broker["Config"]["Labels"]["org.openflow.config-hash"], LiveHash());
  // The old config is pruned once the new one is live.
  EXPECT_NE(::access(Cat(*data_dir_, "/emqx/emqx-", old_hash, ".conf").c_str(), F_OK), 0);
}

TEST_F(BrokerPodmanTest, NewBrokerImageRecreatesTheBrokerWithExhookV3) {
  ASSERT_EQ(Ensure().exit_code, 0);
  const CommandResult run = Ensure({{"--broker-image", "emqx/emqx:5.9.1"}});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("openflow-emqx: recreated (config changed)"));
  EXPECT_THAT(run.out, HasSubstr("openflow-exhook: unchanged"));
  const Json labels = Container("openflow-emqx")["Config"]["Labels"];
  EXPECT_EQ(labels["org.openflow.image"], "emqx/emqx:5.9.1");
  EXPECT_EQ(labels["org.openflow.exhook-protocol"], "emqx.exhook.v3");
}

TEST_F(BrokerPodmanTest, StatusShowsWhatRunsWithItsConfigHash) {
  ASSERT_EQ(Ensure().exit_code, 0);
  const CommandResult status = Provisioner({"broker", "status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("openflow-exhook: running"));
  EXPECT_THAT(status.out, HasSubstr(Cat("image ", kBrokerImage, ", config ", LiveHash(),
                                        ", ExHook emqx.exhook.v2")));
}

TEST_F(BrokerPodmanTest, DownRemovesBothContainersAndKeepsNetworkAndData) {
  ASSERT_EQ(Ensure().exit_code, 0);
  const CommandResult down = Provisioner({"broker", "down", "--data-dir", *data_dir_});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_THAT(down.out, HasSubstr("openflow-emqx: removed"));
  EXPECT_THAT(down.out, HasSubstr("openflow-exhook: removed"));
  EXPECT_EQ(Get("/containers/openflow-emqx/json").status, 404);
  EXPECT_EQ(Get("/containers/openflow-exhook/json").status, 404);
  EXPECT_EQ(Get("/networks/openflow-network").status, 200);
  EXPECT_EQ(Get("/volumes/openflow-emqx-data").status, 200);
  EXPECT_EQ(::access((*data_dir_ + "/emqx/dashboard-password").c_str(), F_OK), 0);
  const CommandResult status = Provisioner({"broker", "status"});
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_THAT(status.out, HasSubstr("openflow-emqx: absent"));
}

TEST_F(BrokerPodmanTest, UnreachableSocketGivesOneClearLine) {
  std::vector<std::string> args = {"broker", "ensure"};
  for (const std::string& flag : BaseFlags()) args.push_back(flag);
  const CommandResult run = Provisioner(args, "unix:///nonexistent/docker.sock");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err,
            "openflow-provisioner: container engine at unix:///nonexistent/docker.sock is "
            "unreachable (No such file or directory); is Docker or Podman running? DOCKER_HOST "
            "selects the socket\n");
  EXPECT_EQ(run.out, "");
}

TEST_F(BrokerPodmanTest, MissingImageIsNamedAndNothingIsCreated) {
  const CommandResult run = Ensure({{"--broker-image", "emqx/emqx:5.8.8"}});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("openflow-provisioner: --broker-image: image emqx/emqx:5.8.8 is "
                                 "not in the container engine; pull it first"));
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
  EXPECT_EQ(Get("/containers/openflow-emqx/json").status, 404);
  EXPECT_EQ(Get("/containers/openflow-exhook/json").status, 404);
}

TEST_F(BrokerPodmanTest, PortTakenIsNamedAndNoBrokerIsLeftBehind) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(kMqtt);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  const CommandResult run = Ensure();
  ::close(fd);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("openflow-emqx: cannot start: a published host port is already "
                                 "taken"));
  EXPECT_THAT(run.err, HasSubstr(Cat(kMqtt)));
  EXPECT_THAT(run.err, HasSubstr("the new container was removed"));
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
  EXPECT_EQ(Get("/containers/openflow-emqx/json").status, 404);
}

TEST_F(BrokerPodmanTest, SecretsNeverReachTheOutput) {
  const CommandResult run = Ensure();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const CommandResult status = Provisioner({"broker", "status"});
  const std::string password =
      std::string(absl::StripAsciiWhitespace(ReadFile(*data_dir_ + "/emqx/dashboard-password")));
  const std::string cookie =
      std::string(absl::StripAsciiWhitespace(ReadFile(*data_dir_ + "/emqx/node-cookie")));
  ASSERT_FALSE(password.empty());
  for (const std::string& text : {run.out, run.err, status.out, status.err}) {
    EXPECT_THAT(text, Not(HasSubstr(password)));
    EXPECT_THAT(text, Not(HasSubstr(cookie)));
    EXPECT_THAT(text, Not(HasSubstr(kDatabasePassword)));
  }
}

}  // namespace
}  // namespace openflow::broker
