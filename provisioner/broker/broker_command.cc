#include "provisioner/broker/broker_command.h"

namespace openflow::broker {

FlagSpec Flags() { return {}; }

int Run(const std::string& verb, const ParsedArgs&, const std::string&, std::ostream&,
        std::ostream& err) {
  err << "openflow-provisioner: broker " << verb << ": not built yet\n";
  return 1;
}

}  // namespace openflow::broker
