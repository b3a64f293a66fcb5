#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "provisioner/broker/broker_spec.h"
#include "provisioner/broker/container_engine.h"

namespace openflow::broker {

// `broker ensure|status|down` as logic over a ContainerEngine: no flags, no
// files, no environment. Every error is one line naming the object.

inline constexpr char kNetworkName[] = "openflow-network";
inline constexpr char kExhookName[] = "openflow-exhook";
inline constexpr char kBrokerName[] = "openflow-emqx";
inline constexpr char kBrokerVolume[] = "openflow-emqx-data";  // EMQX's data dir; kept by `down`
// The user the official EMQX image runs as; it must be able to read the
// mounted config and key.
inline constexpr int kEmqxUid = 1000;
inline constexpr int kEmqxGid = 1000;

inline constexpr char kLabelManagedBy[] = "org.openflow.managed-by";
inline constexpr char kManagedByValue[] = "openflow-provisioner";
inline constexpr char kLabelComponent[] = "org.openflow.component";
inline constexpr char kLabelImage[] = "org.openflow.image";
inline constexpr char kLabelConfigHash[] = "org.openflow.config-hash";
inline constexpr char kLabelExhookProtocol[] = "org.openflow.exhook-protocol";
inline constexpr char kLabelSpecHash[] = "org.openflow.spec-hash";

// Everything `ensure` deploys: the spec plus the files prepared for it.
struct Deployment {
  BrokerSpec spec;
  std::string conf_path;  // absolute host path of the rendered emqx.conf
  std::string conf_hash;
  std::string tls_cert_path;  // absolute host paths
  std::string tls_key_path;
  std::string database_url;  // secret: only in the sidecar's environment
};

// The two containers as the engine should run them. Labels include
// kLabelSpecHash, a digest of everything else in the spec.
ContainerSpec ExhookContainer(const Deployment& deployment);
ContainerSpec BrokerContainer(const Deployment& deployment);

struct Step {
  std::string object;   // "openflow-emqx", "network openflow-network"
  std::string outcome;  // "created", "unchanged", "recreated (config changed)", ...
  std::string id;       // container id, when there is one
};

struct EnsureReport {
  std::vector<Step> steps;
  bool changed = false;
};

// Makes the network, the sidecar and the broker match `deployment`, in that
// order. Leaves a matching running container alone, starts a matching
// stopped one, recreates one whose spec or image changed. Checks both images
// exist before touching anything. On failure the message says what failed
// and what was already changed; a container that was created but could not
// start is removed again.
absl::StatusOr<EnsureReport> EnsureBroker(const Deployment& deployment, ContainerEngine& engine);

struct ComponentStatus {
  std::string name;
  std::optional<ContainerInfo> container;  // nullopt: absent
};

// The sidecar's and the broker's containers, as the engine sees them.
absl::StatusOr<std::vector<ComponentStatus>> BrokerStatus(ContainerEngine& engine);

// Removes the broker, then the sidecar. Keeps the network, the data volume
// and the data dir. Refuses to remove a same-named container it did not make.
absl::StatusOr<std::vector<Step>> BrokerDown(ContainerEngine& engine);

}  // namespace openflow::broker
