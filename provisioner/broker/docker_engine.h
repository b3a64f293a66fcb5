#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "provisioner/broker/container_engine.h"

namespace openflow::broker {

// ContainerEngine over the Docker Engine API (v1.41) on a unix socket, with
// libcurl. Works with Docker and with Podman's Docker-compatible service.
// Library errors (curl, JSON) are caught here and become one-line Status
// messages naming the engine or the request; Unavailable means the socket
// could not be reached.
class DockerEngine : public ContainerEngine {
 public:
  inline static constexpr char kDefaultHost[] = "unix:///var/run/docker.sock";

  // `docker_host` in DOCKER_HOST form; only "unix:///path" is supported
  // (InvalidArgument naming DOCKER_HOST otherwise). Does not connect yet.
  static absl::StatusOr<std::unique_ptr<DockerEngine>> Create(std::string_view docker_host);
  ~DockerEngine() override;

  absl::Status Ping() override;
  absl::StatusOr<std::optional<ImageInfo>> InspectImage(const std::string& reference) override;
  absl::StatusOr<bool> NetworkExists(const std::string& name) override;
  absl::Status CreateNetwork(const std::string& name,
                             const std::map<std::string, std::string>& labels) override;
  absl::StatusOr<std::optional<ContainerInfo>> InspectContainer(const std::string& name) override;
  absl::StatusOr<std::string> CreateContainer(const ContainerSpec& spec) override;
  absl::Status StartContainer(const std::string& id) override;
  absl::Status RemoveContainer(const std::string& id) override;

 private:
  struct Response {
    long status = 0;
    std::string body;
  };
  struct Handle;

  DockerEngine(std::string host, std::string socket_path);
  // One request; a transport failure is Unavailable naming the socket.
  absl::StatusOr<Response> Call(const char* method, const std::string& path,
                                const std::string* json_body);
  // The engine's own error text from a non-2xx reply, on one line.
  static std::string EngineMessage(const Response& response);

  std::string host_;
  std::string socket_path_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace openflow::broker
