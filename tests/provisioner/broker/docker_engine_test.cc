#include "provisioner/broker/docker_engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace openflow::broker {
namespace {

using ::testing::StartsWith;

TEST(BrokerDockerEngineTest, TcpDockerHostIsRefused) {
  auto engine = DockerEngine::Create("tcp://127.0.0.1:2375");
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(engine.status().message(),
            "DOCKER_HOST: only unix:///path/to/socket is supported, got \"tcp://127.0.0.1:2375\"");
}

TEST(BrokerDockerEngineTest, RelativeSocketPathIsRefused) {
  auto engine = DockerEngine::Create("unix://docker.sock");
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(BrokerDockerEngineTest, MissingSocketIsUnavailableNamingIt) {
  auto engine = DockerEngine::Create("unix:///nonexistent/engine.sock");
  ASSERT_TRUE(engine.ok()) << engine.status();
  const absl::Status ping = (*engine)->Ping();
  EXPECT_EQ(ping.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ping.message(),
            "container engine at unix:///nonexistent/engine.sock is unreachable (No such file or "
            "directory); is Docker or Podman running? DOCKER_HOST selects the socket");
  auto image = (*engine)->InspectImage("emqx/emqx:5.8.9");
  EXPECT_EQ(image.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(image.status().message()),
              StartsWith("container engine at unix:///nonexistent/engine.sock is unreachable"));
}

}  // namespace
}  // namespace openflow::broker
