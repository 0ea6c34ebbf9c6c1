// Guards for JSON that comes from files (model folders, tokenizers, imported cards and datasets).
// nlohmann's parser is iterative, but copying a value, comparing two and dump() recurse once per
// level: a file of 100,000 nested '[' overflows the stack in any of them. So every reader checks
// the nesting depth of the text before parsing it, and error messages show a value through
// jsonPreview(), which never recurses and stays short.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace persona {

// Deeper than any config, tokenizer, header or card we read (they nest fewer than 10 levels).
constexpr int kMaxJsonDepth = 128;

// Empty when the arrays and objects in `text` nest at most `maxDepth` deep; else a message such
// as "JSON nested deeper than 128 levels (byte 129)". One linear pass that skips strings; text
// that is not JSON at all is left for the parser to reject.
std::string jsonNestingError(std::string_view text, int maxDepth = kMaxJsonDepth);

// `value` for an error message: a number, bool or null as JSON, a string as JSON cut to about
// `maxChars`, an array or object as "an array of 3 items" / "an object of 2 keys".
std::string jsonPreview(const nlohmann::json& value, size_t maxChars = 60);

}  // namespace persona
