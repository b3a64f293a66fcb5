#include "provisioner/instances/pg_credential_repository.h"

#include <optional>

#include "common/strings.h"
#include "provisioner/pg_status.h"

namespace openflow {
namespace {

absl::Status NotFound(const PrincipalKey& key) {
  return absl::NotFoundError(Cat("no ", KindName(key.kind), " named \"", key.name,
                                 "\" in project \"", key.project_id, "\""));
}

}  // namespace

std::string_view KindName(PrincipalKind kind) {
  return kind == PrincipalKind::kUser ? "user" : "instance";
}

absl::Status PgCredentialRepository::Insert(const StoredCredential& c) {
  auto done = WithPg<bool>(url_, [&](pqxx::connection& conn) {
    pqxx::work tx(conn, "insert");
    tx.exec_params(
        "INSERT INTO instances (project_id, name, kind, mqtt_username, password_verifier, "
        "password_sealed) VALUES ($1, $2, $3, $4, $5, $6)",
        c.key.project_id, c.key.name, std::string(KindName(c.key.kind)), c.username, c.verifier,
        c.sealed);
    tx.commit();
    return true;
  });
  if (absl::IsAlreadyExists(done.status())) {
    return absl::AlreadyExistsError(Cat("project \"", c.key.project_id,
                                        "\" already has a credential named \"", c.key.name, "\""));
  }
  return done.status();
}

absl::StatusOr<bool> PgCredentialRepository::ReplaceSecret(const PrincipalKey& key,
                                                           const std::string& verifier,
                                                           const std::string& sealed) {
  auto was_revoked = WithPg<std::optional<bool>>(url_, [&](pqxx::connection& conn) {
    pqxx::work tx(conn, "rotate");
    // The old row is read under FOR UPDATE so "was it revoked" is exact.
    const pqxx::result old = tx.exec_params(
        "SELECT revoked_at IS NOT NULL FROM instances WHERE project_id = $1 AND name = $2 AND "
        "kind = $3 FOR UPDATE",
        key.project_id, key.name, std::string(KindName(key.kind)));
    if (old.empty()) return std::optional<bool>();
    tx.exec_params(
        "UPDATE instances SET password_verifier = $1, password_sealed = $2, revoked_at = NULL, "
        "updated_at = now() WHERE project_id = $3 AND name = $4 AND kind = $5",
        verifier, sealed, key.project_id, key.name, std::string(KindName(key.kind)));
    tx.commit();
    return std::optional<bool>(old[0][0].as<bool>());
  });
  if (!was_revoked.ok()) return was_revoked.status();
  if (!*was_revoked) return NotFound(key);
  return **was_revoked;
}

absl::StatusOr<bool> PgCredentialRepository::Revoke(const PrincipalKey& key) {
  auto already = WithPg<std::optional<bool>>(url_, [&](pqxx::connection& conn) {
    pqxx::work tx(conn, "revoke");
    const pqxx::result old = tx.exec_params(
        "SELECT revoked_at IS NOT NULL FROM instances WHERE project_id = $1 AND name = $2 AND "
        "kind = $3 FOR UPDATE",
        key.project_id, key.name, std::string(KindName(key.kind)));
    if (old.empty()) return std::optional<bool>();
    const bool was = old[0][0].as<bool>();
    if (!was) {
      tx.exec_params(
          "UPDATE instances SET revoked_at = now(), updated_at = now() WHERE project_id = $1 AND "
          "name = $2 AND kind = $3",
          key.project_id, key.name, std::string(KindName(key.kind)));
    }
    tx.commit();
    return std::optional<bool>(was);
  });
  if (!already.ok()) return already.status();
  if (!*already) return NotFound(key);
  return **already;
}

absl::StatusOr<StoredCredential> PgCredentialRepository::Get(const PrincipalKey& key) {
  auto row = WithPg<std::optional<StoredCredential>>(url_, [&](pqxx::connection& conn) {
    pqxx::read_transaction tx(conn, "get");
    const pqxx::result r = tx.exec_params(
        "SELECT mqtt_username, password_verifier, password_sealed, revoked_at IS NOT NULL, "
        "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
        "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
        "FROM instances WHERE project_id = $1 AND name = $2 AND kind = $3",
        key.project_id, key.name, std::string(KindName(key.kind)));
    if (r.empty()) return std::optional<StoredCredential>();
    StoredCredential c;
    c.key = key;
    c.username = r[0][0].as<std::string>();
    c.verifier = r[0][1].as<std::string>();
    c.sealed = r[0][2].as<std::string>();
    c.revoked = r[0][3].as<bool>();
    c.created_at = r[0][4].as<std::string>();
    c.updated_at = r[0][5].as<std::string>();
    return std::optional<StoredCredential>(std::move(c));
  });
  if (!row.ok()) return row.status();
  if (!*row) return NotFound(key);
  return std::move(**row);
}

}  // namespace openflow
