#pragma once

#include <string>
#include <string_view>

#include "provisioner/broker/broker_spec.h"

namespace openflow::broker {

// Where the broker container finds what the provisioner mounts into it.
inline constexpr char kEmqxConfPath[] = "/opt/emqx/etc/emqx.conf";
inline constexpr char kEmqxCertPath[] = "/opt/emqx/etc/certs/openflow/tls.crt";
inline constexpr char kEmqxKeyPath[] = "/opt/emqx/etc/certs/openflow/tls.key";
inline constexpr char kEmqxDataPath[] = "/opt/emqx/data";

// What the data dir supplies to the config besides the spec. The first two
// are secrets: they appear in the rendered text (a 0600 file) and nowhere
// else the provisioner writes.
struct BrokerMaterial {
  std::string dashboard_password;  // replaces EMQX's well-known default
  std::string node_cookie;         // Erlang distribution cookie, likewise
  bool tls_self_signed = true;     // false: the operator's --tls-cert
  std::string tls_cert_sha256;     // hex fingerprint; a new certificate is a new config
};

// The text of emqx.conf (HOCON) for `spec`, which must come from
// ParseBrokerSpec. Pure: the same inputs always give the same bytes.
std::string RenderEmqxConf(const BrokerSpec& spec, const BrokerMaterial& material);

// First 16 hex digits of SHA-256 over `text`: names the rendered file and is
// recorded on the broker container.
std::string ConfHash(std::string_view text);

}  // namespace openflow::broker
