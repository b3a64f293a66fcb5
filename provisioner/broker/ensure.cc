#include "provisioner/broker/ensure.h"

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "common/strings.h"
#include "provisioner/broker/digest.h"
#include "provisioner/broker/emqx_conf.h"

namespace openflow::broker {
namespace {

std::string ShortId(const std::string& id) { return id.substr(0, 12); }

std::string Label(const ContainerInfo& info, const char* key) {
  auto it = info.labels.find(key);
  return it == info.labels.end() ? "" : it->second;
}

// A digest of every field of `spec` but the spec-hash label itself, in a
// fixed order with unambiguous separators.
std::string SpecHash(const ContainerSpec& spec) {
  std::string text;
  const auto add = [&text](std::string_view field) { text += Cat(field.size(), ":", field, ";"); };
  add(spec.name);
  add(spec.image);
  add(spec.hostname);
  for (const auto& s : spec.cmd) add(Cat("cmd=", s));
  for (const auto& s : spec.env) add(Cat("env=", s));
  for (const auto& [k, v] : spec.labels) {
    if (k != kLabelSpecHash) add(Cat("label=", k, "=", v));
  }
  for (const auto& p : spec.ports)
    add(Cat("port=", p.container_port, "/", p.host_ip, "/", p.host_port));
  for (const auto& m : spec.mounts) {
    add(Cat("mount=", m.kind == MountSpec::Kind::kBind ? "bind" : "volume", "/", m.source, "/",
            m.target, "/", m.read_only));
  }
  add(spec.network);
  for (const auto& a : spec.network_aliases) add(Cat("alias=", a));
  add(spec.restart_policy);
  for (const auto& t : spec.healthcheck.test) add(Cat("health=", t));
  add(Cat(absl::ToInt64Milliseconds(spec.healthcheck.interval), "/",
          absl::ToInt64Milliseconds(spec.healthcheck.timeout), "/", spec.healthcheck.retries));
  return Sha256Hex(text).substr(0, 16);
}

ContainerSpec WithSpecHash(ContainerSpec spec) {
  spec.labels[kLabelSpecHash] = SpecHash(spec);
  return spec;
}

std::map<std::string, std::string> BaseLabels(const char* component, const std::string& image) {
  return {{kLabelManagedBy, kManagedByValue}, {kLabelComponent, component}, {kLabelImage, image}};
}

bool Managed(const ContainerInfo& info) { return Label(info, kLabelManagedBy) == kManagedByValue; }

absl::Status NotOurs(const std::string& name) {
  return absl::FailedPreconditionError(
      Cat(name,
          ": a container with this name exists but was not made by openflow-provisioner; "
          "remove or rename it"));
}

bool PortTaken(const absl::Status& status) {
  return absl::StrContains(status.message(), "address already in use") ||
         absl::StrContains(status.message(), "port is already allocated");
}

// What changed between a container and the spec it should have.
std::string WhyDifferent(const ContainerInfo& current, const ContainerSpec& desired,
                         const std::string& image_id) {
  const auto desired_label = [&desired](const char* key) {
    auto it = desired.labels.find(key);
    return it == desired.labels.end() ? std::string() : it->second;
  };
  if (Label(current, kLabelConfigHash) != desired_label(kLabelConfigHash)) return "config changed";
  if (Label(current, kLabelImage) != desired_label(kLabelImage) || current.image_id != image_id) {
    return "image changed";
  }
  if (Label(current, kLabelSpecHash) != desired_label(kLabelSpecHash)) return "settings changed";
  return "";
}

// Progress of one `ensure`, for error messages that say what was done.
class Progress {
 public:
  void Add(Step step, bool changed) {
    if (changed) Note(Cat(step.object, " ", step.outcome));
    report_.steps.push_back(std::move(step));
  }
  // A change that is not a step of its own, e.g. removing before recreating.
  void Note(std::string done) {
    done_.push_back(std::move(done));
    changed_ = true;
  }
  absl::Status Fail(const absl::Status& cause) const {
    const std::string tail = done_.empty() ? "; nothing else was changed"
                                           : Cat("; already done: ", absl::StrJoin(done_, ", "),
                                                 " (run `broker ensure` again once fixed)");
    return absl::Status(cause.code(), Cat(cause.message(), tail));
  }
  EnsureReport Finish() {
    report_.changed = changed_;
    return std::move(report_);
  }

 private:
  EnsureReport report_;
  std::vector<std::string> done_;
  bool changed_ = false;
};

absl::Status EnsureContainer(const ContainerSpec& desired, const std::string& image_id,
                             ContainerEngine& engine, Progress& progress) {
  const std::string& name = desired.name;
  auto current = engine.InspectContainer(name);
  if (!current.ok()) return progress.Fail(current.status());
  std::string reason;
  if (*current) {
    const ContainerInfo& info = **current;
    if (!Managed(info)) return progress.Fail(NotOurs(name));
    reason = WhyDifferent(info, desired, image_id);
    if (reason.empty()) {
      if (info.state == "running") {
        progress.Add({name, "unchanged", info.id}, false);
        return absl::OkStatus();
      }
      if (auto s = engine.StartContainer(info.id); !s.ok()) {
        return progress.Fail(
            absl::Status(s.code(), Cat(name, ": cannot start the existing container (", info.state,
                                       "): ", s.message(), "; it is left stopped")));
      }
      progress.Add({name, Cat("started (was ", info.state, ")"), info.id}, true);
      return absl::OkStatus();
    }
    if (auto s = engine.RemoveContainer(info.id); !s.ok()) {
      return progress.Fail(absl::Status(
          s.code(),
          Cat(name, ": cannot remove the outdated container (", reason, "): ", s.message())));
    }
    progress.Note(Cat(name, " removed (", reason, ")"));
  }
  auto id = engine.CreateContainer(desired);
  if (!id.ok()) {
    return progress.Fail(
        absl::Status(id.status().code(), Cat(name, ": cannot create: ", id.status().message())));
  }
  if (auto s = engine.StartContainer(*id); !s.ok()) {
    const absl::Status removed = engine.RemoveContainer(*id);
    const std::string cleanup = removed.ok() ? "the new container was removed"
                                             : Cat("the new container ", ShortId(*id),
                                                   " could not be removed: ", removed.message());
    const std::string what = PortTaken(s) ? "a published host port is already taken" : "";
    return progress.Fail(
        absl::Status(s.code(), Cat(name, ": cannot start", what.empty() ? "" : ": ", what, ": ",
                                   s.message(), "; ", cleanup)));
  }
  progress.Add({name, reason.empty() ? "created" : Cat("recreated (", reason, ")"), *id}, true);
  return absl::OkStatus();
}

absl::StatusOr<std::string> RequireImage(ContainerEngine& engine, const std::string& reference,
                                         std::string_view flag, std::string_view hint) {
  auto image = engine.InspectImage(reference);
  if (!image.ok()) return image.status();
  if (!*image) {
    return absl::NotFoundError(Cat(flag, ": image ", reference, " is not in the container engine; ",
                                   hint, "; nothing was changed"));
  }
  return (*image)->id;
}

}  // namespace

ContainerSpec ExhookContainer(const Deployment& d) {
  ContainerSpec spec;
  spec.name = kExhookName;
  spec.image = d.spec.exhook_image;
  spec.hostname = kExhookName;
  // The image's entrypoint is openflow-exhook (see the Dockerfile).
  spec.cmd = {"--listen", Cat("0.0.0.0:", d.spec.exhook_endpoint.port), "--tenant-prefix",
              d.spec.tenant_prefix};
  spec.env = {Cat("OPENFLOW_DATABASE_URL=", d.database_url)};
  spec.labels = BaseLabels("exhook", d.spec.exhook_image);
  spec.network = kNetworkName;
  spec.network_aliases = {kExhookName};
  if (d.spec.exhook_endpoint.host != kExhookName) {
    spec.network_aliases.push_back(d.spec.exhook_endpoint.host);
  }
  spec.restart_policy = "unless-stopped";
  // The image's HEALTHCHECK probes port 9000; this follows --exhook-url.
  spec.healthcheck.test = {"CMD", "openflow-exhook", "--probe", "--listen",
                           Cat("127.0.0.1:", d.spec.exhook_endpoint.port)};
  return WithSpecHash(std::move(spec));
}

ContainerSpec BrokerContainer(const Deployment& d) {
  const BrokerPorts& p = d.spec.ports;
  ContainerSpec spec;
  spec.name = kBrokerName;
  spec.image = d.spec.broker_image;
  spec.hostname = kBrokerName;
  spec.labels = BaseLabels("broker", d.spec.broker_image);
  spec.labels[kLabelConfigHash] = d.conf_hash;
  spec.labels[kLabelExhookProtocol] =
      std::string(ExhookPackage(ExhookProtocolFor(d.spec.emqx_version)));
  spec.ports = {{p.mqtt, "", p.mqtt},
                {p.mqtts, "", p.mqtts},
                {p.ws, "", p.ws},
                {p.wss, "", p.wss},
                {p.dashboard, "127.0.0.1", p.dashboard}};
  spec.mounts = {
      {MountSpec::Kind::kBind, d.conf_path, kEmqxConfPath, true},
      {MountSpec::Kind::kBind, d.tls_cert_path, kEmqxCertPath, true},
      {MountSpec::Kind::kBind, d.tls_key_path, kEmqxKeyPath, true},
      {MountSpec::Kind::kVolume, kBrokerVolume, kEmqxDataPath, false},
  };
  spec.network = kNetworkName;
  spec.network_aliases = {kBrokerName};
  spec.restart_policy = "unless-stopped";
  spec.healthcheck.test = {"CMD", "/opt/emqx/bin/emqx", "ctl", "status"};
  return WithSpecHash(std::move(spec));
}

absl::StatusOr<EnsureReport> EnsureBroker(const Deployment& d, ContainerEngine& engine) {
  auto exhook_image = RequireImage(
      engine, d.spec.exhook_image, "--exhook-image",
      "build it from this repository's Dockerfile (docker build -t openflow-exhook .)");
  if (!exhook_image.ok()) return exhook_image.status();
  auto broker_image = RequireImage(engine, d.spec.broker_image, "--broker-image",
                                   Cat("pull it first (docker pull ", d.spec.broker_image, ")"));
  if (!broker_image.ok()) return broker_image.status();

  Progress progress;
  auto network = engine.NetworkExists(kNetworkName);
  if (!network.ok()) return progress.Fail(network.status());
  if (*network) {
    progress.Add({Cat("network ", kNetworkName), "unchanged", ""}, false);
  } else {
    auto s = engine.CreateNetwork(kNetworkName, {{kLabelManagedBy, kManagedByValue}});
    if (!s.ok()) {
      return progress.Fail(
          absl::Status(s.code(), Cat("network ", kNetworkName, ": cannot create: ", s.message())));
    }
    progress.Add({Cat("network ", kNetworkName), "created", ""}, true);
  }
  if (auto s = EnsureContainer(ExhookContainer(d), *exhook_image, engine, progress); !s.ok()) {
    return s;
  }
  if (auto s = EnsureContainer(BrokerContainer(d), *broker_image, engine, progress); !s.ok()) {
    return s;
  }
  return progress.Finish();
}

absl::StatusOr<std::vector<ComponentStatus>> BrokerStatus(ContainerEngine& engine) {
  std::vector<ComponentStatus> out;
  for (const char* name : {kExhookName, kBrokerName}) {
    auto info = engine.InspectContainer(name);
    if (!info.ok()) return info.status();
    out.push_back({name, *info});
  }
  return out;
}

absl::StatusOr<std::vector<Step>> BrokerDown(ContainerEngine& engine) {
  std::vector<Step> steps;
  for (const char* name : {kBrokerName, kExhookName}) {
    auto info = engine.InspectContainer(name);
    if (!info.ok()) return info.status();
    if (!*info) {
      steps.push_back({name, "absent", ""});
      continue;
    }
    if (!Managed(**info)) return NotOurs(name);
    if (auto s = engine.RemoveContainer((*info)->id); !s.ok()) {
      return absl::Status(s.code(), Cat(name, ": cannot remove: ", s.message()));
    }
    steps.push_back({name, "removed", (*info)->id});
  }
  return steps;
}

}  // namespace openflow::broker
