#include "bench/scenarios.h"

#include <chrono>
#include <utility>

#include "common/strings.h"

namespace openflow::bench {
namespace {

namespace v3 = ::emqx::exhook::v3;

constexpr absl::Duration kCallDeadline = absl::Seconds(5);

// ClientInfo as EMQX fills it for a CONNECT from credential `i`. At
// authenticate the mountpoint is still the listener's template; at authorize
// it is resolved, and the password is gone.
void FillClientInfo(std::int64_t i, const std::string& tenant_prefix, std::string username,
                    std::string password, std::string mountpoint, v3::ClientInfo* ci) {
  ci->set_node("emqx@127.0.0.1");
  ci->set_clientid(NamespacedClientId(tenant_prefix, username, Cat("client-", i)));
  ci->set_username(std::move(username));
  ci->set_password(std::move(password));
  ci->set_peerhost("127.0.0.1");
  ci->set_sockport(1883);
  ci->set_protocol("mqtt");
  ci->set_mountpoint(std::move(mountpoint));
  ci->set_peerport(static_cast<std::uint32_t>(40000 + i % 20000));
}

void FillMeta(v3::RequestMeta* meta) {
  meta->set_node("emqx@127.0.0.1");
  meta->set_version("5.9.0");
  meta->set_sysdescr("EMQX");
  meta->set_cluster_name("emqxcl");
}

bool AnswerIs(const v3::ValuedResponse& r, bool allow) {
  return r.type() == v3::ValuedResponse::STOP_AND_RETURN &&
         r.value_case() == v3::ValuedResponse::kBoolResult && r.bool_result() == allow;
}
bool AnswerIs(const v3::EmptySuccess&, bool) { return true; }

// One unary ExHook call; the Request is kept until the call completes.
template <typename Request, typename Response>
class ExhookCall final : public Call {
 public:
  using Prepare = std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> (Stub::*)(
      grpc::ClientContext*, const Request&, grpc::CompletionQueue*);

  ExhookCall(Prepare prepare, Request request, bool expect_allow)
      : prepare_(prepare), request_(std::move(request)), expect_allow_(expect_allow) {}

  void Start(Stub& stub, grpc::CompletionQueue& cq, void* tag) override {
    context_.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
    reader_ = (stub.*prepare_)(&context_, request_, &cq);
    reader_->StartCall();
    reader_->Finish(&response_, &status_, tag);
  }

  Outcome Finish(bool ok) override {
    if (!ok || !status_.ok()) return Outcome::kFailed;
    return AnswerIs(response_, expect_allow_) ? Outcome::kExpected : Outcome::kUnexpected;
  }

 private:
  const Prepare prepare_;
  grpc::ClientContext context_;
  Request request_;
  Response response_;
  grpc::Status status_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader_;
  const bool expect_allow_;
};

template <typename Request, typename Response>
std::unique_ptr<Call> NewExhookCall(typename ExhookCall<Request, Response>::Prepare prepare,
                                    Request request, bool expect_allow) {
  return std::make_unique<ExhookCall<Request, Response>>(prepare, std::move(request), expect_allow);
}

// The mountpoint template of a listener, as authenticate sees it.
std::string MountpointTemplate(const std::string& tenant_prefix) {
  return Cat(tenant_prefix, "${client_attrs.tenant}/");
}

class CeilingScenario final : public Scenario {
 public:
  CeilingScenario(CredentialSet set, std::string tenant_prefix)
      : set_(std::move(set)),
        tenant_prefix_(tenant_prefix),
        mountpoint_template_(MountpointTemplate(tenant_prefix)) {}
  std::string_view key() const override { return "ceiling"; }
  std::string_view title() const override { return "ceiling: OnClientConnected (no work)"; }

  std::unique_ptr<Call> NewCall(absl::InsecureBitGen& rng) const override {
    const std::int64_t i = absl::Uniform<std::int64_t>(rng, 0, set_.count());
    v3::ClientConnectedRequest req;
    FillClientInfo(i, tenant_prefix_, set_.Username(i), set_.Password(i), mountpoint_template_,
                   req.mutable_clientinfo());
    FillMeta(req.mutable_meta());
    return NewExhookCall<v3::ClientConnectedRequest, v3::EmptySuccess>(
        &Stub::PrepareAsyncOnClientConnected, std::move(req), true);
  }

 private:
  const CredentialSet set_;
  const std::string tenant_prefix_;
  const std::string mountpoint_template_;
};

class AuthenticateScenario final : public Scenario {
 public:
  AuthenticateScenario(CredentialSet set, std::string tenant_prefix, double bad_fraction)
      : set_(std::move(set)),
        tenant_prefix_(tenant_prefix),
        mountpoint_template_(MountpointTemplate(tenant_prefix)),
        bad_fraction_(bad_fraction) {}
  std::string_view key() const override { return bad_fraction_ > 0 ? "auth_mixed" : "auth_valid"; }
  std::string_view title() const override {
    return bad_fraction_ > 0 ? "authenticate, 50% bad clients" : "authenticate, valid";
  }

  std::unique_ptr<Call> NewCall(absl::InsecureBitGen& rng) const override {
    std::int64_t i = absl::Uniform<std::int64_t>(rng, 0, set_.count());
    std::string password = set_.Password(i);
    bool allow = true;
    if (bad_fraction_ > 0 && absl::Bernoulli(rng, bad_fraction_)) {
      allow = false;
      if (absl::Bernoulli(rng, 0.5)) {
        password = set_.WrongPassword(i);
      } else {
        i += set_.count();  // a username the database does not have
      }
    }
    v3::ClientAuthenticateRequest req;
    FillClientInfo(i, tenant_prefix_, set_.Username(i), std::move(password), mountpoint_template_,
                   req.mutable_clientinfo());
    FillMeta(req.mutable_meta());
    return NewExhookCall<v3::ClientAuthenticateRequest, v3::ValuedResponse>(
        &Stub::PrepareAsyncOnClientAuthenticate, std::move(req), allow);
  }

 private:
  const CredentialSet set_;
  const std::string tenant_prefix_;
  const std::string mountpoint_template_;
  const double bad_fraction_;
};

class AuthorizeScenario final : public Scenario {
 public:
  AuthorizeScenario(CredentialSet set, std::string tenant_prefix, bool subscribe)
      : set_(std::move(set)), tenant_prefix_(std::move(tenant_prefix)), subscribe_(subscribe) {}
  std::string_view key() const override { return subscribe_ ? "authz_subscribe" : "authz_publish"; }
  std::string_view title() const override {
    return subscribe_ ? "authorize subscribe" : "authorize publish";
  }

  std::unique_ptr<Call> NewCall(absl::InsecureBitGen& rng) const override {
    const std::int64_t i = absl::Uniform<std::int64_t>(rng, 0, set_.count());
    v3::ClientAuthorizeRequest req;
    FillClientInfo(i, tenant_prefix_, set_.Username(i), "", set_.Mountpoint(i, tenant_prefix_),
                   req.mutable_clientinfo());
    req.set_type(subscribe_ ? v3::ClientAuthorizeRequest::SUBSCRIBE
                            : v3::ClientAuthorizeRequest::PUBLISH);
    req.set_topic(subscribe_ ? std::string("devices/+/commands/#")
                             : Cat("devices/", set_.Name(i), "/telemetry"));
    FillMeta(req.mutable_meta());
    return NewExhookCall<v3::ClientAuthorizeRequest, v3::ValuedResponse>(
        &Stub::PrepareAsyncOnClientAuthorize, std::move(req), true);
  }

 private:
  const CredentialSet set_;
  const std::string tenant_prefix_;
  const bool subscribe_;
};

}  // namespace

std::unique_ptr<Scenario> MakeCeilingScenario(CredentialSet set, std::string tenant_prefix) {
  return std::make_unique<CeilingScenario>(std::move(set), std::move(tenant_prefix));
}

std::unique_ptr<Scenario> MakeAuthenticateScenario(CredentialSet set, std::string tenant_prefix,
                                                   double bad_fraction) {
  return std::make_unique<AuthenticateScenario>(std::move(set), std::move(tenant_prefix),
                                                bad_fraction);
}

std::unique_ptr<Scenario> MakeAuthorizeScenario(CredentialSet set, std::string tenant_prefix,
                                                bool subscribe) {
  return std::make_unique<AuthorizeScenario>(std::move(set), std::move(tenant_prefix), subscribe);
}

std::string NamespacedClientId(const std::string& tenant_prefix, const std::string& username,
                               const std::string& suffix) {
  return Cat(tenant_prefix, username.substr(0, username.find(':')), "/", suffix);
}

absl::StatusOr<bool> Authenticate(Stub& stub, const std::string& username,
                                  const std::string& password, absl::Duration timeout) {
  v3::ClientAuthenticateRequest req;
  req.mutable_clientinfo()->set_clientid(NamespacedClientId("openflow/", username, "probe"));
  req.mutable_clientinfo()->set_username(username);
  req.mutable_clientinfo()->set_password(password);
  FillMeta(req.mutable_meta());
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  v3::ValuedResponse resp;
  const grpc::Status status = stub.OnClientAuthenticate(&context, req, &resp);
  if (!status.ok()) {
    return absl::UnavailableError(Cat("OnClientAuthenticate: ", status.error_message()));
  }
  if (resp.type() != v3::ValuedResponse::STOP_AND_RETURN ||
      resp.value_case() != v3::ValuedResponse::kBoolResult) {
    return absl::InternalError("OnClientAuthenticate answered without a STOP_AND_RETURN verdict");
  }
  return resp.bool_result();
}

}  // namespace openflow::bench
