#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace openflow {

// A parsed command line: positional words and `--flag value` / `--flag=value`
// pairs. Only main.cpp files use it.
struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;  // name without "--" -> value

  std::optional<std::string> Get(const std::string& name) const;
  std::string GetOr(const std::string& name, std::string fallback) const;
  bool Has(const std::string& name) const { return flags.count(name) > 0; }
};

struct FlagSpec {
  std::set<std::string> with_value;  // flags that take a value
  std::set<std::string> switches;    // flags that take none ("true" when given)
};

// InvalidArgument naming the flag for an unknown flag, a missing value or a
// flag given twice.
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args, const FlagSpec& spec);

}  // namespace openflow
