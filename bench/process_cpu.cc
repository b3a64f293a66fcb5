#include "bench/process_cpu.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "common/strings.h"

namespace openflow::bench {

absl::StatusOr<absl::Duration> ProcessCpuTime(pid_t pid) {
  const std::string path = Cat("/proc/", pid, "/stat");
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return absl::NotFoundError(Cat("cannot read ", path));
  // Fields after the command name, which is in parentheses and may hold spaces:
  // 3 state ... 14 utime 15 stime.
  const auto paren = line.rfind(')');
  if (paren == std::string::npos) return absl::InternalError(Cat("unexpected ", path));
  std::istringstream fields(line.substr(paren + 1));
  std::string skip;
  for (int field = 3; field < 14; ++field) fields >> skip;
  long long utime = 0, stime = 0;
  if (!(fields >> utime >> stime)) return absl::InternalError(Cat("unexpected ", path));
  const long ticks = sysconf(_SC_CLK_TCK);
  return absl::Seconds(1) * static_cast<double>(utime + stime) / static_cast<double>(ticks);
}

}  // namespace openflow::bench
