#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/strings.h"
#include "provisioner/broker/container_engine.h"

namespace openflow::broker::testing {

// An in-memory container engine that records every call. Failures are
// injected per operation.
class FakeEngine : public ContainerEngine {
 public:
  struct Container {
    ContainerInfo info;
    ContainerSpec spec;
  };

  std::map<std::string, std::string> images;  // reference -> id
  std::set<std::string> networks;
  std::map<std::string, Container> containers;  // by name
  std::vector<std::string> calls;               // "create openflow-emqx", ...
  absl::Status unreachable = absl::OkStatus();
  std::map<std::string, absl::Status> start_errors;  // by container name

  absl::Status Ping() override { return unreachable; }

  absl::StatusOr<std::optional<ImageInfo>> InspectImage(const std::string& reference) override {
    if (!unreachable.ok()) return unreachable;
    auto it = images.find(reference);
    if (it == images.end()) return std::nullopt;
    return ImageInfo{it->second};
  }

  absl::StatusOr<bool> NetworkExists(const std::string& name) override {
    if (!unreachable.ok()) return unreachable;
    return networks.count(name) > 0;
  }

  absl::Status CreateNetwork(const std::string& name,
                             const std::map<std::string, std::string>&) override {
    calls.push_back("create network " + name);
    networks.insert(name);
    return absl::OkStatus();
  }

  absl::StatusOr<std::optional<ContainerInfo>> InspectContainer(const std::string& name) override {
    if (!unreachable.ok()) return unreachable;
    auto it = containers.find(name);
    if (it == containers.end()) return std::nullopt;
    return it->second.info;
  }

  absl::StatusOr<std::string> CreateContainer(const ContainerSpec& spec) override {
    calls.push_back("create " + spec.name);
    if (containers.count(spec.name)) return absl::AlreadyExistsError("name in use");
    Container c;
    c.spec = spec;
    c.info.id = Cat("id-", spec.name, "-", ++next_id_);
    c.info.name = spec.name;
    c.info.image = spec.image;
    c.info.image_id = images.count(spec.image) ? images[spec.image] : "";
    c.info.state = "created";
    c.info.labels = spec.labels;
    containers[spec.name] = c;
    return c.info.id;
  }

  absl::Status StartContainer(const std::string& id) override {
    Container* c = ById(id);
    if (!c) return absl::NotFoundError("no such container");
    calls.push_back("start " + c->info.name);
    auto error = start_errors.find(c->info.name);
    if (error != start_errors.end()) return error->second;
    c->info.state = "running";
    return absl::OkStatus();
  }

  absl::Status RemoveContainer(const std::string& id) override {
    Container* c = ById(id);
    if (!c) return absl::OkStatus();
    calls.push_back("remove " + c->info.name);
    containers.erase(c->info.name);
    return absl::OkStatus();
  }

 private:
  Container* ById(const std::string& id) {
    for (auto& [name, c] : containers) {
      if (c.info.id == id) return &c;
    }
    return nullptr;
  }
  int next_id_ = 0;
};

}  // namespace openflow::broker::testing
