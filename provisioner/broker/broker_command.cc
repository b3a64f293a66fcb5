#include "provisioner/broker/broker_command.h"

#include <unistd.h>

#include <cstdlib>

#include "common/strings.h"
#include "provisioner/broker/broker_files.h"
#include "provisioner/broker/broker_spec.h"
#include "provisioner/broker/docker_engine.h"
#include "provisioner/broker/emqx_conf.h"
#include "provisioner/broker/ensure.h"

namespace openflow::broker {
namespace {

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsageError = 2;

int Report(std::ostream& err, const absl::Status& status, int code) {
  err << "openflow-provisioner: " << status.message() << "\n";
  return code;
}

std::string Absolute(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char cwd[4096];
  if (::getcwd(cwd, sizeof cwd) == nullptr) return path;
  std::string out = Cat(cwd, "/", path);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

// What render and ensure both do: validate, then write the data-dir files.
struct Prepared {
  BrokerSpec spec;
  std::string emqx_dir;
  TlsFiles tls;
  WrittenConf conf;
};

absl::StatusOr<Prepared> Prepare(const BrokerSpec& spec, const std::optional<TlsPem>& given,
                                 const std::string& data_dir) {
  Prepared p;
  p.spec = spec;
  p.emqx_dir = Cat(Absolute(data_dir), "/emqx");
  if (auto s = MakePrivateDir(p.emqx_dir); !s.ok()) return s;
  BrokerMaterial material;
  auto password = LoadOrCreateSecret(Cat(p.emqx_dir, "/dashboard-password"));
  if (!password.ok()) return password.status();
  auto cookie = LoadOrCreateSecret(Cat(p.emqx_dir, "/node-cookie"));
  if (!cookie.ok()) return cookie.status();
  auto tls = PrepareTls(p.emqx_dir, given);
  if (!tls.ok()) return tls.status();
  p.tls = *tls;
  material.dashboard_password = std::move(*password);
  material.node_cookie = std::move(*cookie);
  material.tls_self_signed = tls->self_signed;
  material.tls_cert_sha256 = tls->cert_sha256;
  auto conf = WriteConf(p.emqx_dir, RenderEmqxConf(spec, material));
  if (!conf.ok()) return conf.status();
  p.conf = *conf;
  return p;
}

void SayWritten(const Prepared& p, std::ostream& out) {
  out << "wrote " << p.conf.path << " (config " << p.conf.hash << ", EMQX "
      << p.spec.emqx_version.major << "." << p.spec.emqx_version.minor << ", ExHook "
      << ExhookPackage(ExhookProtocolFor(p.spec.emqx_version)) << ")\n";
  if (p.tls.created) {
    out << "created a self-signed TLS certificate " << p.tls.cert_path
        << " (give --tls-cert and --tls-key for a real one)\n";
  }
  out << "dashboard: http://127.0.0.1:" << p.spec.ports.dashboard << " user admin, password in "
      << p.emqx_dir << "/dashboard-password\n";
}

absl::StatusOr<std::unique_ptr<DockerEngine>> Engine() {
  return DockerEngine::Create(EnvOr("DOCKER_HOST", DockerEngine::kDefaultHost));
}

struct Validated {
  BrokerSpec spec;
  std::optional<TlsPem> given_tls;
};

// The flags checked up front, before anything is written.
absl::StatusOr<Validated> Validate(const ParsedArgs& args) {
  auto spec = ParseBrokerSpec(args.flags);
  if (!spec.ok()) return spec.status();
  auto given = ReadGivenTls(*spec);
  if (!given.ok()) return given.status();
  return Validated{std::move(*spec), std::move(*given)};
}

int Render(const ParsedArgs& args, const std::string& data_dir, std::ostream& out,
           std::ostream& err) {
  auto valid = Validate(args);
  if (!valid.ok()) return Report(err, valid.status(), kUsageError);
  auto prepared = Prepare(valid->spec, valid->given_tls, data_dir);
  if (!prepared.ok()) return Report(err, prepared.status(), kFailed);
  SayWritten(*prepared, out);
  return kOk;
}

int Ensure(const ParsedArgs& args, const std::string& data_dir, std::ostream& out,
           std::ostream& err) {
  auto valid = Validate(args);
  if (!valid.ok()) return Report(err, valid.status(), kUsageError);
  const std::string database_url = args.GetOr(
      "exhook-database-url", args.GetOr("database-url", EnvOr("OPENFLOW_DATABASE_URL", "")));
  if (database_url.empty()) {
    return Report(err,
                  absl::InvalidArgumentError(
                      "--exhook-database-url: required (or --database-url, or "
                      "$OPENFLOW_DATABASE_URL): the database the ExHook sidecar reads, as "
                      "reachable from its container"),
                  kUsageError);
  }
  auto engine = Engine();
  if (!engine.ok()) return Report(err, engine.status(), kUsageError);
  if (auto s = (*engine)->Ping(); !s.ok()) return Report(err, s, kFailed);

  auto prepared = Prepare(valid->spec, valid->given_tls, data_dir);
  if (!prepared.ok()) return Report(err, prepared.status(), kFailed);
  SayWritten(*prepared, out);
  for (const std::string& path :
       {prepared->conf.path, prepared->tls.cert_path, prepared->tls.key_path}) {
    auto handed = HandOver(path, kEmqxUid, kEmqxGid);
    if (!handed.ok()) return Report(err, handed.status(), kFailed);
    if (!*handed) {
      err << "warning: " << path << " is not owned by uid " << kEmqxUid
          << " (the EMQX image's user) and only root can change that; the broker may not be "
             "able to read it\n";
    }
  }

  const Deployment deployment{valid->spec,
                              prepared->conf.path,
                              prepared->conf.hash,
                              prepared->tls.cert_path,
                              prepared->tls.key_path,
                              database_url};
  auto report = EnsureBroker(deployment, **engine);
  if (!report.ok()) return Report(err, report.status(), kFailed);
  for (const Step& step : report->steps) {
    out << step.object << ": " << step.outcome;
    if (!step.id.empty()) out << " (id " << step.id.substr(0, 12) << ")";
    out << "\n";
  }
  if (auto s = SetLiveConf(prepared->emqx_dir, prepared->conf.hash); !s.ok()) {
    return Report(err, s, kFailed);
  }
  out << (report->changed ? "broker ready" : "broker unchanged: nothing to do") << "\n";
  return kOk;
}

int Status(std::ostream& out, std::ostream& err) {
  auto engine = Engine();
  if (!engine.ok()) return Report(err, engine.status(), kUsageError);
  auto status = BrokerStatus(**engine);
  if (!status.ok()) return Report(err, status.status(), kFailed);
  bool all_running = true;
  for (const ComponentStatus& c : *status) {
    out << c.name << ": ";
    if (!c.container) {
      out << "absent\n";
      all_running = false;
      continue;
    }
    const ContainerInfo& info = *c.container;
    all_running = all_running && info.state == "running";
    out << info.state;
    if (!info.health.empty()) out << " (" << info.health << ")";
    auto image = info.labels.find(kLabelImage);
    out << ", image " << (image != info.labels.end() ? image->second : info.image);
    for (const auto& [label, name] :
         {std::pair{kLabelConfigHash, "config"}, std::pair{kLabelExhookProtocol, "ExHook"}}) {
      auto it = info.labels.find(label);
      if (it != info.labels.end()) out << ", " << name << " " << it->second;
    }
    out << ", id " << info.id.substr(0, 12) << "\n";
  }
  return all_running ? kOk : kFailed;
}

int Down(const std::string& data_dir, std::ostream& out, std::ostream& err) {
  auto engine = Engine();
  if (!engine.ok()) return Report(err, engine.status(), kUsageError);
  auto steps = BrokerDown(**engine);
  if (!steps.ok()) return Report(err, steps.status(), kFailed);
  for (const Step& step : *steps) out << step.object << ": " << step.outcome << "\n";
  out << "kept: network " << kNetworkName << ", volume " << kBrokerVolume << ", "
      << Absolute(data_dir) << "/emqx\n";
  return kOk;
}

}  // namespace

FlagSpec Flags() {
  FlagSpec spec;
  for (const char* flag : kSpecFlags) spec.with_value.insert(flag);
  spec.with_value.insert("exhook-database-url");
  return spec;
}

int Run(const std::string& verb, const ParsedArgs& args, const std::string& data_dir,
        std::ostream& out, std::ostream& err) {
  if (verb == "render") return Render(args, data_dir, out, err);
  if (verb == "ensure") return Ensure(args, data_dir, out, err);
  if (verb == "status") return Status(out, err);
  if (verb == "down") return Down(data_dir, out, err);
  err << "openflow-provisioner: unknown command `broker " << verb
      << "` (expected broker render|ensure|status|down)\n";
  return kUsageError;
}

}  // namespace openflow::broker
