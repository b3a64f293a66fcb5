#include "provisioner/broker/emqx_conf.h"

#include <cstdint>

#include "common/identity.h"
#include "common/strings.h"
#include "provisioner/broker/digest.h"

namespace openflow::broker {
namespace {

// EMQX durations: whole seconds as "5s", anything finer in milliseconds.
std::string HoconDuration(absl::Duration d) {
  const int64_t ms = absl::ToInt64Milliseconds(d);
  return ms % 1000 == 0 ? Cat(ms / 1000, "s") : Cat(ms, "ms");
}

// The mountpoint every listener gets: the client attribute `tenant`, set at
// connect time to "<tenant-prefix><projectId>/" from the username
// "<projectId>:<name>" (common/identity.h).
constexpr char kMountpoint[] = "${client_attrs.tenant}";

std::string TenantExpression(const std::string& tenant_prefix) {
  const char separator[] = {kUsernameSeparator, '\0'};
  return Cat("concat(['", tenant_prefix, "', nth(1, tokens(username, '", separator, "')), '/'])");
}

std::string Listener(std::string_view kind, int port, bool tls) {
  std::string out = Cat("listeners.", kind, ".default {\n", "  bind = \"0.0.0.0:", port, "\"\n",
                        "  mountpoint = \"", kMountpoint, "\"\n");
  if (tls) {
    out += Cat("  ssl_options {\n", "    certfile = \"", kEmqxCertPath, "\"\n", "    keyfile = \"",
               kEmqxKeyPath, "\"\n", "  }\n");
  }
  if (kind == "ws" || kind == "wss") out += "  websocket.mqtt_path = \"/mqtt\"\n";
  return out + "}\n";
}

}  // namespace

std::string RenderEmqxConf(const BrokerSpec& spec, const BrokerMaterial& material) {
  const ExhookProtocol protocol = ExhookProtocolFor(spec.emqx_version);
  std::string out = Cat(
      "# emqx.conf for the Openflow shared broker, written by `openflow-provisioner broker "
      "render`.\n",
      "# Do not edit: change the provisioner's flags and run it again.\n",
      "# Broker image: ", spec.broker_image, " (EMQX ", spec.emqx_version.major, ".",
      spec.emqx_version.minor, ", ExHook protocol ", ExhookPackage(protocol), ")\n",
      "# TLS certificate: ",
      material.tls_self_signed ? "self-signed by openflow-provisioner" : "given with --tls-cert",
      ", sha256 ", material.tls_cert_sha256, "\n\n");

  out += Cat("node {\n", "  name = \"emqx@127.0.0.1\"\n", "  cookie = \"", material.node_cookie,
             "\"\n", "  data_dir = \"data\"\n", "}\n\n",
             "cluster {\n  name = openflow\n  discovery_strategy = manual\n}\n\n");

  out += Cat("# Projects are isolated by mountpoint: a client's topics live under\n",
             "# <tenant-prefix><projectId>/, the project id taken from its username.\n",
             "mqtt.client_attrs_init = [\n", "  {expression = \"",
             TenantExpression(spec.tenant_prefix), "\", set_as_attr = \"tenant\"}\n", "]\n",
             "# Client ids are broker-wide: put each under its tenant, so one project\n",
             "# cannot take over another's session by reusing its client id.\n",
             "# openflow-exhook denies a client id outside its project's namespace.\n",
             "mqtt.clientid_override = \"concat([client_attrs.tenant, clientid])\"\n\n");

  out += Listener("tcp", spec.ports.mqtt, false) + "\n";
  out += Listener("ssl", spec.ports.mqtts, true) + "\n";
  out += Listener("ws", spec.ports.ws, false) + "\n";
  out += Listener("wss", spec.ports.wss, true) + "\n";

  out += Cat("# Every connect and every publish/subscribe goes to openflow-exhook:\n",
             "# no built-in authenticator, no authorization source, deny what it does not allow.\n",
             "authentication = []\n", "authorization {\n", "  sources = []\n",
             "  no_match = deny\n",
             "  # Verdicts are cached per client: a revoked client that stays connected\n",
             "  # keeps its cached rights this long (EMQX's default is 1m).\n",
             "  cache {\n    enable = true\n    ttl = \"10s\"\n  }\n", "}\n\n");

  out += Cat("exhook.servers = [\n", "  {\n", "    name = \"openflow\"\n", "    enable = true\n",
             "    url = \"", spec.exhook_url, "\"\n", "    failed_action = deny\n",
             "    request_timeout = \"", HoconDuration(spec.exhook_request_timeout), "\"\n",
             "    auto_reconnect = \"", HoconDuration(spec.exhook_auto_reconnect), "\"\n",
             "    pool_size = ", spec.exhook_pool_size, "\n", "  }\n", "]\n\n");

  out += Cat("# Listens on all interfaces inside the container; the engine publishes it\n",
             "# on the host's 127.0.0.1 only.\n", "dashboard {\n",
             "  listeners.http.bind = ", spec.ports.dashboard, "\n",
             "  default_username = \"admin\"\n", "  default_password = \"",
             material.dashboard_password, "\"\n", "}\n");
  return out;
}

std::string ConfHash(std::string_view text) { return Sha256Hex(text).substr(0, 16); }

}  // namespace openflow::broker
