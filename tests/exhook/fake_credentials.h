#pragma once

#include <map>
#include <string>

#include "exhook/core/credential_source.h"

namespace openflow::testing {

// A CredentialSource over a std::map, with a switch to play "unavailable".
class FakeCredentials : public CredentialSource {
 public:
  void Add(const std::string& username, const std::string& password, bool revoked = false) {
    records_[username] = CredentialRecord{MakeVerifier(password), revoked};
  }
  void set_unavailable(bool v) { unavailable_ = v; }

  CredentialLookup Find(std::string_view username) const override {
    CredentialLookup out;
    if (unavailable_) {
      out.status = CredentialLookup::Status::kUnavailable;
      return out;
    }
    auto it = records_.find(std::string(username));
    if (it == records_.end()) return out;
    out.status = CredentialLookup::Status::kFound;
    out.record = it->second;
    return out;
  }

 private:
  std::map<std::string, CredentialRecord> records_;
  bool unavailable_ = false;
};

}  // namespace openflow::testing
