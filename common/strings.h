#pragma once

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace openflow {

// Debian's Abseil is built with its own absl::string_view (not an alias of
// std::string_view), so absl::StrCat and Abseil's hash containers do not take
// std::string_view. These bridge the two; our own interfaces use std::.
inline absl::string_view ToAbsl(std::string_view s) { return {s.data(), s.size()}; }

namespace strings_internal {
inline absl::string_view Piece(std::string_view s) { return ToAbsl(s); }
template <typename T>
const T& Piece(const T& value) {
  return value;
}
}  // namespace strings_internal

// absl::StrCat that also accepts std::string_view.
template <typename... Args>
std::string Cat(const Args&... args) {
  return absl::StrCat(strings_internal::Piece(args)...);
}

}  // namespace openflow
