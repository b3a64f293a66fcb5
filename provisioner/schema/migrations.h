#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace openflow {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Every migration, in order. Versions only ever get appended.
const std::vector<Migration>& AllMigrations();

struct MigrateResult {
  std::vector<int> applied;  // versions applied by this call (empty: up to date)
  int current = 0;           // schema version afterwards
};

// Applies the pending migrations in one transaction, under an advisory lock,
// so concurrent runs are safe and a failure leaves the schema as it was.
absl::StatusOr<MigrateResult> Migrate(const std::string& database_url);

}  // namespace openflow
