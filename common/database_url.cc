#include "common/database_url.h"

#include <libpq-fe.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "common/strings.h"

namespace openflow {
namespace {

void ReplaceAll(std::string& text, const std::string& what, const std::string& with) {
  if (what.empty()) return;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
}

}  // namespace

absl::Status ValidateDatabaseUrl(const std::string& url, const std::string& field) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    if (error != nullptr) PQfreemem(error);
    return absl::InvalidArgumentError(
        Cat(field, ": not a libpq connection string or postgresql:// URI"));
  }
  PQconninfoFree(options);
  return absl::OkStatus();
}

std::string WithConnectionDefaults(const std::string& url, const std::string& application_name) {
  const std::pair<const char*, std::string> defaults[] = {{"connect_timeout", "5"},
                                                          {"keepalives", "1"},
                                                          {"keepalives_idle", "5"},
                                                          {"keepalives_interval", "2"},
                                                          {"keepalives_count", "3"},
                                                          {"tcp_user_timeout", "10000"},
                                                          {"application_name", application_name}};
  PQconninfoOption* options = PQconninfoParse(url.c_str(), nullptr);
  if (options == nullptr) return url;
  std::string out;
  const auto add = [&out](const std::string& key, const std::string& value) {
    std::string quoted;
    for (char c : value) {
      if (c == '\\' || c == '\'') quoted.push_back('\\');
      quoted.push_back(c);
    }
    out += Cat(out.empty() ? "" : " ", key, "='", quoted, "'");
  };
  std::vector<std::string> given;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    add(o->keyword, o->val);
    given.push_back(o->keyword);
  }
  PQconninfoFree(options);
  for (const auto& [key, value] : defaults) {
    if (std::find(given.begin(), given.end(), key) == given.end()) add(key, value);
  }
  return out;
}

std::string RedactDatabaseUrl(std::string message, const std::string& url) {
  std::string password;
  if (PQconninfoOption* options = PQconninfoParse(url.c_str(), nullptr)) {
    for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
      if (std::string(o->keyword) == "password" && o->val != nullptr) password = o->val;
    }
    PQconninfoFree(options);
  }
  ReplaceAll(message, url, "<database-url>");
  ReplaceAll(message, password, "***");
  return message;
}

}  // namespace openflow
