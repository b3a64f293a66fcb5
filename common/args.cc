#include "common/args.h"

#include "absl/strings/str_join.h"
#include "common/strings.h"

namespace openflow {

std::optional<std::string> ParsedArgs::Get(const std::string& name) const {
  auto it = flags.find(name);
  if (it == flags.end()) return std::nullopt;
  return it->second;
}

std::string ParsedArgs::GetOr(const std::string& name, std::string fallback) const {
  auto value = Get(name);
  return value ? *value : std::move(fallback);
}

absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args, const FlagSpec& spec) {
  ParsedArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      out.positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const bool takes_value = spec.with_value.count(name) > 0;
    if (!takes_value && spec.switches.count(name) == 0) {
      std::set<std::string> all = spec.with_value;
      all.insert(spec.switches.begin(), spec.switches.end());
      return absl::InvalidArgumentError(Cat("unknown flag --", name,
                                            all.empty() ? "" : " (known: --",
                                            absl::StrJoin(all, ", --"), all.empty() ? "" : ")"));
    }
    if (out.flags.count(name)) {
      return absl::InvalidArgumentError(Cat("--", name, ": given more than once"));
    }
    if (takes_value && !value) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(Cat("--", name, ": missing value"));
      }
      value = args[++i];
    }
    if (!takes_value && value) {
      return absl::InvalidArgumentError(Cat("--", name, ": takes no value"));
    }
    out.flags[name] = value.value_or("true");
  }
  return out;
}

}  // namespace openflow
