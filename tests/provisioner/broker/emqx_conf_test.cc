#include "provisioner/broker/emqx_conf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace openflow::broker {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Golden files live in tests/provisioner/broker/golden. To accept a
// deliberate change, run the test with OPENFLOW_UPDATE_GOLDEN=1 and review
// the diff.
void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(OPENFLOW_BROKER_GOLDEN_DIR) + "/" + name;
  if (const char* update = std::getenv("OPENFLOW_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path) << actual;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << "missing golden file " << path;
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "differs from " << path;
}

BrokerSpec Parse(const std::map<std::string, std::string>& flags) {
  auto spec = ParseBrokerSpec(flags);
  EXPECT_TRUE(spec.ok()) << spec.status();
  return spec.ok() ? *spec : BrokerSpec{};
}

BrokerMaterial TestMaterial() {
  BrokerMaterial m;
  m.dashboard_password = "dashboard-password-for-tests";
  m.node_cookie = "node-cookie-for-tests";
  m.tls_self_signed = true;
  m.tls_cert_sha256 = std::string(64, 'c');
  return m;
}

TEST(BrokerConfTest, DefaultsMatchGolden) {
  ExpectGolden("defaults.conf", RenderEmqxConf(Parse({}), TestMaterial()));
}

TEST(BrokerConfTest, CustomPortsMatchGolden) {
  const BrokerSpec spec = Parse({{"mqtt-port", "11883"},
                                 {"mqtts-port", "18883"},
                                 {"ws-port", "18080"},
                                 {"wss-port", "18443"},
                                 {"dashboard-port", "19083"},
                                 {"tenant-prefix", "tenants/"},
                                 {"exhook-url", "http://auth.internal:9100"},
                                 {"exhook-timeout", "1500ms"},
                                 {"exhook-reconnect", "30s"},
                                 {"exhook-pool-size", "16"}});
  ExpectGolden("custom_ports.conf", RenderEmqxConf(spec, TestMaterial()));
}

TEST(BrokerConfTest, GivenCertificateMatchesGolden) {
  BrokerMaterial material = TestMaterial();
  material.tls_self_signed = false;
  material.tls_cert_sha256 = std::string(64, 'e');
  const BrokerSpec spec =
      Parse({{"tls-cert", "/certs/wildcard.crt"}, {"tls-key", "/certs/wildcard.key"}});
  ExpectGolden("given_certificate.conf", RenderEmqxConf(spec, material));
}

TEST(BrokerConfTest, Emqx59MatchesGolden) {
  ExpectGolden("emqx_5_9.conf",
               RenderEmqxConf(Parse({{"broker-image", "emqx/emqx:5.9.1"}}), TestMaterial()));
}

TEST(BrokerConfTest, Emqx58And59DifferOnlyInImageAndExhookProtocol) {
  const std::string v58 = RenderEmqxConf(Parse({}), TestMaterial());
  const std::string v59 =
      RenderEmqxConf(Parse({{"broker-image", "emqx/emqx:5.9.1"}}), TestMaterial());
  EXPECT_THAT(v58, HasSubstr("(EMQX 5.8, ExHook protocol emqx.exhook.v2)"));
  EXPECT_THAT(v59, HasSubstr("(EMQX 5.9, ExHook protocol emqx.exhook.v3)"));
}

TEST(BrokerConfTest, EveryListenerHasTheTenantMountpoint) {
  const std::string conf = RenderEmqxConf(Parse({}), TestMaterial());
  std::size_t count = 0;
  for (auto at = conf.find("mountpoint = \"${client_attrs.tenant}\""); at != std::string::npos;
       at = conf.find("mountpoint", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 4u);
  EXPECT_THAT(conf, HasSubstr("{expression = \"concat(['openflow/', nth(1, tokens(username, "
                              "':')), '/'])\", set_as_attr = \"tenant\"}"));
}

TEST(BrokerConfTest, DashboardNeverKeepsTheWellKnownDefaultPassword) {
  const std::string conf = RenderEmqxConf(Parse({}), TestMaterial());
  EXPECT_THAT(conf, HasSubstr("default_password = \"dashboard-password-for-tests\""));
  EXPECT_THAT(conf, Not(HasSubstr("\"public\"")));
  EXPECT_THAT(conf, Not(HasSubstr("emqxsecretcookie")));
}

TEST(BrokerConfTest, SameInputsGiveTheSameHashAndAChangeGivesAnother) {
  const std::string a = RenderEmqxConf(Parse({}), TestMaterial());
  const std::string b = RenderEmqxConf(Parse({}), TestMaterial());
  const std::string c = RenderEmqxConf(Parse({{"mqtt-port", "1884"}}), TestMaterial());
  EXPECT_EQ(ConfHash(a), ConfHash(b));
  EXPECT_NE(ConfHash(a), ConfHash(c));
  EXPECT_EQ(ConfHash(a).size(), 16u);
}

TEST(BrokerConfTest, ANewCertificateIsANewConfig) {
  BrokerMaterial renewed = TestMaterial();
  renewed.tls_cert_sha256 = std::string(64, 'd');
  EXPECT_NE(ConfHash(RenderEmqxConf(Parse({}), TestMaterial())),
            ConfHash(RenderEmqxConf(Parse({}), renewed)));
}

}  // namespace
}  // namespace openflow::broker
