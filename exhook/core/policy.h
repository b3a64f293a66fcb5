#pragma once

#include <string>
#include <string_view>

#include "exhook/core/credential_source.h"

namespace openflow {

// A verdict and a short static reason for the log (never holds a secret).
struct Decision {
  bool allow = false;
  std::string_view reason;
};

struct AuthenticateArgs {
  std::string_view username;
  std::string_view password;
  // As the broker sees it after `mqtt.clientid_override`, which puts every
  // client id under its tenant: "<tenant_prefix><projectId>/<own id>".
  std::string_view clientid;
};

enum class Action { kPublish, kSubscribe };

struct AuthorizeArgs {
  std::string_view username;
  std::string_view mountpoint;  // as resolved by the broker
  Action action = Action::kPublish;
  std::string_view topic;  // before mounting
};

// Limits on what a client may send before we even look it up.
inline constexpr std::size_t kMaxUsernameBytes = 129;  // 64 + ':' + 64
inline constexpr std::size_t kMaxPasswordBytes = 256;

// Who may connect, and whether a topic is allowed. Pure: all it knows comes
// from the CredentialSource given at construction, which must outlive it.
class Policy {
 public:
  // `tenant_prefix` is what precedes the project id in every mountpoint,
  // e.g. "openflow/" for mountpoints "openflow/<projectId>/".
  Policy(const CredentialSource& credentials, std::string tenant_prefix);

  // Allows only a known, unrevoked username whose password verifies and
  // whose client id lies in its project's namespace ("<prefix><projectId>/...").
  // Client ids are broker-wide: without the namespace a client of one project
  // could take over another project's session by reusing its client id.
  Decision Authenticate(const AuthenticateArgs& args) const;

  // Allows only a known, unrevoked username whose mountpoint is exactly
  // "<tenant_prefix><projectId>/" and whose topic is a valid topic name
  // (publish) or filter (subscribe).
  Decision Authorize(const AuthorizeArgs& args) const;

 private:
  // The length of "<tenant_prefix_><project>/" if `value` starts with it,
  // else 0. Mountpoints must be exactly that; client ids must extend it.
  std::size_t NamespaceLength(std::string_view value, std::string_view project) const;

  const CredentialSource& credentials_;
  const std::string tenant_prefix_;
};

}  // namespace openflow
