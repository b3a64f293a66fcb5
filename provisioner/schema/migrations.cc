#include "provisioner/schema/migrations.h"

#include <pqxx/pqxx>

#include "provisioner/pg_status.h"

namespace openflow {
namespace {

// Version 1: instances and dedicated users share one table (kind) so the
// ExHook server has one lookup path. The username is derived and checked:
// "<project_id>:<name>", with charsets that cannot widen a mountpoint.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE instances (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id         text NOT NULL CHECK (project_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  name               text NOT NULL CHECK (name ~ '^[A-Za-z0-9_.-]{1,64}$'),
  kind               text NOT NULL DEFAULT 'instance' CHECK (kind IN ('instance', 'user')),
  mqtt_username      text NOT NULL UNIQUE CHECK (mqtt_username = project_id || ':' || name),
  password_verifier  text NOT NULL,
  password_sealed    text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  revoked_at         timestamptz,
  UNIQUE (project_id, name)
);

-- One notification per changed row, payload = the username (never a secret);
-- '*' after a TRUNCATE, which has no rows to name.
CREATE FUNCTION openflow_notify_credentials() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('openflow_credentials', '*');
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('openflow_credentials', OLD.mqtt_username);
  ELSE
    PERFORM pg_notify('openflow_credentials', NEW.mqtt_username);
    IF TG_OP = 'UPDATE' AND OLD.mqtt_username <> NEW.mqtt_username THEN
      PERFORM pg_notify('openflow_credentials', OLD.mqtt_username);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER instances_notify AFTER INSERT OR UPDATE OR DELETE ON instances
  FOR EACH ROW EXECUTE FUNCTION openflow_notify_credentials();
CREATE TRIGGER instances_notify_truncate AFTER TRUNCATE ON instances
  FOR EACH STATEMENT EXECUTE FUNCTION openflow_notify_credentials();
)sql";

constexpr std::string_view kBootstrap = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)
)sql";

}  // namespace

const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> kAll = {
      {1, "instances and credential notifications", kV1},
  };
  return kAll;
}

absl::StatusOr<MigrateResult> Migrate(const std::string& database_url) {
  return WithPg<MigrateResult>(database_url, [](pqxx::connection& conn) {
    MigrateResult out;
    pqxx::work tx(conn, "migrate");
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('openflow.schema_migrations'))");
    tx.exec(std::string(kBootstrap));
    out.current =
        tx.exec("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0].as<int>();
    for (const Migration& m : AllMigrations()) {
      if (m.version <= out.current) continue;
      tx.exec(std::string(m.sql));
      tx.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version,
                     std::string(m.name));
      out.applied.push_back(m.version);
      out.current = m.version;
    }
    tx.commit();
    return out;
  });
}

}  // namespace openflow
