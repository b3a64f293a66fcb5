#include "provisioner/broker/ensure.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "provisioner/broker/emqx_conf.h"
#include "tests/provisioner/broker/fake_engine.h"

namespace openflow::broker {
namespace {

using ::testing::ElementsAre;
using testing::FakeEngine;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kDatabaseUrl[] = "postgresql://exhook:db-secret-123@db.internal/openflow";

Deployment TestDeployment() {
  Deployment d;
  d.conf_path = "/data/emqx/emqx-1111111111111111.conf";
  d.conf_hash = "1111111111111111";
  d.tls_cert_path = "/data/emqx/tls/self-signed.crt";
  d.tls_key_path = "/data/emqx/tls/self-signed.key";
  d.database_url = kDatabaseUrl;
  return d;
}

class BrokerEnsureTest : public ::testing::Test {
 protected:
  BrokerEnsureTest() {
    engine_.images[kDefaultBrokerImage] = "broker-image-1";
    engine_.images[kDefaultExhookImage] = "exhook-image-1";
  }

  EnsureReport Ensure(const Deployment& d) {
    auto report = EnsureBroker(d, engine_);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : EnsureReport{};
  }

  std::string IdOf(const std::string& name) { return engine_.containers[name].info.id; }

  FakeEngine engine_;
};

TEST_F(BrokerEnsureTest, FirstRunCreatesNetworkThenSidecarThenBroker) {
  const EnsureReport report = Ensure(TestDeployment());
  EXPECT_TRUE(report.changed);
  EXPECT_THAT(engine_.calls,
              ElementsAre("create network openflow-network", "create openflow-exhook",
                          "start openflow-exhook", "create openflow-emqx", "start openflow-emqx"));
  EXPECT_EQ(engine_.containers["openflow-emqx"].info.state, "running");
  EXPECT_EQ(engine_.containers["openflow-exhook"].info.state, "running");
}

TEST_F(BrokerEnsureTest, SecondRunChangesNothingAndSaysSo) {
  Ensure(TestDeployment());
  const std::string broker_id = IdOf("openflow-emqx");
  engine_.calls.clear();
  const EnsureReport report = Ensure(TestDeployment());
  EXPECT_FALSE(report.changed);
  EXPECT_THAT(engine_.calls, IsEmpty());
  EXPECT_EQ(IdOf("openflow-emqx"), broker_id);
  ASSERT_EQ(report.steps.size(), 3u);
  for (const Step& step : report.steps) EXPECT_EQ(step.outcome, "unchanged") << step.object;
}

TEST_F(BrokerEnsureTest, ChangedConfigRecreatesOnlyTheBroker) {
  Ensure(TestDeployment());
  const std::string exhook_id = IdOf("openflow-exhook");
  engine_.calls.clear();
  Deployment changed = TestDeployment();
  changed.conf_hash = "2222222222222222";
  changed.conf_path = "/data/emqx/emqx-2222222222222222.conf";
  const EnsureReport report = Ensure(changed);
  EXPECT_THAT(engine_.calls,
              ElementsAre("remove openflow-emqx", "create openflow-emqx", "start openflow-emqx"));
  EXPECT_EQ(IdOf("openflow-exhook"), exhook_id);
  EXPECT_EQ(report.steps.back().outcome, "recreated (config changed)");
  EXPECT_EQ(engine_.containers["openflow-emqx"].info.labels[kLabelConfigHash], "2222222222222222");
}

TEST_F(BrokerEnsureTest, RebuiltSidecarImageRecreatesOnlyTheSidecar) {
  Ensure(TestDeployment());
  engine_.images[kDefaultExhookImage] = "exhook-image-2";  // same tag, new build
  engine_.calls.clear();
  const EnsureReport report = Ensure(TestDeployment());
  EXPECT_THAT(engine_.calls, ElementsAre("remove openflow-exhook", "create openflow-exhook",
                                         "start openflow-exhook"));
  EXPECT_EQ(report.steps[1].outcome, "recreated (image changed)");
  EXPECT_EQ(report.steps[2].outcome, "unchanged");
}

TEST_F(BrokerEnsureTest, NewBrokerImageRecreatesTheBroker) {
  Ensure(TestDeployment());
  Deployment changed = TestDeployment();
  changed.spec.broker_image = "emqx/emqx:5.9.1";
  changed.spec.emqx_version = {5, 9};
  engine_.images["emqx/emqx:5.9.1"] = "broker-image-2";
  const EnsureReport report = Ensure(changed);
  EXPECT_EQ(report.steps.back().outcome, "recreated (image changed)");
  EXPECT_EQ(engine_.containers["openflow-emqx"].info.labels[kLabelExhookProtocol],
            "emqx.exhook.v3");
}

TEST_F(BrokerEnsureTest, ChangedDatabaseUrlRecreatesOnlyTheSidecar) {
  Ensure(TestDeployment());
  const std::string broker_id = IdOf("openflow-emqx");
  Deployment changed = TestDeployment();
  changed.database_url = "postgresql://exhook@other-db/openflow";
  const EnsureReport report = Ensure(changed);
  EXPECT_EQ(report.steps[1].outcome, "recreated (settings changed)");
  EXPECT_EQ(IdOf("openflow-emqx"), broker_id);
}

TEST_F(BrokerEnsureTest, StoppedMatchingContainerIsStartedNotRecreated) {
  Ensure(TestDeployment());
  const std::string broker_id = IdOf("openflow-emqx");
  engine_.containers["openflow-emqx"].info.state = "exited";
  engine_.calls.clear();
  const EnsureReport report = Ensure(TestDeployment());
  EXPECT_THAT(engine_.calls, ElementsAre("start openflow-emqx"));
  EXPECT_EQ(IdOf("openflow-emqx"), broker_id);
  EXPECT_EQ(report.steps.back().outcome, "started (was exited)");
}

TEST_F(BrokerEnsureTest, MissingBrokerImageChangesNothing) {
  engine_.images.erase(kDefaultBrokerImage);
  auto report = EnsureBroker(TestDeployment(), engine_);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(report.status().message(),
            "--broker-image: image emqx/emqx:5.8.9 is not in the container engine; pull it first "
            "(docker pull emqx/emqx:5.8.9); nothing was changed");
  EXPECT_THAT(engine_.calls, IsEmpty());
}

TEST_F(BrokerEnsureTest, MissingSidecarImageChangesNothing) {
  engine_.images.erase(kDefaultExhookImage);
  auto report = EnsureBroker(TestDeployment(), engine_);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(std::string(report.status().message()),
              HasSubstr("--exhook-image: image openflow-exhook:latest is not in the container "
                        "engine; build it from this repository's Dockerfile"));
  EXPECT_THAT(engine_.calls, IsEmpty());
}

TEST_F(BrokerEnsureTest, PortTakenRemovesTheNewBrokerAndSaysWhatWasDone) {
  engine_.start_errors["openflow-emqx"] = absl::FailedPreconditionError(
      "cannot listen on the TCP port: listen tcp4 :1883: bind: address already in use");
  auto report = EnsureBroker(TestDeployment(), engine_);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(),
            "openflow-emqx: cannot start: a published host port is already taken: cannot listen "
            "on the TCP port: listen tcp4 :1883: bind: address already in use; the new container "
            "was removed; already done: network openflow-network created, openflow-exhook "
            "created (run `broker ensure` again once fixed)");
  EXPECT_EQ(engine_.containers.count("openflow-emqx"), 0u);
  EXPECT_EQ(engine_.containers.count("openflow-exhook"), 1u);
}

TEST_F(BrokerEnsureTest, UnreachableEngineFailsBeforeAnyChange) {
  engine_.unreachable = absl::UnavailableError("container engine at unix:///x is unreachable");
  auto report = EnsureBroker(TestDeployment(), engine_);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(engine_.calls, IsEmpty());
}

TEST_F(BrokerEnsureTest, ContainerNotMadeByUsIsLeftAlone) {
  engine_.containers["openflow-emqx"].info = {"foreign", "openflow-emqx", "x", "y", "running", "",
                                              {}};
  engine_.networks.insert(kNetworkName);
  auto report = EnsureBroker(TestDeployment(), engine_);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(std::string(report.status().message()),
              HasSubstr("openflow-emqx: a container with this name exists but was not made by "
                        "openflow-provisioner"));
  EXPECT_EQ(engine_.containers["openflow-emqx"].info.id, "foreign");
}

TEST_F(BrokerEnsureTest, DatabaseUrlReachesOnlyTheSidecarEnvironment) {
  engine_.start_errors["openflow-emqx"] = absl::InternalError("boom");
  auto failed = EnsureBroker(TestDeployment(), engine_);
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(std::string(failed.status().message()), Not(HasSubstr("db-secret-123")));
  engine_.start_errors.clear();
  const EnsureReport report = Ensure(TestDeployment());
  for (const Step& step : report.steps) {
    EXPECT_THAT(step.object + step.outcome + step.id, Not(HasSubstr("db-secret-123")));
  }
  const ContainerSpec& exhook = engine_.containers["openflow-exhook"].spec;
  EXPECT_THAT(exhook.env, ElementsAre(std::string("OPENFLOW_DATABASE_URL=") + kDatabaseUrl));
  for (const auto& [key, value] : exhook.labels) EXPECT_THAT(value, Not(HasSubstr("db-secret")));
  EXPECT_THAT(engine_.containers["openflow-emqx"].spec.env, IsEmpty());
}

TEST(BrokerContainerTest, PublishesMqttPortsEverywhereAndTheDashboardOnLoopbackOnly) {
  const ContainerSpec spec = BrokerContainer(TestDeployment());
  EXPECT_THAT(spec.ports, ElementsAre(PortBinding{1883, "", 1883}, PortBinding{8883, "", 8883},
                                      PortBinding{8083, "", 8083}, PortBinding{8084, "", 8084},
                                      PortBinding{18083, "127.0.0.1", 18083}));
}

TEST(BrokerContainerTest, MountsConfigAndCertificatesReadOnly) {
  const ContainerSpec spec = BrokerContainer(TestDeployment());
  using K = MountSpec::Kind;
  EXPECT_THAT(spec.mounts,
              ElementsAre(MountSpec{K::kBind, "/data/emqx/emqx-1111111111111111.conf",
                                    "/opt/emqx/etc/emqx.conf", true},
                          MountSpec{K::kBind, "/data/emqx/tls/self-signed.crt",
                                    "/opt/emqx/etc/certs/openflow/tls.crt", true},
                          MountSpec{K::kBind, "/data/emqx/tls/self-signed.key",
                                    "/opt/emqx/etc/certs/openflow/tls.key", true},
                          MountSpec{K::kVolume, "openflow-emqx-data", "/opt/emqx/data", false}));
  EXPECT_EQ(spec.restart_policy, "unless-stopped");
  EXPECT_EQ(spec.labels.at(kLabelConfigHash), "1111111111111111");
  EXPECT_EQ(spec.labels.at(kLabelImage), "emqx/emqx:5.8.9");
  EXPECT_EQ(spec.labels.at(kLabelExhookProtocol), "emqx.exhook.v2");
}

TEST(BrokerContainerTest, SidecarIsReachableByNameOnTheBridge) {
  const ContainerSpec spec = ExhookContainer(TestDeployment());
  EXPECT_EQ(spec.network, "openflow-network");
  EXPECT_EQ(spec.hostname, "openflow-exhook");
  EXPECT_THAT(spec.network_aliases, ElementsAre("openflow-exhook"));
  EXPECT_THAT(spec.cmd, ElementsAre("--listen", "0.0.0.0:9000", "--tenant-prefix", "openflow/"));
  EXPECT_THAT(spec.ports, IsEmpty());
  EXPECT_THAT(spec.healthcheck.test,
              ElementsAre("CMD", "openflow-exhook", "--probe", "--listen", "127.0.0.1:9000"));
}

TEST(BrokerContainerTest, SpecHashFollowsTheSpec) {
  Deployment other = TestDeployment();
  other.spec.ports.mqtt = 1884;
  EXPECT_EQ(BrokerContainer(TestDeployment()).labels.at(kLabelSpecHash),
            BrokerContainer(TestDeployment()).labels.at(kLabelSpecHash));
  EXPECT_NE(BrokerContainer(TestDeployment()).labels.at(kLabelSpecHash),
            BrokerContainer(other).labels.at(kLabelSpecHash));
}

TEST_F(BrokerEnsureTest, DownRemovesBothContainersAndKeepsTheNetwork) {
  Ensure(TestDeployment());
  engine_.calls.clear();
  auto steps = BrokerDown(engine_);
  ASSERT_TRUE(steps.ok()) << steps.status();
  EXPECT_THAT(engine_.calls, ElementsAre("remove openflow-emqx", "remove openflow-exhook"));
  EXPECT_TRUE(engine_.containers.empty());
  EXPECT_EQ(engine_.networks.count(kNetworkName), 1u);
  auto again = BrokerDown(engine_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0].outcome, "absent");
}

TEST_F(BrokerEnsureTest, StatusReportsAbsentAndRunningContainers) {
  auto before = BrokerStatus(engine_);
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE((*before)[0].container.has_value());
  Ensure(TestDeployment());
  auto after = BrokerStatus(engine_);
  ASSERT_TRUE(after.ok());
  ASSERT_TRUE((*after)[1].container.has_value());
  EXPECT_EQ((*after)[1].name, "openflow-emqx");
  EXPECT_EQ((*after)[1].container->state, "running");
}

}  // namespace
}  // namespace openflow::broker
