#include "common/hardening.h"

#include <sys/resource.h>

namespace openflow {

bool DisableCoreDumps() {
  const rlimit none{0, 0};
  return setrlimit(RLIMIT_CORE, &none) == 0;
}

}  // namespace openflow
