#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace openflow {

// The MQTT identity scheme shared by the provisioner, the ExHook server and
// the broker's `mqtt.client_attrs_init` expression.
//
//   username = "<projectId>:<name>"
//
// Project ids match ^[A-Za-z0-9_-]{1,64}$ and names ^[A-Za-z0-9_.-]{1,64}$
// (the same rules as the CHECK constraints of the `instances` table).
// Neither may hold ':' so the split is unambiguous, nor '/', '+', '#' or
// whitespace, so a project id can never widen or escape its mountpoint
// "<tenant-prefix><projectId>/".
inline constexpr std::size_t kMaxIdLength = 64;
inline constexpr char kUsernameSeparator = ':';

// OK, or InvalidArgument naming `field` and the rule it breaks.
absl::Status ValidateProjectId(std::string_view project_id, std::string_view field = "project");
absl::Status ValidateName(std::string_view name, std::string_view field = "name");

// "<project_id>:<name>"; both must already be valid.
std::string MakeUsername(std::string_view project_id, std::string_view name);

struct ParsedUsername {
  std::string_view project_id;
  std::string_view name;
};

// Splits and validates a username. The views point into `username`.
absl::StatusOr<ParsedUsername> ParseUsername(std::string_view username);

// The same check without building an error: for the request path, where a
// storm of malformed usernames must not cost an allocation each.
bool SplitUsername(std::string_view username, ParsedUsername* out);

// A tenant prefix is one or more topic levels of A-Z a-z 0-9 _ . - each
// followed by '/' (e.g. "openflow/"). It becomes the first levels of every
// mountpoint and is quoted inside the broker's client_attrs_init expression,
// so nothing else is allowed. InvalidArgument naming `field`.
absl::Status ValidateTenantPrefix(std::string_view prefix,
                                  std::string_view field = "--tenant-prefix");

// "<tenant_prefix><project_id>/", the mountpoint a project's clients must have.
std::string MountpointFor(std::string_view tenant_prefix, std::string_view project_id);

}  // namespace openflow
