#include "provisioner/broker/broker_spec.h"

#include <cstdlib>
#include <regex>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/identity.h"
#include "common/strings.h"

namespace openflow::broker {
namespace {

constexpr int kMinEmqxMinor = 7;  // mqtt.client_attrs_init appeared in EMQX 5.7
constexpr int kFirstV3Minor = 9;

absl::Status Invalid(std::string_view field, std::string_view message) {
  return absl::InvalidArgumentError(Cat("--", field, ": ", message));
}

const std::string* Find(const std::map<std::string, std::string>& flags, const char* name) {
  auto it = flags.find(name);
  return it == flags.end() ? nullptr : &it->second;
}

absl::StatusOr<int> ParseInt(std::string_view field, const std::string& text, int low, int high) {
  int value = 0;
  if (!absl::SimpleAtoi(ToAbsl(text), &value) || text.empty() || text[0] == '+' || text[0] == ' ') {
    return Invalid(field, Cat("expected a number, got \"", text, "\""));
  }
  if (value < low || value > high) {
    return Invalid(field, Cat(value, " out of range ", low, "..", high));
  }
  return value;
}

absl::StatusOr<absl::Duration> ParseDurationFlag(std::string_view field, const std::string& text,
                                                 absl::Duration low, absl::Duration high) {
  absl::Duration value;
  if (!absl::ParseDuration(ToAbsl(text), &value)) {
    return Invalid(field, Cat("expected a duration like 3s or 500ms, got \"", text, "\""));
  }
  if (value < low || value > high) {
    return Invalid(field, Cat(absl::FormatDuration(value), " out of range ",
                              absl::FormatDuration(low), "..", absl::FormatDuration(high)));
  }
  return value;
}

absl::StatusOr<EmqxVersion> VersionFromTag(const ImageReference& image) {
  static const std::regex kVersion(R"(^v?(\d+)\.(\d+)(\.\d+)?([-.+][A-Za-z0-9.-]*)?$)");
  std::smatch m;
  if (image.tag.empty() || !std::regex_match(image.tag, m, kVersion)) {
    return Invalid("broker-image",
                   Cat("tag \"", image.tag, "\" does not name an EMQX version; pin one, e.g. ",
                       kDefaultBrokerImage));
  }
  EmqxVersion version{std::atoi(m[1].str().c_str()), std::atoi(m[2].str().c_str())};
  if (version.major != 5) {
    return Invalid("broker-image", Cat("EMQX ", version.major, ".", version.minor,
                                       " is not supported (5.", kMinEmqxMinor, " or a later 5.x)"));
  }
  if (version.minor < kMinEmqxMinor) {
    return Invalid("broker-image",
                   Cat("EMQX 5.", version.minor, " is too old: mqtt.client_attrs_init needs 5.",
                       kMinEmqxMinor, " or later"));
  }
  return version;
}

absl::StatusOr<ExhookEndpoint> ParseExhookUrl(const std::string& url) {
  // http://HOST:PORT with an optional trailing '/'; the sidecar speaks plain
  // gRPC on the private bridge, so no https and no path.
  static const std::regex kUrl(R"(^http://([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})/?$)");
  std::smatch m;
  if (!std::regex_match(url, m, kUrl)) {
    return Invalid("exhook-url", Cat("expected http://HOST:PORT, got \"", url, "\""));
  }
  auto port = ParseInt("exhook-url", m[3].str(), 1, 65535);
  if (!port.ok()) return port.status();
  return ExhookEndpoint{m[1].str(), *port};
}

absl::Status ValidateDistinctPorts(const BrokerPorts& ports) {
  const std::vector<std::pair<const char*, int>> all = {{"mqtt-port", ports.mqtt},
                                                        {"mqtts-port", ports.mqtts},
                                                        {"ws-port", ports.ws},
                                                        {"wss-port", ports.wss},
                                                        {"dashboard-port", ports.dashboard}};
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (all[i].second == all[j].second) {
        return Invalid(all[i].first, Cat(all[i].second, " is already used by --", all[j].first));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

ExhookProtocol ExhookProtocolFor(EmqxVersion version) {
  return (version.major > 5 || version.minor >= kFirstV3Minor) ? ExhookProtocol::kV3
                                                               : ExhookProtocol::kV2;
}

std::string_view ExhookPackage(ExhookProtocol protocol) {
  return protocol == ExhookProtocol::kV3 ? "emqx.exhook.v3" : "emqx.exhook.v2";
}

absl::StatusOr<ImageReference> ParseImageReference(std::string_view text, std::string_view field) {
  // Docker's reference grammar, less its rarely used corners:
  // [host[:port]/]component[/component...][:tag][@sha256:hex], where the
  // first part is a registry host only if it has a '.' or ':' or is
  // "localhost", and path components are lowercase.
  static const std::regex kHost(R"(^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$)");
  static const std::regex kComponent(R"(^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$)");
  static const std::regex kTag(R"(^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$)");
  static const std::regex kDigest(R"(^sha256:[a-f0-9]{64}$)");
  const auto bad = [&] {
    return absl::InvalidArgumentError(
        Cat(field, ": \"", text, "\" is not a valid image reference"));
  };
  ImageReference ref;
  std::string rest(text);
  if (auto at = rest.find('@'); at != std::string::npos) {
    ref.digest = rest.substr(at + 1);
    rest.resize(at);
    if (!std::regex_match(ref.digest, kDigest)) return bad();
  }
  if (auto colon = rest.rfind(':');
      colon != std::string::npos && rest.find('/', colon) == std::string::npos) {
    ref.tag = rest.substr(colon + 1);
    rest.resize(colon);
    if (!std::regex_match(ref.tag, kTag)) return bad();
  }
  ref.repository = rest;
  std::vector<std::string> parts = absl::StrSplit(ToAbsl(rest), '/');
  std::size_t first = 0;
  if (parts.size() > 1 &&
      (parts[0].find_first_of(".:") != std::string::npos || parts[0] == "localhost")) {
    if (!std::regex_match(parts[0], kHost)) return bad();
    first = 1;
  }
  for (std::size_t i = first; i < parts.size(); ++i) {
    if (!std::regex_match(parts[i], kComponent)) return bad();
  }
  return ref;
}

absl::StatusOr<BrokerSpec> ParseBrokerSpec(const std::map<std::string, std::string>& flags) {
  BrokerSpec spec;
  if (auto v = Find(flags, "broker-image")) spec.broker_image = *v;
  auto broker_image = ParseImageReference(spec.broker_image, "--broker-image");
  if (!broker_image.ok()) return broker_image.status();
  auto version = VersionFromTag(*broker_image);
  if (!version.ok()) return version.status();
  spec.emqx_version = *version;

  if (auto v = Find(flags, "exhook-image")) spec.exhook_image = *v;
  if (auto s = ParseImageReference(spec.exhook_image, "--exhook-image"); !s.ok()) {
    return s.status();
  }

  const std::pair<const char*, int*> port_flags[] = {{"mqtt-port", &spec.ports.mqtt},
                                                     {"mqtts-port", &spec.ports.mqtts},
                                                     {"ws-port", &spec.ports.ws},
                                                     {"wss-port", &spec.ports.wss},
                                                     {"dashboard-port", &spec.ports.dashboard}};
  for (const auto& [name, target] : port_flags) {
    if (auto v = Find(flags, name)) {
      auto port = ParseInt(name, *v, 1, 65535);
      if (!port.ok()) return port.status();
      *target = *port;
    }
  }
  if (auto s = ValidateDistinctPorts(spec.ports); !s.ok()) return s;

  if (auto v = Find(flags, "exhook-url")) spec.exhook_url = *v;
  auto endpoint = ParseExhookUrl(spec.exhook_url);
  if (!endpoint.ok()) return endpoint.status();
  spec.exhook_endpoint = *endpoint;
  if (auto v = Find(flags, "exhook-timeout")) {
    auto d = ParseDurationFlag("exhook-timeout", *v, absl::Milliseconds(100), absl::Seconds(60));
    if (!d.ok()) return d.status();
    spec.exhook_request_timeout = *d;
  }
  if (auto v = Find(flags, "exhook-reconnect")) {
    auto d = ParseDurationFlag("exhook-reconnect", *v, absl::Seconds(1), absl::Minutes(10));
    if (!d.ok()) return d.status();
    spec.exhook_auto_reconnect = *d;
  }
  if (auto v = Find(flags, "exhook-pool-size")) {
    auto n = ParseInt("exhook-pool-size", *v, 1, 1024);
    if (!n.ok()) return n.status();
    spec.exhook_pool_size = *n;
  }

  if (auto v = Find(flags, "tenant-prefix")) spec.tenant_prefix = *v;
  if (auto s = ValidateTenantPrefix(spec.tenant_prefix); !s.ok()) return s;

  const std::string* cert = Find(flags, "tls-cert");
  const std::string* key = Find(flags, "tls-key");
  if (cert && !key) return Invalid("tls-key", "required with --tls-cert");
  if (key && !cert) return Invalid("tls-cert", "required with --tls-key");
  if (cert) {
    if (cert->empty()) return Invalid("tls-cert", "must not be empty");
    if (key->empty()) return Invalid("tls-key", "must not be empty");
    spec.tls_cert_file = *cert;
    spec.tls_key_file = *key;
  }
  return spec;
}

}  // namespace openflow::broker
