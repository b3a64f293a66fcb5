#include "provisioner/pg_status.h"

#include "common/database_url.h"
#include "common/strings.h"

namespace openflow {
namespace {

std::string FirstLine(const char* what, const std::string& url) {
  std::string s = RedactDatabaseUrl(what, url);
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  if (s.rfind("ERROR:  ", 0) == 0) s.erase(0, 8);
  return s;
}

}  // namespace

absl::Status PgErrorToStatus(const std::exception& e, const std::string& url) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) {
    return absl::UnavailableError(Cat("database unreachable: ", FirstLine(e.what(), url)));
  }
  if (dynamic_cast<const pqxx::unique_violation*>(&e)) {
    return absl::AlreadyExistsError(FirstLine(e.what(), url));
  }
  if (dynamic_cast<const pqxx::check_violation*>(&e)) {
    return absl::InvalidArgumentError(FirstLine(e.what(), url));
  }
  if (dynamic_cast<const pqxx::undefined_table*>(&e)) {
    return absl::FailedPreconditionError(Cat("database schema missing (", FirstLine(e.what(), url),
                                             "): run `openflow-provisioner db migrate`"));
  }
  if (dynamic_cast<const pqxx::sql_error*>(&e)) {
    return absl::InternalError(Cat("database error: ", FirstLine(e.what(), url)));
  }
  return absl::InternalError(Cat("database error: ", FirstLine(e.what(), url)));
}

}  // namespace openflow
