#pragma once

#include <string_view>

#include "common/secrets.h"

namespace openflow {

// What the core needs to know about one MQTT username.
struct CredentialRecord {
  PasswordVerifier verifier;
  bool revoked = false;
};

struct CredentialLookup {
  enum class Status {
    kFound,
    kNotFound,
    kUnavailable,  // the source cannot vouch for its data (not loaded, too stale)
  };
  Status status = Status::kNotFound;
  CredentialRecord record;  // meaningful only when status == kFound
};

// Read side of the credential store. Implementations must be safe to call
// from many threads at once and must not block on I/O.
class CredentialSource {
 public:
  virtual ~CredentialSource() = default;
  virtual CredentialLookup Find(std::string_view username) const = 0;
};

}  // namespace openflow
