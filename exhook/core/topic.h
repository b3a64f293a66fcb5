#pragma once

#include <string_view>

namespace openflow {

enum class TopicKind {
  kName,    // a PUBLISH topic: no wildcards
  kFilter,  // a SUBSCRIBE filter: '+' and '#' as whole levels, '#' last
};

// Returns "" when `topic` is a valid MQTT topic of `kind` that a tenant may
// use, else a short static reason. Rules: 1..65535 bytes of valid UTF-8, no
// U+0000; wildcards as MQTT 3.1.1/5.0 section 4.7 allows them; and no first
// level starting with '$' (those are the broker's own: $SYS, $share, ...;
// shared subscriptions reach us already unwrapped).
std::string_view TopicProblem(std::string_view topic, TopicKind kind);

}  // namespace openflow
