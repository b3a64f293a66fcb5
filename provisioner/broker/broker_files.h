#pragma once

#include <optional>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "provisioner/broker/broker_spec.h"
#include "provisioner/broker/tls.h"

namespace openflow::broker {

// The broker's files in the data dir, all under one directory:
//
//   <emqx_dir>/emqx-<hash>.conf        rendered config, 0600
//   <emqx_dir>/live                     hash of the config the broker runs
//   <emqx_dir>/dashboard-password       generated once, 0600
//   <emqx_dir>/node-cookie              generated once, 0600
//   <emqx_dir>/tls/self-signed.{crt,key}  made when no --tls-cert is given
//   <emqx_dir>/tls/given.{crt,key}        copy of --tls-cert/--tls-key
//
// Errors name the path and never contain file contents.

// Reads and checks --tls-cert/--tls-key when the spec names them (nullopt
// otherwise). InvalidArgument naming the flag: "--tls-cert: file not found:
// /x", a key that does not match, etc. Reads only; writes nothing.
absl::StatusOr<std::optional<TlsPem>> ReadGivenTls(const BrokerSpec& spec);

// Creates `dir` (and missing parents) with mode 0700.
absl::Status MakePrivateDir(const std::string& dir);

// Writes `content` to `path` through a temporary file in the same directory
// and a rename, with `mode`: readers see the old file or the new one, never
// part of one.
absl::Status WriteFileAtomically(const std::string& path, const std::string& content, int mode);

// The secret in `path`, created (0600) from the CSPRNG if the file does not
// exist. FailedPrecondition if it exists but is empty or readable by group or
// others.
absl::StatusOr<std::string> LoadOrCreateSecret(const std::string& path);

struct TlsFiles {
  std::string cert_path;  // host paths the broker mounts
  std::string key_path;
  bool self_signed = true;
  bool created = false;  // the self-signed pair was made just now
  std::string cert_sha256;
};

// With `given`, copies it to tls/given.{crt,key} (rewritten only when the
// content differs). Without, reuses tls/self-signed.{crt,key} or makes them.
absl::StatusOr<TlsFiles> PrepareTls(const std::string& emqx_dir,
                                    const std::optional<TlsPem>& given);

struct WrittenConf {
  std::string path;
  std::string hash;
};

// Writes `text` as <emqx_dir>/emqx-<ConfHash(text)>.conf (0600), then removes
// every other emqx-*.conf except the live one (see SetLiveConf).
absl::StatusOr<WrittenConf> WriteConf(const std::string& emqx_dir, const std::string& text);

// Records `hash` as the config the running broker uses, and prunes all other
// rendered configs.
absl::Status SetLiveConf(const std::string& emqx_dir, const std::string& hash);

// The hash SetLiveConf recorded last, if any.
std::optional<std::string> LiveConf(const std::string& emqx_dir);

// Makes `path` owned by uid:gid so the broker's unprivileged user can read
// it through a bind mount. Only root can; for anyone else it is a no-op that
// returns false when the owner differs.
absl::StatusOr<bool> HandOver(const std::string& path, int uid, int gid);

}  // namespace openflow::broker
