#include "exhook/service/hook_provider.h"

#include <spdlog/spdlog.h>

#include <string>

#include "emqx/exhook/v2/exhook.grpc.pb.h"
#include "emqx/exhook/v3/exhook.grpc.pb.h"

namespace openflow {
namespace {

// Client-supplied text made safe for one log line: printable ASCII kept,
// everything else as \xNN, cut at 160 bytes.
std::string LogSafe(std::string_view s) {
  constexpr std::size_t kMax = 160;
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < kMax; ++i) {
    const unsigned char c = s[i];
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  if (s.size() > kMax) out += "...";
  return out;
}

// The message types of one protocol package, so one template serves both.
#define OPENFLOW_EXHOOK_TYPES(NAME, NS, PACKAGE)                       \
  struct NAME {                                                        \
    static constexpr const char* kPackage = PACKAGE;                   \
    using Service = NS::HookProvider::CallbackService;                 \
    using ProviderLoadedRequest = NS::ProviderLoadedRequest;           \
    using ProviderUnloadedRequest = NS::ProviderUnloadedRequest;       \
    using ClientConnectRequest = NS::ClientConnectRequest;             \
    using ClientConnackRequest = NS::ClientConnackRequest;             \
    using ClientConnectedRequest = NS::ClientConnectedRequest;         \
    using ClientDisconnectedRequest = NS::ClientDisconnectedRequest;   \
    using ClientAuthenticateRequest = NS::ClientAuthenticateRequest;   \
    using ClientAuthorizeRequest = NS::ClientAuthorizeRequest;         \
    using ClientSubscribeRequest = NS::ClientSubscribeRequest;         \
    using ClientUnsubscribeRequest = NS::ClientUnsubscribeRequest;     \
    using SessionCreatedRequest = NS::SessionCreatedRequest;           \
    using SessionSubscribedRequest = NS::SessionSubscribedRequest;     \
    using SessionUnsubscribedRequest = NS::SessionUnsubscribedRequest; \
    using SessionResumedRequest = NS::SessionResumedRequest;           \
    using SessionDiscardedRequest = NS::SessionDiscardedRequest;       \
    using SessionTakenoverRequest = NS::SessionTakenoverRequest;       \
    using SessionTerminatedRequest = NS::SessionTerminatedRequest;     \
    using MessagePublishRequest = NS::MessagePublishRequest;           \
    using MessageDeliveredRequest = NS::MessageDeliveredRequest;       \
    using MessageDroppedRequest = NS::MessageDroppedRequest;           \
    using MessageAckedRequest = NS::MessageAckedRequest;               \
    using LoadedResponse = NS::LoadedResponse;                         \
    using ValuedResponse = NS::ValuedResponse;                         \
    using EmptySuccess = NS::EmptySuccess;                             \
  };

OPENFLOW_EXHOOK_TYPES(V2, ::emqx::exhook::v2, "emqx.exhook.v2")
OPENFLOW_EXHOOK_TYPES(V3, ::emqx::exhook::v3, "emqx.exhook.v3")
#undef OPENFLOW_EXHOOK_TYPES

// A hook we do not register: EMQX never calls it, but if it does, answer now.
#define OPENFLOW_NOOP_HOOK(METHOD, REQUEST)                                                      \
  grpc::ServerUnaryReactor* METHOD(grpc::CallbackServerContext* ctx, const typename V::REQUEST*, \
                                   typename V::EmptySuccess*) override {                         \
    return Ok(ctx);                                                                              \
  }

template <typename V>
class HookProvider final : public V::Service {
 public:
  explicit HookProvider(const Policy& policy) : policy_(policy) {}

  grpc::ServerUnaryReactor* OnProviderLoaded(grpc::CallbackServerContext* ctx,
                                             const typename V::ProviderLoadedRequest* req,
                                             typename V::LoadedResponse* resp) override {
    resp->add_hooks()->set_name("client.authenticate");
    resp->add_hooks()->set_name("client.authorize");
    spdlog::info("provider loaded by EMQX {} (node {}) over {}", LogSafe(req->broker().version()),
                 LogSafe(req->meta().node()), V::kPackage);
    return Ok(ctx);
  }

  grpc::ServerUnaryReactor* OnProviderUnloaded(grpc::CallbackServerContext* ctx,
                                               const typename V::ProviderUnloadedRequest* req,
                                               typename V::EmptySuccess*) override {
    spdlog::info("provider unloaded by EMQX node {} over {}", LogSafe(req->meta().node()),
                 V::kPackage);
    return Ok(ctx);
  }

  grpc::ServerUnaryReactor* OnClientAuthenticate(grpc::CallbackServerContext* ctx,
                                                 const typename V::ClientAuthenticateRequest* req,
                                                 typename V::ValuedResponse* resp) override {
    const auto& ci = req->clientinfo();
    const Decision d = policy_.Authenticate({ci.username(), ci.password(), ci.clientid()});
    Answer(d, resp);
    if (spdlog::should_log(spdlog::level::debug)) {
      spdlog::debug("authenticate username={} clientid={} verdict={} reason={}",
                    LogSafe(ci.username()), LogSafe(ci.clientid()), Verdict(d), d.reason);
    }
    return Ok(ctx);
  }

  grpc::ServerUnaryReactor* OnClientAuthorize(grpc::CallbackServerContext* ctx,
                                              const typename V::ClientAuthorizeRequest* req,
                                              typename V::ValuedResponse* resp) override {
    const auto& ci = req->clientinfo();
    const bool subscribe = req->type() == V::ClientAuthorizeRequest::SUBSCRIBE;
    const Decision d =
        policy_.Authorize({ci.username(), ci.mountpoint(),
                           subscribe ? Action::kSubscribe : Action::kPublish, req->topic()});
    Answer(d, resp);
    if (spdlog::should_log(spdlog::level::debug)) {
      spdlog::debug("authorize username={} action={} mountpoint={} topic={} verdict={} reason={}",
                    LogSafe(ci.username()), subscribe ? "subscribe" : "publish",
                    LogSafe(ci.mountpoint()), LogSafe(req->topic()), Verdict(d), d.reason);
    }
    return Ok(ctx);
  }

  grpc::ServerUnaryReactor* OnMessagePublish(grpc::CallbackServerContext* ctx,
                                             const typename V::MessagePublishRequest*,
                                             typename V::ValuedResponse* resp) override {
    resp->set_type(V::ValuedResponse::IGNORE);  // leave the message as it is
    return Ok(ctx);
  }

  OPENFLOW_NOOP_HOOK(OnClientConnect, ClientConnectRequest)
  OPENFLOW_NOOP_HOOK(OnClientConnack, ClientConnackRequest)
  OPENFLOW_NOOP_HOOK(OnClientConnected, ClientConnectedRequest)
  OPENFLOW_NOOP_HOOK(OnClientDisconnected, ClientDisconnectedRequest)
  OPENFLOW_NOOP_HOOK(OnClientSubscribe, ClientSubscribeRequest)
  OPENFLOW_NOOP_HOOK(OnClientUnsubscribe, ClientUnsubscribeRequest)
  OPENFLOW_NOOP_HOOK(OnSessionCreated, SessionCreatedRequest)
  OPENFLOW_NOOP_HOOK(OnSessionSubscribed, SessionSubscribedRequest)
  OPENFLOW_NOOP_HOOK(OnSessionUnsubscribed, SessionUnsubscribedRequest)
  OPENFLOW_NOOP_HOOK(OnSessionResumed, SessionResumedRequest)
  OPENFLOW_NOOP_HOOK(OnSessionDiscarded, SessionDiscardedRequest)
  OPENFLOW_NOOP_HOOK(OnSessionTakenover, SessionTakenoverRequest)
  OPENFLOW_NOOP_HOOK(OnSessionTerminated, SessionTerminatedRequest)
  OPENFLOW_NOOP_HOOK(OnMessageDelivered, MessageDeliveredRequest)
  OPENFLOW_NOOP_HOOK(OnMessageDropped, MessageDroppedRequest)
  OPENFLOW_NOOP_HOOK(OnMessageAcked, MessageAckedRequest)

 private:
  static grpc::ServerUnaryReactor* Ok(grpc::CallbackServerContext* ctx) {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  static void Answer(const Decision& d, typename V::ValuedResponse* resp) {
    resp->set_type(V::ValuedResponse::STOP_AND_RETURN);
    resp->set_bool_result(d.allow);
  }
  static const char* Verdict(const Decision& d) { return d.allow ? "allow" : "deny"; }

  const Policy& policy_;
};

#undef OPENFLOW_NOOP_HOOK

}  // namespace

std::unique_ptr<grpc::Service> MakeHookProviderV2(const Policy& policy) {
  return std::make_unique<HookProvider<V2>>(policy);
}

std::unique_ptr<grpc::Service> MakeHookProviderV3(const Policy& policy) {
  return std::make_unique<HookProvider<V3>>(policy);
}

}  // namespace openflow
