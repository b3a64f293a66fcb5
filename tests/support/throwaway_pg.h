#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace openflow::testing {

// A real PostgreSQL for one test binary, run by scripts/throwaway-pg in a
// fresh temporary directory (as the unprivileged "postgres" user when the
// tests run as root). Destroyed with the object.
class ThrowawayPg {
 public:
  // Starts a fresh cluster; the error says why it could not.
  static absl::StatusOr<ThrowawayPg> Start();
  ThrowawayPg(ThrowawayPg&& other) noexcept;
  ThrowawayPg& operator=(ThrowawayPg&&) = delete;
  ~ThrowawayPg();

  const std::string& url() const { return url_; }
  // Fast shutdown (connected clients see their connection drop), and start
  // again on the same port with the same data.
  absl::Status Stop();
  absl::Status Restart();

 private:
  ThrowawayPg(std::string dir, std::string url) : dir_(std::move(dir)), url_(std::move(url)) {}
  std::string dir_;
  std::string url_;
};

}  // namespace openflow::testing
