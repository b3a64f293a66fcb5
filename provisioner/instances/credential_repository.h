#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace openflow {

// Who holds an MQTT credential: a flow instance, or a dedicated
// project-scoped user (e.g. the notifier service). Both live in `instances`.
enum class PrincipalKind { kInstance, kUser };
std::string_view KindName(PrincipalKind kind);

struct PrincipalKey {
  std::string project_id;
  std::string name;
  PrincipalKind kind = PrincipalKind::kInstance;
};

struct StoredCredential {
  PrincipalKey key;
  std::string username;
  std::string verifier;  // EncodeVerifier() text
  std::string sealed;    // SealingKey::Seal() text
  bool revoked = false;
  std::string created_at;
  std::string updated_at;
};

// Where credentials are stored. Errors: NotFound (no such principal of that
// kind), AlreadyExists, Unavailable (store unreachable), FailedPrecondition
// (schema missing), Internal.
class CredentialRepository {
 public:
  virtual ~CredentialRepository() = default;
  virtual absl::Status Insert(const StoredCredential& credential) = 0;
  // Replaces the secret and clears any revocation; returns whether it was revoked.
  virtual absl::StatusOr<bool> ReplaceSecret(const PrincipalKey& key, const std::string& verifier,
                                             const std::string& sealed) = 0;
  // Marks it revoked now; returns whether it already was.
  virtual absl::StatusOr<bool> Revoke(const PrincipalKey& key) = 0;
  virtual absl::StatusOr<StoredCredential> Get(const PrincipalKey& key) = 0;
};

}  // namespace openflow
