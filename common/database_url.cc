#include "common/database_url.h"

#include <libpq-fe.h>

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
