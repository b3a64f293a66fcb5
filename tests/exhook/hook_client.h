#pragma once

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

namespace openflow::testing {

struct HookAnswer {
  bool rpc_ok = false;
  std::string rpc_error;
  bool stop_and_return = false;  // type == STOP_AND_RETURN
  bool has_bool = false;
  bool allow = false;
};

// Plays EMQX against an ExHook server over one protocol package.
class HookClient {
 public:
  virtual ~HookClient() = default;
  virtual std::vector<std::string> ProviderLoaded() = 0;  // hook names registered
  // Sends the client id the broker's mqtt.clientid_override makes:
  // "openflow/<project>/client-1".
  HookAnswer Authenticate(const std::string& username, const std::string& password);
  virtual HookAnswer Authenticate(const std::string& username, const std::string& password,
                                  const std::string& clientid) = 0;
  virtual HookAnswer Authorize(const std::string& username, const std::string& mountpoint,
                               bool subscribe, const std::string& topic) = 0;
  virtual grpc::Status ClientConnected(const std::string& username) = 0;
};

// version: "v2" or "v3".
std::unique_ptr<HookClient> MakeHookClient(const std::string& version,
                                           std::shared_ptr<grpc::Channel> channel);

// grpc.health.v1 Check(""): "SERVING", "NOT_SERVING", or the RPC error.
std::string HealthStatus(const std::shared_ptr<grpc::Channel>& channel);

}  // namespace openflow::testing
