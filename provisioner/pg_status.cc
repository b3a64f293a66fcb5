#include "provisioner/pg_status.h"

#include "common/strings.h"

namespace openflow {
namespace {

std::string FirstLine(const char* what) {
  std::string s = what;
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  if (s.rfind("ERROR:  ", 0) == 0) s.erase(0, 8);
  return s;
}

}  // namespace

absl::Status PgErrorToStatus(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) {
    return absl::UnavailableError(Cat("database unreachable: ", FirstLine(e.what())));
  }
  if (dynamic_cast<const pqxx::unique_violation*>(&e)) {
    return absl::AlreadyExistsError(FirstLine(e.what()));
  }
  if (dynamic_cast<const pqxx::check_violation*>(&e)) {
    return absl::InvalidArgumentError(FirstLine(e.what()));
  }
  if (dynamic_cast<const pqxx::undefined_table*>(&e)) {
    return absl::FailedPreconditionError(Cat("database schema missing (", FirstLine(e.what()),
                                             "): run `openflow-provisioner db migrate`"));
  }
  if (dynamic_cast<const pqxx::sql_error*>(&e)) {
    return absl::InternalError(Cat("database error: ", FirstLine(e.what())));
  }
  return absl::InternalError(Cat("database error: ", FirstLine(e.what())));
}

}  // namespace openflow
