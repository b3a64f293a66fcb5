#pragma once

#include <memory>
#include <string>

#include <grpcpp/server.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "exhook/core/policy.h"

namespace openflow {

// The gRPC server: HookProvider v2 and v3 on one port, plus the standard
// grpc.health.v1 service, NOT_SERVING until SetServing(true).
class ExhookServer {
 public:
  // Binds `listen` ("HOST:PORT"; port 0 picks a free one). Unavailable with
  // the address and the OS's reason if it cannot bind (e.g. port in use).
  // `policy` must outlive the server.
  static absl::StatusOr<std::unique_ptr<ExhookServer>> Start(const std::string& listen,
                                                             const Policy& policy);

  int port() const { return port_; }
  void SetServing(bool serving);
  // Stops accepting calls; in-flight calls get until `grace` to finish.
  void Shutdown(absl::Duration grace);
  void Wait();

 private:
  ExhookServer() = default;
  std::unique_ptr<grpc::Service> v2_;
  std::unique_ptr<grpc::Service> v3_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

// Splits "HOST:PORT" or "[V6]:PORT". InvalidArgument naming `field`.
struct HostPort {
  std::string host;
  int port = 0;
};
absl::StatusOr<HostPort> ParseHostPort(std::string_view text, std::string_view field);

}  // namespace openflow
