#pragma once

#include <sys/types.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace openflow::bench {

// User + system CPU time used so far by every thread of process `pid`, from
// /proc/<pid>/stat (clock-tick resolution, usually 10 ms). NotFound if the
// process is gone.
absl::StatusOr<absl::Duration> ProcessCpuTime(pid_t pid);

}  // namespace openflow::bench
