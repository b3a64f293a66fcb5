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

// The checks both decisions start with; on success `parsed` is filled and
// the returned decision allows.
Decision ScreenUsername(std::string_view username, ParsedUsername* parsed) {
  if (username.empty()) return {false, "empty username"};
  if (username.size() > kMaxUsernameBytes) return {false, "username too long"};
  if (!SplitUsername(username, parsed)) return {false, "malformed username"};
  return {true, "ok"};
}

}  // namespace

Policy::Policy(const CredentialSource& credentials, std::string tenant_prefix)
    : credentials_(credentials), tenant_prefix_(std::move(tenant_prefix)) {}

std::size_t Policy::NamespaceLength(std::string_view value, std::string_view project) const {
  const std::size_t length = tenant_prefix_.size() + project.size() + 1;
  const bool starts =
      value.size() >= length && value.substr(0, tenant_prefix_.size()) == tenant_prefix_ &&
      value.substr(tenant_prefix_.size(), project.size()) == project && value[length - 1] == '/';
  return starts ? length : 0;
}

Decision Policy::Authenticate(const AuthenticateArgs& args) const {
  ParsedUsername parsed;
  if (Decision d = ScreenUsername(args.username, &parsed); !d.allow) return d;
  if (args.password.empty()) return {false, "empty password"};
  if (args.password.size() > kMaxPasswordBytes) return {false, "password too long"};

  const CredentialLookup lookup = credentials_.Find(args.username);
  if (Decision d = CheckLookup(lookup); !d.allow) return d;
  if (!VerifyPassword(lookup.record.verifier, args.password)) return {false, "wrong password"};
  // Something must follow the namespace: the client's own id.
  const std::size_t ns = NamespaceLength(args.clientid, parsed.project_id);
  if (ns == 0 || args.clientid.size() == ns) {
    return {false, "clientid not in the project's namespace (broker needs mqtt.clientid_override)"};
  }
  return {true, "password verified"};
}

Decision Policy::Authorize(const AuthorizeArgs& args) const {
  ParsedUsername parsed;
  if (Decision d = ScreenUsername(args.username, &parsed); !d.allow) return d;

  const CredentialLookup lookup = credentials_.Find(args.username);
  if (Decision d = CheckLookup(lookup); !d.allow) return d;

  // The mountpoint must be exactly "<prefix><projectId>/". Anything else means
  // the broker put this client somewhere it does not belong: fail closed.
  const std::string_view mp = args.mountpoint;
  if (mp.empty()) return {false, "no mountpoint (listener mountpoint not set)"};
  if (mp.find(kTemplateMarker) != std::string_view::npos) {
    return {false, "unresolved mountpoint template (client_attrs.tenant not set by broker)"};
  }
  const std::size_t ns = NamespaceLength(mp, parsed.project_id);
  if (ns == 0 || mp.size() != ns) {
    return {false, "mountpoint is not this project's"};
  }

  const TopicKind kind = args.action == Action::kPublish ? TopicKind::kName : TopicKind::kFilter;
  if (std::string_view problem = TopicProblem(args.topic, kind); !problem.empty()) {
    return {false, problem};
  }
  return {true, args.action == Action::kPublish ? "publish allowed" : "subscribe allowed"};
}

}  // namespace openflow
