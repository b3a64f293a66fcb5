#include "common/secrets.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/strings.h"

namespace openflow {
namespace {

constexpr std::size_t kPasswordBytes = 24;
constexpr std::size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::string_view kVerifierTag = "b2b256$";
constexpr std::string_view kSealedTag = "xc20p1$";

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();  // no CSPRNG: nothing safe can be done
}

std::string Hex(const std::uint8_t* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

template <std::size_t N>
bool Unhex(std::string_view hex, std::array<std::uint8_t, N>& out) {
  std::size_t len = 0;
  const char* end = nullptr;
  if (hex.size() != N * 2) return false;
  if (sodium_hex2bin(out.data(), N, hex.data(), hex.size(), nullptr, &len, &end) != 0) return false;
  return len == N && end == hex.data() + hex.size();
}

std::array<std::uint8_t, 32> KeyedHash(const std::array<std::uint8_t, 16>& salt,
                                       std::string_view password) {
  std::array<std::uint8_t, 32> out{};
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char*>(password.data()), password.size(),
                     salt.data(), salt.size());
  return out;
}

absl::Status Errno(std::string_view what, const std::string& path) {
  return absl::InternalError(Cat(what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

std::string GeneratePassword() {
  EnsureSodium();
  unsigned char raw[kPasswordBytes];
  randombytes_buf(raw, sizeof raw);
  std::string out(sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), raw, sizeof raw,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
  out.resize(std::strlen(out.c_str()));
  return out;
}

PasswordVerifier MakeVerifier(std::string_view password) {
  EnsureSodium();
  PasswordVerifier v;
  randombytes_buf(v.salt.data(), v.salt.size());
  v.hash = KeyedHash(v.salt, password);
  return v;
}

std::string EncodeVerifier(const PasswordVerifier& v) {
  return Cat(kVerifierTag, Hex(v.salt.data(), v.salt.size()), "$",
             Hex(v.hash.data(), v.hash.size()));
}

absl::StatusOr<PasswordVerifier> ParseVerifier(std::string_view text) {
  const auto bad =
      absl::InvalidArgumentError("password_verifier: expected b2b256$<32 hex salt>$<64 hex hash>");
  if (text.substr(0, kVerifierTag.size()) != kVerifierTag) return bad;
  text.remove_prefix(kVerifierTag.size());
  const auto dollar = text.find('$');
  if (dollar == std::string_view::npos) return bad;
  PasswordVerifier v;
  if (!Unhex(text.substr(0, dollar), v.salt) || !Unhex(text.substr(dollar + 1), v.hash)) {
    return bad;
  }
  return v;
}

bool VerifyPassword(const PasswordVerifier& verifier, std::string_view password) {
  const auto hash = KeyedHash(verifier.salt, password);
  return sodium_memcmp(hash.data(), verifier.hash.data(), hash.size()) == 0;
}

void SealingKey::Free::operator()(unsigned char* p) const { sodium_free(p); }

absl::StatusOr<SealingKey> SealingKey::LoadOrCreate(const std::string& path) {
  EnsureSodium();
  std::unique_ptr<unsigned char, Free> key(static_cast<unsigned char*>(sodium_malloc(kKeyBytes)));
  if (!key) return absl::ResourceExhaustedError("sealing key: sodium_malloc failed");

  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    const auto slash = path.rfind('/');
    if (slash != std::string::npos && slash > 0) {
      const std::string dir = path.substr(0, slash);
      if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return Errno("sealing key: cannot create directory", dir);
      }
    }
    // Write a temporary file, then link() it into place: link fails if
    // another process created the key meanwhile, and then we read theirs.
    // mkstemp: a unique name (a temp file left by a killed run never blocks
    // a later one), created 0600.
    std::string tmp = Cat(path, ".tmp.XXXXXX");
    int wfd = ::mkstemp(tmp.data());
    if (wfd < 0) return Errno("sealing key: cannot create", tmp);
    randombytes_buf(key.get(), kKeyBytes);
    const bool written =
        ::write(wfd, key.get(), kKeyBytes) == static_cast<ssize_t>(kKeyBytes) && ::fsync(wfd) == 0;
    ::close(wfd);
    if (!written) {
      ::unlink(tmp.c_str());
      return Errno("sealing key: cannot write", tmp);
    }
    const int linked = ::link(tmp.c_str(), path.c_str());
    const int link_errno = errno;
    ::unlink(tmp.c_str());
    if (linked == 0) return SealingKey(std::move(key));
    if (link_errno != EEXIST) {
      errno = link_errno;
      return Errno("sealing key: cannot create", path);
    }
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0) return Errno("sealing key: cannot open", path);

  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Errno("sealing key: cannot stat", path);
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return absl::FailedPreconditionError(
        Cat("sealing key ", path, ": readable by group or others; chmod 600 it"));
  }
  const ssize_t n = ::read(fd, key.get(), kKeyBytes);
  char extra;
  const ssize_t more = ::read(fd, &extra, 1);
  ::close(fd);
  if (n != static_cast<ssize_t>(kKeyBytes) || more != 0) {
    return absl::DataLossError(
        Cat("sealing key ", path, ": expected exactly ", kKeyBytes, " bytes"));
  }
  return SealingKey(std::move(key));
}

std::string SealingKey::Seal(std::string_view plaintext, std::string_view associated) const {
  std::string out(kNonceBytes + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, kNonceBytes);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + kNonceBytes, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(associated.data()),
      associated.size(), nullptr, nonce, key_.get());
  out.resize(kNonceBytes + clen);
  return Cat(kSealedTag, Hex(reinterpret_cast<const std::uint8_t*>(out.data()), out.size()));
}

absl::StatusOr<std::string> SealingKey::Open(std::string_view sealed_text,
                                             std::string_view associated) const {
  const auto corrupt = absl::DataLossError(
      "sealed password does not open with this data dir's key (wrong --data-dir or key file?)");
  if (sealed_text.substr(0, kSealedTag.size()) != kSealedTag) return corrupt;
  sealed_text.remove_prefix(kSealedTag.size());
  std::string raw(sealed_text.size() / 2, '\0');
  std::size_t raw_len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), sealed_text.data(),
                     sealed_text.size(), nullptr, &raw_len, nullptr) != 0 ||
      raw_len * 2 != sealed_text.size()) {
    return corrupt;
  }
  const std::string_view sealed(raw.data(), raw_len);
  if (sealed.size() < kNonceBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES) return corrupt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string out(sealed.size() - kNonceBytes - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr, nonce + kNonceBytes,
          sealed.size() - kNonceBytes, reinterpret_cast<const unsigned char*>(associated.data()),
          associated.size(), nonce, key_.get()) != 0) {
    return corrupt;
  }
  out.resize(mlen);
  return out;
}

}  // namespace openflow
