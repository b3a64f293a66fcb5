#include "provisioner/broker/broker_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace openflow::broker {
namespace {

using Flags = std::map<std::string, std::string>;

// The message ParseBrokerSpec refuses `flags` with; fails the test if it
// accepts them or refuses with another code.
std::string Refusal(const Flags& flags) {
  auto spec = ParseBrokerSpec(flags);
  EXPECT_FALSE(spec.ok()) << "accepted";
  if (spec.ok()) return "";
  EXPECT_EQ(spec.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(spec.status().message());
}

TEST(BrokerSpecTest, DefaultsArePinnedEmqx58WithTheDocumentedPorts) {
  auto spec = ParseBrokerSpec({});
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->broker_image, "emqx/emqx:5.8.9");
  EXPECT_EQ(spec->emqx_version.major, 5);
  EXPECT_EQ(spec->emqx_version.minor, 8);
  EXPECT_EQ(spec->ports.mqtt, 1883);
  EXPECT_EQ(spec->ports.mqtts, 8883);
  EXPECT_EQ(spec->ports.ws, 8083);
  EXPECT_EQ(spec->ports.wss, 8084);
  EXPECT_EQ(spec->ports.dashboard, 18083);
  EXPECT_EQ(spec->exhook_endpoint.host, "openflow-exhook");
  EXPECT_EQ(spec->exhook_endpoint.port, 9000);
  EXPECT_FALSE(spec->tls_cert_file.has_value());
}

TEST(BrokerSpecTest, Emqx58SpeaksExhookV2AndEmqx59SpeaksV3) {
  auto v58 = ParseBrokerSpec({{"broker-image", "emqx/emqx:5.8.9"}});
  auto v59 = ParseBrokerSpec({{"broker-image", "emqx/emqx:5.9.0"}});
  auto v510 =
      ParseBrokerSpec({{"broker-image", "registry.local:5000/emqx/emqx-enterprise:5.10.1"}});
  ASSERT_TRUE(v58.ok() && v59.ok() && v510.ok());
  EXPECT_EQ(ExhookProtocolFor(v58->emqx_version), ExhookProtocol::kV2);
  EXPECT_EQ(ExhookProtocolFor(v59->emqx_version), ExhookProtocol::kV3);
  EXPECT_EQ(ExhookProtocolFor(v510->emqx_version), ExhookProtocol::kV3);
  EXPECT_EQ(ExhookPackage(ExhookProtocol::kV2), "emqx.exhook.v2");
}

TEST(BrokerSpecTest, ImageReferencesSplitIntoRepositoryTagAndDigest) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  auto ref = ParseImageReference("localhost:5000/team/exhook:1.2@" + digest, "--exhook-image");
  ASSERT_TRUE(ref.ok()) << ref.status();
  EXPECT_EQ(ref->repository, "localhost:5000/team/exhook");
  EXPECT_EQ(ref->tag, "1.2");
  EXPECT_EQ(ref->digest, digest);
}

TEST(BrokerSpecTest, PortOutOfRangeIsRefused) {
  EXPECT_EQ(Refusal({{"mqtt-port", "70000"}}), "--mqtt-port: 70000 out of range 1..65535");
}

TEST(BrokerSpecTest, PortZeroIsRefused) {
  EXPECT_EQ(Refusal({{"wss-port", "0"}}), "--wss-port: 0 out of range 1..65535");
}

TEST(BrokerSpecTest, NonNumericPortIsRefused) {
  EXPECT_EQ(Refusal({{"dashboard-port", "http"}}),
            "--dashboard-port: expected a number, got \"http\"");
}

TEST(BrokerSpecTest, DuplicatedPortIsRefused) {
  EXPECT_EQ(Refusal({{"ws-port", "1883"}}), "--ws-port: 1883 is already used by --mqtt-port");
}

TEST(BrokerSpecTest, DashboardOnAnMqttPortIsRefused) {
  EXPECT_EQ(Refusal({{"dashboard-port", "8883"}}),
            "--dashboard-port: 8883 is already used by --mqtts-port");
}

TEST(BrokerSpecTest, MalformedBrokerImageIsRefused) {
  EXPECT_EQ(Refusal({{"broker-image", "EMQX/emqx:5.8.9"}}),
            "--broker-image: \"EMQX/emqx:5.8.9\" is not a valid image reference");
}

TEST(BrokerSpecTest, BrokerImageWithoutVersionTagIsRefused) {
  EXPECT_EQ(Refusal({{"broker-image", "emqx/emqx:latest"}}),
            "--broker-image: tag \"latest\" does not name an EMQX version; pin one, e.g. "
            "emqx/emqx:5.8.9");
}

TEST(BrokerSpecTest, BrokerImageTooOldForClientAttributesIsRefused) {
  EXPECT_EQ(Refusal({{"broker-image", "emqx/emqx:5.6.1"}}),
            "--broker-image: EMQX 5.6 is too old: mqtt.client_attrs_init needs 5.7 or later");
}

TEST(BrokerSpecTest, BrokerImageOfAnotherMajorVersionIsRefused) {
  EXPECT_EQ(Refusal({{"broker-image", "emqx/emqx:4.4.19"}}),
            "--broker-image: EMQX 4.4 is not supported (5.7 or a later 5.x)");
}

TEST(BrokerSpecTest, MalformedExhookImageIsRefused) {
  EXPECT_EQ(Refusal({{"exhook-image", "openflow exhook"}}),
            "--exhook-image: \"openflow exhook\" is not a valid image reference");
}

TEST(BrokerSpecTest, HttpsExhookUrlIsRefused) {
  EXPECT_EQ(Refusal({{"exhook-url", "https://openflow-exhook:9000"}}),
            "--exhook-url: expected http://HOST:PORT, got \"https://openflow-exhook:9000\"");
}

TEST(BrokerSpecTest, ExhookUrlWithoutPortIsRefused) {
  EXPECT_EQ(Refusal({{"exhook-url", "http://openflow-exhook"}}),
            "--exhook-url: expected http://HOST:PORT, got \"http://openflow-exhook\"");
}

TEST(BrokerSpecTest, ExhookUrlPortOutOfRangeIsRefused) {
  EXPECT_EQ(Refusal({{"exhook-url", "http://openflow-exhook:99999"}}),
            "--exhook-url: 99999 out of range 1..65535");
}

TEST(BrokerSpecTest, BadExhookTimeoutIsRefused) {
  EXPECT_EQ(Refusal({{"exhook-timeout", "soon"}}),
            "--exhook-timeout: expected a duration like 3s or 500ms, got \"soon\"");
}

TEST(BrokerSpecTest, ExhookTimeoutOutOfRangeIsRefused) {
  EXPECT_EQ(Refusal({{"exhook-timeout", "5m"}}), "--exhook-timeout: 5m out of range 100ms..1m");
}

TEST(BrokerSpecTest, ExhookPoolSizeOutOfRangeIsRefused) {
  EXPECT_EQ(Refusal({{"exhook-pool-size", "0"}}), "--exhook-pool-size: 0 out of range 1..1024");
}

TEST(BrokerSpecTest, TenantPrefixWithQuoteIsRefused) {
  EXPECT_EQ(Refusal({{"tenant-prefix", "open'flow/"}}),
            "--tenant-prefix: expected topic levels of A-Z a-z 0-9 _ . - ending in '/', got "
            "\"open'flow/\"");
}

TEST(BrokerSpecTest, TenantPrefixWithoutTrailingSlashIsRefused) {
  EXPECT_EQ(Refusal({{"tenant-prefix", "openflow"}}),
            "--tenant-prefix: expected topic levels of A-Z a-z 0-9 _ . - ending in '/', got "
            "\"openflow\"");
}

TEST(BrokerSpecTest, CertWithoutKeyIsRefused) {
  EXPECT_EQ(Refusal({{"tls-cert", "/certs/tls.crt"}}), "--tls-key: required with --tls-cert");
}

TEST(BrokerSpecTest, KeyWithoutCertIsRefused) {
  EXPECT_EQ(Refusal({{"tls-key", "/certs/tls.key"}}), "--tls-cert: required with --tls-key");
}

}  // namespace
}  // namespace openflow::broker
