#pragma once

#include <memory>

#include <grpcpp/impl/service_type.h>

#include "exhook/core/policy.h"

namespace openflow {

// EMQX's HookProvider service, one per protocol package, translating
// protobuf to and from the Policy. OnProviderLoaded registers exactly
// client.authenticate and client.authorize; every other hook answers at once
// with an empty success. Authenticate and authorize always answer
// STOP_AND_RETURN with an explicit bool (IGNORE would admit the client on
// EMQX 5.9+). `policy` must outlive the service.
std::unique_ptr<grpc::Service> MakeHookProviderV2(const Policy& policy);  // emqx.exhook.v2
std::unique_ptr<grpc::Service> MakeHookProviderV3(const Policy& policy);  // emqx.exhook.v3

}  // namespace openflow
