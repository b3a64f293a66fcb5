#pragma once

#include <exception>
#include <string>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace openflow {

// Converts an exception thrown by libpqxx (or anything else) into a Status
// with one clear line: Unavailable for a database that cannot be reached,
// AlreadyExists for a unique violation, InvalidArgument for a check
// violation, FailedPrecondition for a missing schema, Internal otherwise.
// The URL and its password never appear in the message (libpq quotes
// connection strings in its errors).
absl::Status PgErrorToStatus(const std::exception& e, const std::string& url);

// Opens a connection to `url`, runs `fn(conn)` and converts every exception
// to a Status: the one place the provisioner catches libpqxx exceptions.
template <typename T, typename Fn>
absl::StatusOr<T> WithPg(const std::string& url, Fn&& fn) {
  try {
    pqxx::connection conn(url);
    return fn(conn);
  } catch (const std::exception& e) {
    return PgErrorToStatus(e, url);
  }
}

}  // namespace openflow
