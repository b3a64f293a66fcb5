#include "tests/support/throwaway_pg.h"

#include "absl/strings/strip.h"
#include "common/strings.h"
#include "tests/support/process.h"

namespace openflow::testing {
namespace {

std::string Script() { return std::string(OPENFLOW_SOURCE_DIR) + "/scripts/throwaway-pg"; }

}  // namespace

absl::StatusOr<ThrowawayPg> ThrowawayPg::Start() {
  const std::string dir = MakeTempDir("openflow-test-pg");
  CommandResult r = RunCommand({Script(), "start", dir});
  if (r.exit_code != 0) {
    RunCommand({Script(), "destroy", dir});
    return absl::UnavailableError(Cat("throwaway PostgreSQL did not start: ", r.err));
  }
  std::string url = r.out;
  while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) url.pop_back();
  return ThrowawayPg(dir, url);
}

ThrowawayPg::ThrowawayPg(ThrowawayPg&& other) noexcept
    : dir_(std::move(other.dir_)), url_(std::move(other.url_)) {
  other.dir_.clear();
}

ThrowawayPg::~ThrowawayPg() {
  if (!dir_.empty()) RunCommand({Script(), "destroy", dir_});
}

absl::Status ThrowawayPg::Stop() {
  CommandResult r = RunCommand({Script(), "stop", dir_});
  if (r.exit_code != 0) return absl::InternalError(Cat("stop PostgreSQL: ", r.err));
  return absl::OkStatus();
}

absl::Status ThrowawayPg::Restart() {
  CommandResult r = RunCommand({Script(), "start", dir_});
  if (r.exit_code != 0) return absl::InternalError(Cat("restart PostgreSQL: ", r.err));
  return absl::OkStatus();
}

}  // namespace openflow::testing
