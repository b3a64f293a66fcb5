#include "provisioner/instances/credential_manager.h"

#include "common/identity.h"

namespace openflow {

absl::Status ValidateKey(const PrincipalKey& key) {
  if (auto s = ValidateProjectId(key.project_id, "--project"); !s.ok()) return s;
  return ValidateName(key.name, "--name");
}

absl::StatusOr<IssuedCredential> CredentialManager::Create(const PrincipalKey& key) {
  if (auto s = ValidateKey(key); !s.ok()) return s;
  IssuedCredential out;
  out.username = MakeUsername(key.project_id, key.name);
  out.password = GeneratePassword();
  StoredCredential stored;
  stored.key = key;
  stored.username = out.username;
  stored.verifier = EncodeVerifier(MakeVerifier(out.password));
  stored.sealed = key_.Seal(out.password, out.username);
  if (auto s = repository_.Insert(stored); !s.ok()) return s;
  return out;
}

absl::StatusOr<IssuedCredential> CredentialManager::Rotate(const PrincipalKey& key) {
  if (auto s = ValidateKey(key); !s.ok()) return s;
  IssuedCredential out;
  out.username = MakeUsername(key.project_id, key.name);
  out.password = GeneratePassword();
  auto was_revoked = repository_.ReplaceSecret(key, EncodeVerifier(MakeVerifier(out.password)),
                                               key_.Seal(out.password, out.username));
  if (!was_revoked.ok()) return was_revoked.status();
  out.was_revoked = *was_revoked;
  return out;
}

absl::StatusOr<bool> CredentialManager::Revoke(const PrincipalKey& key) {
  if (auto s = ValidateKey(key); !s.ok()) return s;
  return repository_.Revoke(key);
}

absl::StatusOr<RevealedCredential> CredentialManager::Reveal(const PrincipalKey& key) {
  if (auto s = ValidateKey(key); !s.ok()) return s;
  auto stored = repository_.Get(key);
  if (!stored.ok()) return stored.status();
  auto password = key_.Open(stored->sealed, stored->username);
  if (!password.ok()) return password.status();
  return RevealedCredential{std::move(*stored), std::move(*password)};
}

}  // namespace openflow
