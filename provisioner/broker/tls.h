#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace openflow::broker {

// A certificate and its private key, PEM text. The key is a secret.
struct TlsPem {
  std::string cert;
  std::string key;
};

// Checks that `pem.cert` holds a certificate (chain), `pem.key` an
// unencrypted private key, and that the two belong together. Returns the hex
// SHA-256 fingerprint of the first certificate. Errors are InvalidArgument
// naming `cert_field` or `key_field` ("--tls-key: does not match --tls-cert");
// they never contain key material.
absl::StatusOr<std::string> CheckTlsPair(const TlsPem& pem, std::string_view cert_field,
                                         std::string_view key_field);

// A new P-256 key and a self-signed certificate for `dns_names` (the first is
// the subject's CN) and 127.0.0.1, valid for `days`.
absl::StatusOr<TlsPem> MakeSelfSignedPair(const std::vector<std::string>& dns_names, int days);

}  // namespace openflow::broker
