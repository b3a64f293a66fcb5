#pragma once

#include <string>

#include "provisioner/instances/credential_repository.h"

namespace openflow {

// CredentialRepository on PostgreSQL's `instances` table; one short
// connection per call (the provisioner is a CLI).
class PgCredentialRepository : public CredentialRepository {
 public:
  explicit PgCredentialRepository(std::string database_url) : url_(std::move(database_url)) {}

  absl::Status Insert(const StoredCredential& credential) override;
  absl::StatusOr<bool> ReplaceSecret(const PrincipalKey& key, const std::string& verifier,
                                     const std::string& sealed) override;
  absl::StatusOr<bool> Revoke(const PrincipalKey& key) override;
  absl::StatusOr<StoredCredential> Get(const PrincipalKey& key) override;

 private:
  const std::string url_;
};

}  // namespace openflow
