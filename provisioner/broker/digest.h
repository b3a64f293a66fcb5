#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace openflow::broker {

// Lowercase hex of `n` bytes at `data`.
std::string Hex(const unsigned char* data, std::size_t n);

// Lowercase hex SHA-256 of `data` (64 digits).
std::string Sha256Hex(std::string_view data);

}  // namespace openflow::broker
