#pragma once

#include <string_view>

namespace openflow::db {

// The part of the schema the ExHook server reads. The provisioner's
// migrations create it (provisioner/schema/migrations.cc); a test checks the
// two stay in step.

// NOTIFY channel: one notification per changed row, payload = the MQTT
// username (old and new, if it changed). Never a secret.
inline constexpr std::string_view kCredentialChannel = "openflow_credentials";

// Every credential the mirror holds: username, verifier text, revoked flag.
inline constexpr std::string_view kSelectAllCredentials =
    "SELECT mqtt_username, password_verifier, revoked_at IS NOT NULL FROM instances";

// One credential by username ($1).
inline constexpr std::string_view kSelectCredential =
    "SELECT password_verifier, revoked_at IS NOT NULL FROM instances WHERE mqtt_username = $1";

}  // namespace openflow::db
