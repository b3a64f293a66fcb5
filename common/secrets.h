#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace openflow {

// Machine-generated MQTT passwords: 24 bytes from libsodium's CSPRNG
// (192 bits), base64url without padding, 32 characters.
std::string GeneratePassword();

// What the database stores to check a password against: a random 128-bit
// salt and BLAKE2b-256 keyed with that salt over the password. A fast keyed
// hash is the right tool for machine-generated secrets of 112+ bits (NIST SP
// 800-63B); a slow KDF would throttle reconnect storms for no gain.
struct PasswordVerifier {
  std::array<std::uint8_t, 16> salt{};
  std::array<std::uint8_t, 32> hash{};
};

PasswordVerifier MakeVerifier(std::string_view password);

// Text form stored in `instances.password_verifier`: "b2b256$<salt hex>$<hash hex>".
std::string EncodeVerifier(const PasswordVerifier& verifier);
// InvalidArgument if `text` is not in the form EncodeVerifier writes.
absl::StatusOr<PasswordVerifier> ParseVerifier(std::string_view text);

// Constant-time check of `password` against `verifier`.
bool VerifyPassword(const PasswordVerifier& verifier, std::string_view password);

// The key that seals stored plaintext passwords (XChaCha20-Poly1305), kept in
// a file outside the database, so a database dump alone reveals no password.
// The key bytes live in sodium_malloc'd memory: locked, guarded and excluded
// from core dumps.
class SealingKey {
 public:
  // Reads the 32-byte key at `path`; if the file does not exist, creates it
  // (mode 0600, parent directory 0700) from the CSPRNG. Errors name the path:
  // unreadable file, wrong size, group/world-readable mode.
  static absl::StatusOr<SealingKey> LoadOrCreate(const std::string& path);

  // Seals `plaintext`, binding it to `associated` (the username): a sealed
  // value copied onto another row does not open. Returns text:
  // "xc20p1$<hex of nonce || ciphertext>".
  std::string Seal(std::string_view plaintext, std::string_view associated) const;
  // DataLoss if `sealed` was not made by Seal with this key and `associated`.
  absl::StatusOr<std::string> Open(std::string_view sealed, std::string_view associated) const;

 private:
  struct Free {
    void operator()(unsigned char* p) const;
  };
  explicit SealingKey(std::unique_ptr<unsigned char, Free> key) : key_(std::move(key)) {}
  std::unique_ptr<unsigned char, Free> key_;
};

}  // namespace openflow
