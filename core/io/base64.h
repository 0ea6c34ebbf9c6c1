// Standard base64 (RFC 4648, with padding). Internal to core/io.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace persona::io {

std::string base64Encode(std::string_view bytes);
// nullopt for invalid input; whitespace is skipped, missing padding is tolerated.
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace persona::io
