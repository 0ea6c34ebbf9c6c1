// Validation of text before it is stored: valid UTF-8, no NUL, within a size limit. Internal.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace persona::store {

// The byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates and code
// points above U+10FFFF are invalid), or nullopt when the text is valid.
std::optional<std::size_t> firstInvalidUtf8(std::string_view s);

// An empty string when the text is acceptable, else what is wrong ("is not valid UTF-8 at byte
// 12", "is empty", "is 70000 bytes long; the limit is 65536", "contains a NUL character").
std::string textProblem(std::string_view s, std::size_t maxBytes, bool allowEmpty);

// Throws InvalidArgument "<field> <problem>" when textProblem finds one.
void checkText(std::string_view s, const std::string& field, std::size_t maxBytes, bool allowEmpty);

}  // namespace persona::store
