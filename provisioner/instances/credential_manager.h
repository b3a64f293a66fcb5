#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "common/secrets.h"
#include "provisioner/instances/credential_repository.h"

namespace openflow {

struct IssuedCredential {
  std::string username;
  std::string password;      // plaintext: print it, inject it, never log it
  bool was_revoked = false;  // Rotate only: the credential was re-enabled
};

struct RevealedCredential {
  StoredCredential stored;
  std::string password;
};

// Issues, rotates, revokes and reveals MQTT credentials. Validates ids
// (InvalidArgument naming the flag), generates passwords, stores only the
// verifier and the sealed password. Repository and key must outlive it.
class CredentialManager {
 public:
  CredentialManager(CredentialRepository& repository, const SealingKey& key)
      : repository_(repository), key_(key) {}

  absl::StatusOr<IssuedCredential> Create(const PrincipalKey& key);
  // A new password; the old one stops working. Re-enables a revoked credential.
  absl::StatusOr<IssuedCredential> Rotate(const PrincipalKey& key);
  // Returns whether it already was revoked (revoking twice is not an error).
  absl::StatusOr<bool> Revoke(const PrincipalKey& key);
  absl::StatusOr<RevealedCredential> Reveal(const PrincipalKey& key);

 private:
  CredentialRepository& repository_;
  const SealingKey& key_;
};

// InvalidArgument naming --project / --name if either breaks the id rules.
absl::Status ValidateKey(const PrincipalKey& key);

}  // namespace openflow
