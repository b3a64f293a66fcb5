#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace openflow::broker {

// What the shared broker looks like, parsed and validated from the `broker`
// flags. Plain data: no secrets (see BrokerMaterial) and no I/O.

inline constexpr char kDefaultBrokerImage[] = "emqx/emqx:5.8.9";
inline constexpr char kDefaultExhookImage[] = "openflow-exhook:latest";
inline constexpr char kDefaultExhookUrl[] = "http://openflow-exhook:9000";
inline constexpr char kDefaultTenantPrefix[] = "openflow/";

// Host and container ports are the same number; the broker listens on them
// inside its container and the engine publishes them unchanged.
struct BrokerPorts {
  int mqtt = 1883;
  int mqtts = 8883;
  int ws = 8083;
  int wss = 8084;
  int dashboard = 18083;  // published on 127.0.0.1 only
};

struct EmqxVersion {
  int major = 0;
  int minor = 0;
};

// The ExHook gRPC package the broker speaks: EMQX 5.0-5.8 speak v2, 5.9 and
// later v3. openflow-exhook serves both on one port.
enum class ExhookProtocol { kV2, kV3 };
ExhookProtocol ExhookProtocolFor(EmqxVersion version);
std::string_view ExhookPackage(ExhookProtocol protocol);  // "emqx.exhook.v2"

// An image reference split into its parts: [registry/]path[:tag][@digest].
struct ImageReference {
  std::string repository;  // everything before the tag and digest
  std::string tag;         // empty if none
  std::string digest;      // "sha256:<hex>" or empty
};

// InvalidArgument naming `field` unless `text` is a well-formed reference.
absl::StatusOr<ImageReference> ParseImageReference(std::string_view text, std::string_view field);

struct ExhookEndpoint {
  std::string host;
  int port = 0;
};

struct BrokerSpec {
  std::string broker_image = kDefaultBrokerImage;
  EmqxVersion emqx_version{5, 8};  // from broker_image's tag
  std::string exhook_image = kDefaultExhookImage;
  BrokerPorts ports;
  std::string exhook_url = kDefaultExhookUrl;
  ExhookEndpoint exhook_endpoint{"openflow-exhook", 9000};  // parsed from exhook_url
  absl::Duration exhook_request_timeout = absl::Seconds(3);
  absl::Duration exhook_auto_reconnect = absl::Seconds(5);
  int exhook_pool_size = 8;
  std::string tenant_prefix = kDefaultTenantPrefix;
  // The operator's certificate and key (host paths); both or neither. With
  // neither, the provisioner makes a self-signed pair in the data dir.
  std::optional<std::string> tls_cert_file;
  std::optional<std::string> tls_key_file;
};

// The flags that shape a BrokerSpec (names without "--").
inline constexpr const char* kSpecFlags[] = {
    "broker-image",     "exhook-image",   "mqtt-port",  "mqtts-port",     "ws-port",
    "wss-port",         "dashboard-port", "exhook-url", "exhook-timeout", "exhook-reconnect",
    "exhook-pool-size", "tenant-prefix",  "tls-cert",   "tls-key"};

// Builds a spec from `flags` (flag name without "--" -> value); flags not
// given keep their defaults, flags not in kSpecFlags are ignored. Every error
// is InvalidArgument and starts with the flag it is about, e.g.
// "--mqtt-port: 70000 out of range 1..65535". Does not touch the files named
// by --tls-cert/--tls-key (see tls.h).
absl::StatusOr<BrokerSpec> ParseBrokerSpec(const std::map<std::string, std::string>& flags);

}  // namespace openflow::broker
