#include "tests/exhook/hook_client.h"

#include <chrono>

#include "emqx/exhook/v2/exhook.grpc.pb.h"
#include "emqx/exhook/v3/exhook.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace openflow::testing {
namespace {

void Deadline(grpc::ClientContext& ctx) {
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
}

template <typename Ns>
class Client : public HookClient {
 public:
  explicit Client(std::shared_ptr<grpc::Channel> channel)
      : stub_(Ns::HookProvider::NewStub(std::move(channel))) {}

  std::vector<std::string> ProviderLoaded() override {
    grpc::ClientContext ctx;
    Deadline(ctx);
    typename Ns::ProviderLoadedRequest req;
    req.mutable_broker()->set_version("5.8.9");
    typename Ns::LoadedResponse resp;
    std::vector<std::string> names;
    if (!stub_->OnProviderLoaded(&ctx, req, &resp).ok()) return {"<rpc failed>"};
    for (const auto& h : resp.hooks()) names.push_back(h.name());
    return names;
  }

  using HookClient::Authenticate;
  HookAnswer Authenticate(const std::string& username, const std::string& password,
                          const std::string& clientid) override {
    grpc::ClientContext ctx;
    Deadline(ctx);
    typename Ns::ClientAuthenticateRequest req;
    req.mutable_clientinfo()->set_username(username);
    req.mutable_clientinfo()->set_password(password);
    req.mutable_clientinfo()->set_clientid(clientid);
    // As EMQX sends it in client.authenticate: still the raw template.
    req.mutable_clientinfo()->set_mountpoint("${client_attrs.tenant}");
    req.set_result(false);
    typename Ns::ValuedResponse resp;
    return ToAnswer(stub_->OnClientAuthenticate(&ctx, req, &resp), resp);
  }

  HookAnswer Authorize(const std::string& username, const std::string& mountpoint, bool subscribe,
                       const std::string& topic) override {
    grpc::ClientContext ctx;
    Deadline(ctx);
    typename Ns::ClientAuthorizeRequest req;
    req.mutable_clientinfo()->set_username(username);
    req.mutable_clientinfo()->set_mountpoint(mountpoint);
    req.set_type(subscribe ? Ns::ClientAuthorizeRequest::SUBSCRIBE
                           : Ns::ClientAuthorizeRequest::PUBLISH);
    req.set_topic(topic);
    typename Ns::ValuedResponse resp;
    return ToAnswer(stub_->OnClientAuthorize(&ctx, req, &resp), resp);
  }

  grpc::Status ClientConnected(const std::string& username) override {
    grpc::ClientContext ctx;
    Deadline(ctx);
    typename Ns::ClientConnectedRequest req;
    req.mutable_clientinfo()->set_username(username);
    typename Ns::EmptySuccess resp;
    return stub_->OnClientConnected(&ctx, req, &resp);
  }

 private:
  static HookAnswer ToAnswer(const grpc::Status& status, const typename Ns::ValuedResponse& resp) {
    HookAnswer a;
    a.rpc_ok = status.ok();
    a.rpc_error = status.error_message();
    a.stop_and_return = resp.type() == Ns::ValuedResponse::STOP_AND_RETURN;
    a.has_bool = resp.value_case() == Ns::ValuedResponse::kBoolResult;
    a.allow = a.has_bool && resp.bool_result();
    return a;
  }

  std::unique_ptr<typename Ns::HookProvider::Stub> stub_;
};

struct V2 {
  using HookProvider = ::emqx::exhook::v2::HookProvider;
  using ProviderLoadedRequest = ::emqx::exhook::v2::ProviderLoadedRequest;
  using LoadedResponse = ::emqx::exhook::v2::LoadedResponse;
  using ClientAuthenticateRequest = ::emqx::exhook::v2::ClientAuthenticateRequest;
  using ClientAuthorizeRequest = ::emqx::exhook::v2::ClientAuthorizeRequest;
  using ClientConnectedRequest = ::emqx::exhook::v2::ClientConnectedRequest;
  using ValuedResponse = ::emqx::exhook::v2::ValuedResponse;
  using EmptySuccess = ::emqx::exhook::v2::EmptySuccess;
};
struct V3 {
  using HookProvider = ::emqx::exhook::v3::HookProvider;
  using ProviderLoadedRequest = ::emqx::exhook::v3::ProviderLoadedRequest;
  using LoadedResponse = ::emqx::exhook::v3::LoadedResponse;
  using ClientAuthenticateRequest = ::emqx::exhook::v3::ClientAuthenticateRequest;
  using ClientAuthorizeRequest = ::emqx::exhook::v3::ClientAuthorizeRequest;
  using ClientConnectedRequest = ::emqx::exhook::v3::ClientConnectedRequest;
  using ValuedResponse = ::emqx::exhook::v3::ValuedResponse;
  using EmptySuccess = ::emqx::exhook::v3::EmptySuccess;
};

}  // namespace

HookAnswer HookClient::Authenticate(const std::string& username, const std::string& password) {
  return Authenticate(username, password,
                      "openflow/" + username.substr(0, username.find(':')) + "/client-1");
}

std::unique_ptr<HookClient> MakeHookClient(const std::string& version,
                                           std::shared_ptr<grpc::Channel> channel) {
  if (version == "v2") return std::make_unique<Client<V2>>(std::move(channel));
  return std::make_unique<Client<V3>>(std::move(channel));
}

std::string HealthStatus(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  Deadline(ctx);
  grpc::health::v1::HealthCheckRequest req;
  grpc::health::v1::HealthCheckResponse resp;
  const grpc::Status s = stub->Check(&ctx, req, &resp);
  if (!s.ok()) return "rpc error: " + s.error_message();
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(resp.status());
}

}  // namespace openflow::testing
