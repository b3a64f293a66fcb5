#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace openflow::broker {

// The few container-engine operations broker provisioning needs, over plain
// structs. DockerEngine (docker_engine.h) speaks the Docker Engine API;
// tests use a fake.

struct PortBinding {
  int container_port = 0;
  std::string host_ip;  // "" = all interfaces
  int host_port = 0;
  bool operator==(const PortBinding& o) const {
    return container_port == o.container_port && host_ip == o.host_ip && host_port == o.host_port;
  }
};

struct MountSpec {
  enum class Kind { kBind, kVolume };
  Kind kind = Kind::kBind;
  std::string source;  // host path (bind) or volume name (volume)
  std::string target;  // path in the container
  bool read_only = false;
  bool operator==(const MountSpec& o) const {
    return kind == o.kind && source == o.source && target == o.target && read_only == o.read_only;
  }
};

struct HealthcheckSpec {
  std::vector<std::string> test;  // {"CMD", argv...}; empty: the image's own
  absl::Duration interval = absl::Seconds(10);
  absl::Duration timeout = absl::Seconds(5);
  int retries = 3;
};

struct ContainerSpec {
  std::string name;
  std::string image;
  std::string hostname;
  std::vector<std::string> cmd;  // empty: the image's default
  std::vector<std::string> env;  // "KEY=value"; may hold secrets
  std::map<std::string, std::string> labels;
  std::vector<PortBinding> ports;  // TCP
  std::vector<MountSpec> mounts;
  std::string network;
  std::vector<std::string> network_aliases;
  std::string restart_policy;  // e.g. "unless-stopped"
  HealthcheckSpec healthcheck;
};

struct ContainerInfo {
  std::string id;
  std::string name;
  std::string image;     // the reference it was created from
  std::string image_id;  // without "sha256:"
  std::string state;     // "running", "exited", "created", ...
  std::string health;    // "healthy", "unhealthy", "starting", or "" without a healthcheck
  std::map<std::string, std::string> labels;
};

struct ImageInfo {
  std::string id;  // without "sha256:"
};

class ContainerEngine {
 public:
  virtual ~ContainerEngine() = default;

  // OK if the engine answers; Unavailable naming it otherwise.
  virtual absl::Status Ping() = 0;
  // Inspections return nullopt for "no such object". Every error names what
  // was asked for; Unavailable means the engine could not be reached.
  virtual absl::StatusOr<std::optional<ImageInfo>> InspectImage(const std::string& reference) = 0;
  virtual absl::StatusOr<bool> NetworkExists(const std::string& name) = 0;
  virtual absl::Status CreateNetwork(const std::string& name,
                                     const std::map<std::string, std::string>& labels) = 0;
  virtual absl::StatusOr<std::optional<ContainerInfo>> InspectContainer(
      const std::string& name) = 0;
  // Returns the new container's id.
  virtual absl::StatusOr<std::string> CreateContainer(const ContainerSpec& spec) = 0;
  virtual absl::Status StartContainer(const std::string& id) = 0;
  // Stops (gracefully, then by force) and removes; anonymous volumes go with
  // it, named ones stay.
  virtual absl::Status RemoveContainer(const std::string& id) = 0;
};

}  // namespace openflow::broker
