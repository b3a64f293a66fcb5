#include "exhook/service/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/numbers.h"
#include "common/strings.h"
#include "exhook/service/hook_provider.h"

namespace openflow {
namespace {

// After gRPC failed to bind, find out why, for the error message.
std::string WhyCannotBind(const HostPort& hp) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* res = nullptr;
  const std::string port = std::to_string(hp.port);
  if (int rc = getaddrinfo(hp.host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    return Cat("cannot resolve host: ", gai_strerror(rc));
  }
  std::string why = "unknown reason";
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) continue;
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      why = std::strerror(errno);
    }
    ::close(fd);
  }
  freeaddrinfo(res);
  return why;
}

}  // namespace

absl::StatusOr<HostPort> ParseHostPort(std::string_view text, std::string_view field) {
  const auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        Cat(field, ": ", why, " (expected HOST:PORT, got \"", text, "\")"));
  };
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad("missing host or port");
  HostPort hp;
  hp.host = std::string(text.substr(0, colon));
  if (hp.host.front() == '[') {
    if (hp.host.back() != ']') return bad("unterminated [IPv6] host");
    hp.host = hp.host.substr(1, hp.host.size() - 2);
  }
  if (!absl::SimpleAtoi(ToAbsl(text.substr(colon + 1)), &hp.port) || hp.port < 0 ||
      hp.port > 65535) {
    return bad("port must be a number from 0 to 65535");
  }
  return hp;
}

absl::StatusOr<std::unique_ptr<ExhookServer>> ExhookServer::Start(const std::string& listen,
                                                                  const Policy& policy) {
  auto hp = ParseHostPort(listen, "--listen");
  if (!hp.ok()) return hp.status();

  grpc::EnableDefaultHealthCheckService(true);
  std::unique_ptr<ExhookServer> s(new ExhookServer());
  s->v2_ = MakeHookProviderV2(policy);
  s->v3_ = MakeHookProviderV3(policy);

  grpc::ServerBuilder builder;
  // Without this, a second server could silently share the port.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(1 << 20);
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &s->port_);
  builder.RegisterService(s->v2_.get());
  builder.RegisterService(s->v3_.get());
  s->server_ = builder.BuildAndStart();
  if (!s->server_ || s->port_ == 0) {
    return absl::UnavailableError(
        Cat("--listen ", listen, ": cannot listen: ", WhyCannotBind(*hp)));
  }
  s->SetServing(false);
  return s;
}

void ExhookServer::SetServing(bool serving) {
  server_->GetHealthCheckService()->SetServingStatus(serving);
}

void ExhookServer::Shutdown(absl::Duration grace) {
  server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(grace));
}

void ExhookServer::Wait() { server_->Wait(); }

}  // namespace openflow
