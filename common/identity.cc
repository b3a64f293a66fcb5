#include "common/identity.h"

#include "common/strings.h"

namespace openflow {
namespace {

bool IsIdChar(char c, bool allow_dot) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || (allow_dot && c == '.');
}

absl::Status ValidateId(std::string_view value, std::string_view field, bool allow_dot) {
  if (value.empty()) return absl::InvalidArgumentError(Cat(field, ": must not be empty"));
  if (value.size() > kMaxIdLength) {
    return absl::InvalidArgumentError(Cat(field, ": longer than ", kMaxIdLength, " characters"));
  }
  for (char c : value) {
    if (!IsIdChar(c, allow_dot)) {
      return absl::InvalidArgumentError(Cat(field, ": may only contain ",
                                            allow_dot ? "A-Z a-z 0-9 _ - ." : "A-Z a-z 0-9 _ -",
                                            " (got \"", value, "\")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateProjectId(std::string_view project_id, std::string_view field) {
  return ValidateId(project_id, field, /*allow_dot=*/false);
}

absl::Status ValidateName(std::string_view name, std::string_view field) {
  return ValidateId(name, field, /*allow_dot=*/true);
}

std::string MakeUsername(std::string_view project_id, std::string_view name) {
  return Cat(project_id, std::string_view(&kUsernameSeparator, 1), name);
}

absl::StatusOr<ParsedUsername> ParseUsername(std::string_view username) {
  const auto sep = username.find(kUsernameSeparator);
  if (sep == std::string_view::npos) {
    return absl::InvalidArgumentError("username: expected <project>:<name>");
  }
  ParsedUsername parsed{username.substr(0, sep), username.substr(sep + 1)};
  if (auto s = ValidateProjectId(parsed.project_id, "username project"); !s.ok()) return s;
  if (auto s = ValidateName(parsed.name, "username name"); !s.ok()) return s;
  return parsed;
}

bool SplitUsername(std::string_view username, ParsedUsername* out) {
  const auto sep = username.find(kUsernameSeparator);
  if (sep == std::string_view::npos || sep == 0 || sep > kMaxIdLength ||
      username.size() - sep - 1 == 0 || username.size() - sep - 1 > kMaxIdLength) {
    return false;
  }
  const std::string_view project = username.substr(0, sep);
  const std::string_view name = username.substr(sep + 1);
  for (char c : project) {
    if (!IsIdChar(c, /*allow_dot=*/false)) return false;
  }
  for (char c : name) {
    if (!IsIdChar(c, /*allow_dot=*/true)) return false;
  }
  *out = {project, name};
  return true;
}

absl::Status ValidateTenantPrefix(std::string_view prefix, std::string_view field) {
  bool level_has_chars = false;
  bool ok = !prefix.empty() && prefix.back() == '/';
  for (char c : prefix) {
    if (!ok) break;
    if (c == '/') {
      ok = level_has_chars;  // no empty level
      level_has_chars = false;
    } else {
      ok = IsIdChar(c, /*allow_dot=*/true);
      level_has_chars = true;
    }
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(Cat(
      field, ": expected topic levels of A-Z a-z 0-9 _ . - ending in '/', got \"", prefix, "\""));
}

std::string MountpointFor(std::string_view tenant_prefix, std::string_view project_id) {
  return Cat(tenant_prefix, project_id, "/");
}

}  // namespace openflow
