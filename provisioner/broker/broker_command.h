#pragma once

#include <ostream>
#include <string>

#include "common/args.h"

namespace openflow::broker {

// Flags the `broker` verbs take, merged into the provisioner's flag spec.
FlagSpec Flags();

// Runs `openflow-provisioner broker <verb>`; `args` are already parsed.
// Returns the process exit code (0 ok, 1 failed, 2 usage).
int Run(const std::string& verb, const ParsedArgs& args, const std::string& data_dir,
        std::ostream& out, std::ostream& err);

}  // namespace openflow::broker
