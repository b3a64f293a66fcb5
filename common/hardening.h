#pragma once

namespace openflow {

// Sets this process's core-file size limit to 0, so passwords held in memory
// never end up in a core dump. Returns false if the kernel refused.
bool DisableCoreDumps();

}  // namespace openflow
