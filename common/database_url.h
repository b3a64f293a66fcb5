#pragma once

#include <string>

#include "absl/status/status.h"

namespace openflow {

// Checks that `url` is a libpq connection string or postgresql:// URI.
// InvalidArgument naming `field` otherwise; the message never repeats the
// URL, which may hold a password.
absl::Status ValidateDatabaseUrl(const std::string& url, const std::string& field);

// `url` as a keyword=value connection string, with defaults added for what
// the caller did not set: a connect timeout, TCP keepalives and a TCP user
// timeout (so a dead peer is noticed in seconds, not hours), and
// `application_name`. `url` must be valid (see ValidateDatabaseUrl).
std::string WithConnectionDefaults(const std::string& url, const std::string& application_name);

// `message` with every occurrence of `url` replaced by "<database-url>" and
// of the password inside it by "***": for errors from libpq, which quotes
// connection strings.
std::string RedactDatabaseUrl(std::string message, const std::string& url);

}  // namespace openflow
