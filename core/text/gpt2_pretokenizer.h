// The GPT-2 pre-tokenization regex, written out over code points:
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// \p{L} and \p{N} come from utf8proc's categories; \s is the Unicode White_Space property, as in
// Python's regex module that HuggingFace's GPT2Tokenizer uses.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace persona::detail {

struct ByteRange {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// Splits valid UTF-8 text into the pieces the regex finds, as byte ranges that cover the text.
std::vector<ByteRange> gpt2PreTokenize(std::string_view text);

}  // namespace persona::detail
