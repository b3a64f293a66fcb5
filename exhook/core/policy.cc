#include "exhook/core/policy.h"

#include "common/identity.h"
#include "exhook/core/topic.h"

namespace openflow {
namespace {

constexpr std::string_view kTemplateMarker = "${";

// Shared first half of both decisions: is this a username we vouch for?
// Returns a deny decision, or an allow whose reason is unused.
Decision CheckLookup(const CredentialLookup& lookup) {
  switch (lookup.status) {
    case CredentialLookup::Status::kUnavailable:
      return {false, "credential mirror unavailable (database unreachable too long)"};
    case CredentialLookup::Status::kNotFound:
      return {false, "unknown username"};
    case CredentialLookup::Status::kFound:
      break;
  }
  if (lookup.record.revoked) return {false, "credential revoked"};
  return {true, "ok"};
}

}  // namespace

Policy::Policy(const CredentialSource& credentials, std::string tenant_prefix)
    : credentials_(credentials), tenant_prefix_(std::move(tenant_prefix)) {}

bool Policy::InProjectNamespace(std::string_view value, std::string_view project) const {
  return value.size() > tenant_prefix_.size() + project.size() + 1 &&
         value.substr(0, tenant_prefix_.size()) == tenant_prefix_ &&
         value.substr(tenant_prefix_.size(), project.size()) == project &&
         value[tenant_prefix_.size() + project.size()] == '/';
}

Decision Policy::Authenticate(const AuthenticateArgs& args) const {
  if (args.username.empty()) return {false, "empty username"};
  if (args.username.size() > kMaxUsernameBytes) return {false, "username too long"};
  ParsedUsername parsed;
  if (!SplitUsername(args.username, &parsed)) return {false, "malformed username"};
  if (args.password.empty()) return {false, "empty password"};
  if (args.password.size() > kMaxPasswordBytes) return {false, "password too long"};

  const CredentialLookup lookup = credentials_.Find(args.username);
  if (Decision d = CheckLookup(lookup); !d.allow) return d;
  if (!VerifyPassword(lookup.record.verifier, args.password)) return {false, "wrong password"};
  if (!InProjectNamespace(args.clientid, parsed.project_id)) {
    return {false, "clientid not in the project's namespace (broker needs mqtt.clientid_override)"};
  }
  return {true, "password verified"};
}

Decision Policy::Authorize(const AuthorizeArgs& args) const {
  if (args.username.empty()) return {false, "empty username"};
  if (args.username.size() > kMaxUsernameBytes) return {false, "username too long"};
  ParsedUsername parsed;
  if (!SplitUsername(args.username, &parsed)) return {false, "malformed username"};

  const CredentialLookup lookup = credentials_.Find(args.username);
  if (Decision d = CheckLookup(lookup); !d.allow) return d;

  // The mountpoint must be exactly "<prefix><projectId>/". Anything else means
  // the broker put this client somewhere it does not belong: fail closed.
  const std::string_view mp = args.mountpoint;
  if (mp.empty()) return {false, "no mountpoint (listener mountpoint not set)"};
  if (mp.find(kTemplateMarker) != std::string_view::npos) {
    return {false, "unresolved mountpoint template (client_attrs.tenant not set by broker)"};
  }
  const std::string_view project = parsed.project_id;
  if (mp.size() != tenant_prefix_.size() + project.size() + 1 ||
      mp.substr(0, tenant_prefix_.size()) != tenant_prefix_ ||
      mp.substr(tenant_prefix_.size(), project.size()) != project || mp.back() != '/') {
    return {false, "mountpoint is not this project's"};
  }

  const TopicKind kind = args.action == Action::kPublish ? TopicKind::kName : TopicKind::kFilter;
  if (std::string_view problem = TopicProblem(args.topic, kind); !problem.empty()) {
    return {false, problem};
  }
  return {true, args.action == Action::kPublish ? "publish allowed" : "subscribe allowed"};
}

}  // namespace openflow
