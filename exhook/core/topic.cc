#include "exhook/core/topic.h"

#include <cstdint>

namespace openflow {
namespace {

constexpr std::size_t kMaxTopicBytes = 65535;

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  while (i < s.size()) {
    const std::uint8_t c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

}  // namespace

std::string_view TopicProblem(std::string_view topic, TopicKind kind) {
  if (topic.empty()) return "empty topic";
  if (topic.size() > kMaxTopicBytes) return "topic longer than 65535 bytes";
  if (topic.front() == '$') return "topics starting with $ are reserved";
  if (!IsValidUtf8(topic)) return "topic is not valid UTF-8";
  for (std::size_t i = 0; i < topic.size(); ++i) {
    const char c = topic[i];
    if (c == '\0') return "topic contains U+0000";
    if (c != '+' && c != '#') continue;
    if (kind == TopicKind::kName) return "wildcard in a topic name";
    const bool starts_level = i == 0 || topic[i - 1] == '/';
    const bool ends_level = i + 1 == topic.size() || topic[i + 1] == '/';
    if (!starts_level || !ends_level) return "wildcard must occupy a whole level";
    if (c == '#' && i + 1 != topic.size()) return "'#' must be the last level";
  }
  return {};
}

}  // namespace openflow
