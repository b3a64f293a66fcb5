#include "provisioner/broker/broker_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "common/secrets.h"
#include "common/strings.h"
#include "provisioner/broker/emqx_conf.h"

namespace openflow::broker {
namespace {

constexpr char kConfPrefix[] = "emqx-";
constexpr char kConfSuffix[] = ".conf";
constexpr int kSelfSignedDays = 3650;

absl::Status ErrnoError(std::string_view what, const std::string& path) {
  const int e = errno;
  const std::string message = Cat(what, " ", path, ": ", std::strerror(e));
  if (e == ENOENT) return absl::NotFoundError(message);
  if (e == EACCES || e == EPERM) return absl::PermissionDeniedError(message);
  return absl::InternalError(message);
}

// The whole file, or NotFound / another error naming the path.
absl::StatusOr<std::string> ReadWhole(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open", path);
  std::string out;
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const absl::Status s = ErrnoError("cannot read", path);
      ::close(fd);
      return s;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

absl::StatusOr<std::string> ReadFlagFile(std::string_view flag, const std::string& path) {
  auto text = ReadWhole(path);
  if (text.ok()) return text;
  if (absl::IsNotFound(text.status())) {
    return absl::InvalidArgumentError(Cat(flag, ": file not found: ", path));
  }
  return absl::InvalidArgumentError(Cat(flag, ": ", text.status().message()));
}

std::string Octal(unsigned mode) {
  std::ostringstream out;
  out << '0' << std::oct << mode;
  return out.str();
}

std::string Parent(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

void SyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Writes `content` only if the file's content differs; a rewrite is atomic.
absl::Status WriteIfChanged(const std::string& path, const std::string& content, int mode) {
  auto current = ReadWhole(path);
  if (current.ok() && *current == content) return absl::OkStatus();
  return WriteFileAtomically(path, content, mode);
}

absl::Status Prune(const std::string& emqx_dir, const std::set<std::string>& keep_hashes) {
  DIR* dir = ::opendir(emqx_dir.c_str());
  if (dir == nullptr) return ErrnoError("cannot list", emqx_dir);
  std::vector<std::string> doomed;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (!absl::StartsWith(name, kConfPrefix) || !absl::EndsWith(name, kConfSuffix)) continue;
    const std::string hash =
        name.substr(std::strlen(kConfPrefix),
                    name.size() - std::strlen(kConfPrefix) - std::strlen(kConfSuffix));
    if (keep_hashes.count(hash) == 0) doomed.push_back(Cat(emqx_dir, "/", name));
  }
  ::closedir(dir);
  for (const auto& path : doomed) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoError("cannot remove", path);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<TlsPem>> ReadGivenTls(const BrokerSpec& spec) {
  if (!spec.tls_cert_file) return std::nullopt;
  TlsPem pem;
  auto cert = ReadFlagFile("--tls-cert", *spec.tls_cert_file);
  if (!cert.ok()) return cert.status();
  auto key = ReadFlagFile("--tls-key", *spec.tls_key_file);
  if (!key.ok()) return key.status();
  pem.cert = std::move(*cert);
  pem.key = std::move(*key);
  if (auto s = CheckTlsPair(pem, "--tls-cert", "--tls-key"); !s.ok()) return s.status();
  return pem;
}

absl::Status MakePrivateDir(const std::string& dir) {
  if (dir.empty()) return absl::InvalidArgumentError("empty directory name");
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return absl::FailedPreconditionError(Cat(dir, ": not a directory"));
    return absl::OkStatus();
  }
  const std::string parent = Parent(dir);
  if (parent != dir && parent != "." && parent != "/") {
    if (auto s = MakePrivateDir(parent); !s.ok()) return s;
  }
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return ErrnoError("cannot create directory", dir);
  }
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(const std::string& path, const std::string& content, int mode) {
  std::string tmp = Cat(Parent(path), "/.tmp-XXXXXX");
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return ErrnoError("cannot create a temporary file in", Parent(path));
  bool ok = ::fchmod(fd, static_cast<mode_t>(mode)) == 0;
  for (std::size_t done = 0; ok && done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      ok = false;
    else
      done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const absl::Status s = ErrnoError("cannot write", path);
    ::unlink(tmp.c_str());
    return s;
  }
  SyncDir(Parent(path));
  return absl::OkStatus();
}

absl::StatusOr<std::string> LoadOrCreateSecret(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    std::string secret = GeneratePassword();
    if (auto s = WriteFileAtomically(path, secret + "\n", 0600); !s.ok()) return s;
    return secret;
  }
  if (fd < 0) return ErrnoError("cannot open", path);
  struct stat st {};
  const bool stat_ok = ::fstat(fd, &st) == 0;
  ::close(fd);
  if (!stat_ok) return ErrnoError("cannot stat", path);
  if ((st.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(Cat(path, ": readable by group or others (mode ",
                                             Octal(st.st_mode & 0777), "); chmod 600 it"));
  }
  auto text = ReadWhole(path);
  if (!text.ok()) return text.status();
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
  if (text->empty()) return absl::FailedPreconditionError(Cat(path, ": empty"));
  return *text;
}

absl::StatusOr<TlsFiles> PrepareTls(const std::string& emqx_dir,
                                    const std::optional<TlsPem>& given) {
  const std::string tls_dir = Cat(emqx_dir, "/tls");
  if (auto s = MakePrivateDir(tls_dir); !s.ok()) return s;
  TlsFiles files;
  TlsPem pem;
  if (given) {
    files.self_signed = false;
    files.cert_path = Cat(tls_dir, "/given.crt");
    files.key_path = Cat(tls_dir, "/given.key");
    pem = *given;
    if (auto s = WriteIfChanged(files.cert_path, pem.cert, 0644); !s.ok()) return s;
    if (auto s = WriteIfChanged(files.key_path, pem.key, 0600); !s.ok()) return s;
  } else {
    files.cert_path = Cat(tls_dir, "/self-signed.crt");
    files.key_path = Cat(tls_dir, "/self-signed.key");
    auto cert = ReadWhole(files.cert_path);
    auto key = ReadWhole(files.key_path);
    if (cert.ok() && key.ok()) {
      pem = {std::move(*cert), std::move(*key)};
    } else {
      auto made = MakeSelfSignedPair({"openflow-emqx", "localhost"}, kSelfSignedDays);
      if (!made.ok()) return made.status();
      pem = std::move(*made);
      // The key first: a cert without its key is never left behind.
      if (auto s = WriteFileAtomically(files.key_path, pem.key, 0600); !s.ok()) return s;
      if (auto s = WriteFileAtomically(files.cert_path, pem.cert, 0644); !s.ok()) return s;
      files.created = true;
    }
  }
  const std::string field = given ? "--tls-cert" : files.cert_path;
  auto fingerprint = CheckTlsPair(pem, field, given ? "--tls-key" : files.key_path);
  if (!fingerprint.ok()) return fingerprint.status();
  files.cert_sha256 = *fingerprint;
  return files;
}

absl::StatusOr<WrittenConf> WriteConf(const std::string& emqx_dir, const std::string& text) {
  WrittenConf out;
  out.hash = ConfHash(text);
  out.path = Cat(emqx_dir, "/", kConfPrefix, out.hash, kConfSuffix);
  if (auto s = WriteIfChanged(out.path, text, 0600); !s.ok()) return s;
  std::set<std::string> keep = {out.hash};
  if (auto live = LiveConf(emqx_dir)) keep.insert(*live);
  if (auto s = Prune(emqx_dir, keep); !s.ok()) return s;
  return out;
}

absl::Status SetLiveConf(const std::string& emqx_dir, const std::string& hash) {
  if (auto s = WriteFileAtomically(Cat(emqx_dir, "/live"), hash + "\n", 0600); !s.ok()) return s;
  return Prune(emqx_dir, {hash});
}

std::optional<std::string> LiveConf(const std::string& emqx_dir) {
  auto text = ReadWhole(Cat(emqx_dir, "/live"));
  if (!text.ok()) return std::nullopt;
  while (!text->empty() && text->back() == '\n') text->pop_back();
  if (text->empty()) return std::nullopt;
  return *text;
}

absl::StatusOr<bool> HandOver(const std::string& path, int uid, int gid) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return ErrnoError("cannot stat", path);
  if (static_cast<int>(st.st_uid) == uid && static_cast<int>(st.st_gid) == gid) return true;
  if (::geteuid() != 0) return false;
  if (::chown(path.c_str(), static_cast<uid_t>(uid), static_cast<gid_t>(gid)) != 0) {
    return ErrnoError("cannot chown", path);
  }
  return true;
}

}  // namespace openflow::broker
