// openflow-provisioner: MQTT credentials, the database schema and the shared
// broker. Composition root: parses the command line, builds the adapters and
// runs one command. Exit codes: 0 done, 1 failed, 2 usage error.
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "common/args.h"
#include "common/database_url.h"
#include "common/hardening.h"
#include "common/identity.h"
#include "common/secrets.h"
#include "common/strings.h"
#include "provisioner/broker/broker_command.h"
#include "provisioner/instances/credential_manager.h"
#include "provisioner/instances/pg_credential_repository.h"
#include "provisioner/schema/migrations.h"

namespace {

using openflow::Cat;

constexpr char kUsage[] = R"(usage: openflow-provisioner <command> [flags]

Commands:
  db migrate
  instance create|rotate|revoke|show|env --project P --name N
  user create|rotate|revoke|show --project P --name N     (dedicated project users)
  broker render|ensure|status|down

Every command takes:
  --database-url URL   libpq connection string (default: $OPENFLOW_DATABASE_URL)
  --data-dir DIR       where the sealing key and broker files live (default ./data)
show/env take:
  --broker-host HOST   broker host to print (show: localhost, env: openflow-emqx)
  --mqtt-port N        the broker's plain MQTT port (default 1883)
  --tenant-prefix P    mountpoint prefix (default openflow/)
broker render|ensure take:
  --broker-image REF   EMQX image with a 5.x version tag, 5.7+ (default emqx/emqx:5.8.9)
  --exhook-image REF   ExHook sidecar image (default openflow-exhook:latest)
  --mqtt-port N --mqtts-port N --ws-port N --wss-port N --dashboard-port N
                       (1883 8883 8083 8084 18083; dashboard published on 127.0.0.1 only)
  --tls-cert FILE --tls-key FILE   broker TLS pair (default: self-signed in the data dir)
  --exhook-url URL     http://HOST:PORT EMQX calls (default http://openflow-exhook:9000)
  --exhook-timeout D --exhook-reconnect D --exhook-pool-size N   (3s, 5s, 8)
broker ensure also takes:
  --exhook-database-url URL  the database as the sidecar reaches it (default --database-url)
broker ensure|status|down use $DOCKER_HOST (unix:///path, default unix:///var/run/docker.sock)
)";

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsageError = 2;

int Fail(const absl::Status& status) {
  std::cerr << "openflow-provisioner: " << status.message() << "\n";
  return kFailed;
}

int Usage(const std::string& message) {
  std::cerr << "openflow-provisioner: " << message << "\n" << kUsage;
  return kUsageError;
}

// A flag with a bad value: one line naming it, no usage dump.
int BadValue(const absl::Status& status) {
  std::cerr << "openflow-provisioner: " << status.message() << "\n";
  return kUsageError;
}

// Present and parseable; the message never repeats the URL (it may hold a password).
absl::Status CheckDatabaseUrl(const std::string& url) {
  if (url.empty()) {
    return absl::InvalidArgumentError("--database-url: required (or set OPENFLOW_DATABASE_URL)");
  }
  return openflow::ValidateDatabaseUrl(url, "--database-url");
}

struct Common {
  std::string database_url;
  std::string data_dir;
};

absl::StatusOr<openflow::SealingKey> LoadKey(const std::string& data_dir) {
  if (::mkdir(data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::FailedPreconditionError(
        Cat("--data-dir ", data_dir, ": cannot create: ", std::strerror(errno)));
  }
  return openflow::SealingKey::LoadOrCreate(data_dir + "/secret.key");
}

void PrintEnv(const openflow::IssuedCredential& c) {
  std::cout << "OPENFLOW_MQTT_USERNAME=" << c.username << "\n"
            << "OPENFLOW_MQTT_PASSWORD=" << c.password << "\n";
}

int RunCredentialCommand(openflow::PrincipalKind kind, const std::string& verb,
                         const openflow::ParsedArgs& args, const Common& common) {
  const auto project = args.Get("project");
  const auto name = args.Get("name");
  if (!project) return Usage("--project: required");
  if (!name) return Usage("--name: required");
  const openflow::PrincipalKey key{*project, *name, kind};
  if (auto s = openflow::ValidateKey(key); !s.ok()) return BadValue(s);
  if (auto s = CheckDatabaseUrl(common.database_url); !s.ok()) return BadValue(s);
  const std::string mqtt_port = args.GetOr("mqtt-port", "1883");
  if (int port = 0;
      !absl::SimpleAtoi(openflow::ToAbsl(mqtt_port), &port) || port < 1 || port > 65535) {
    return BadValue(absl::InvalidArgumentError(
        Cat("--mqtt-port: expected a port from 1 to 65535, got \"", mqtt_port, "\"")));
  }
  const std::string what = Cat(openflow::KindName(kind), " ", *project, "/", *name);

  auto sealing_key = LoadKey(common.data_dir);
  if (!sealing_key.ok()) return Fail(sealing_key.status());
  openflow::PgCredentialRepository repository(common.database_url);
  openflow::CredentialManager manager(repository, *sealing_key);

  if (verb == "create") {
    auto issued = manager.Create(key);
    if (!issued.ok()) return Fail(issued.status());
    PrintEnv(*issued);
    return kOk;
  }
  if (verb == "rotate") {
    auto issued = manager.Rotate(key);
    if (!issued.ok()) return Fail(issued.status());
    if (issued->was_revoked)
      std::cerr << "note: " << what << " was revoked; rotating re-enabled it\n";
    PrintEnv(*issued);
    return kOk;
  }
  if (verb == "revoke") {
    auto already = manager.Revoke(key);
    if (!already.ok()) return Fail(already.status());
    std::cout << what << (*already ? " was already revoked" : " revoked") << "\n";
    return kOk;
  }
  const std::string tenant_prefix = args.GetOr("tenant-prefix", "openflow/");
  auto revealed = manager.Reveal(key);
  if (!revealed.ok()) return Fail(revealed.status());
  if (verb == "env") {
    if (revealed->stored.revoked) {
      return Fail(absl::FailedPreconditionError(
          Cat(what, " is revoked; `instance rotate` issues a new password")));
    }
    std::cout << "OPENFLOW_MQTT_USERNAME=" << revealed->stored.username << "\n"
              << "OPENFLOW_MQTT_PASSWORD=" << revealed->password << "\n"
              << "OPENFLOW_MQTT_HOST=" << args.GetOr("broker-host", "openflow-emqx") << "\n"
              << "OPENFLOW_MQTT_PORT=" << mqtt_port << "\n";
    return kOk;
  }
  // show: the credentials block for a person connecting a flow or device.
  std::cout << "# MQTT credentials for " << what << "\n"
            << "host:          " << args.GetOr("broker-host", "localhost") << "\n"
            << "port.mqtt:     " << mqtt_port << "\n"
            << "port.mqtts:    8883  (TLS)\n"
            << "port.ws:       8083  (WebSocket, path /mqtt)\n"
            << "port.wss:      8084  (WebSocket over TLS, path /mqtt)\n"
            << "username:      " << revealed->stored.username << "\n"
            << "password:      " << revealed->password << "\n"
            << "topic_prefix:  " << openflow::MountpointFor(tenant_prefix, *project)
            << "  (added by the broker: use plain topics like sensors/temperature)\n"
            << "status:        " << (revealed->stored.revoked ? "revoked" : "active") << "\n"
            << "created_at:    " << revealed->stored.created_at << "\n"
            << "updated_at:    " << revealed->stored.updated_at << "\n";
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  openflow::FlagSpec spec{
      {"database-url", "data-dir", "project", "name", "broker-host", "tenant-prefix"}, {"help"}};
  const openflow::FlagSpec broker_flags = openflow::broker::Flags();
  spec.with_value.insert(broker_flags.with_value.begin(), broker_flags.with_value.end());
  spec.switches.insert(broker_flags.switches.begin(), broker_flags.switches.end());

  openflow::DisableCoreDumps();  // plaintext passwords pass through this process
  auto args = openflow::ParseArgs(std::vector<std::string>(argv + 1, argv + argc), spec);
  if (!args.ok()) return Usage(std::string(args.status().message()));
  if (args->Has("help") || args->positional.empty()) {
    std::cout << kUsage;
    return args->Has("help") ? kOk : kUsageError;
  }
  if (args->positional.size() != 2) {
    return Usage("expected <group> <verb>, e.g. `instance create`");
  }
  const std::string& group = args->positional[0];
  const std::string& verb = args->positional[1];
  const char* env_url = std::getenv("OPENFLOW_DATABASE_URL");
  const Common common{args->GetOr("database-url", env_url ? env_url : ""),
                      args->GetOr("data-dir", "./data")};

  if (group == "db" && verb == "migrate") {
    if (auto s = CheckDatabaseUrl(common.database_url); !s.ok()) return BadValue(s);
    auto result = openflow::Migrate(common.database_url);
    if (!result.ok()) return Fail(result.status());
    if (result->applied.empty()) {
      std::cout << "schema up to date (version " << result->current << ")\n";
    } else {
      std::cout << "schema migrated to version " << result->current << "\n";
    }
    return kOk;
  }
  if (group == "instance" && (verb == "create" || verb == "rotate" || verb == "revoke" ||
                              verb == "show" || verb == "env")) {
    return RunCredentialCommand(openflow::PrincipalKind::kInstance, verb, *args, common);
  }
  if (group == "user" &&
      (verb == "create" || verb == "rotate" || verb == "revoke" || verb == "show")) {
    return RunCredentialCommand(openflow::PrincipalKind::kUser, verb, *args, common);
  }
  if (group == "broker") {
    return openflow::broker::Run(verb, *args, common.data_dir, std::cout, std::cerr);
  }
  return Usage(Cat("unknown command `", group, " ", verb, "`"));
}
