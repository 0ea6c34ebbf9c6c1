// A regex from a downloaded tokenizer.json, compiled with Debian's libpcre2 (UTF + UCP: \p{L},
// \s and case folding follow Unicode, as the Oniguruma regexes of HuggingFace's tokenizers do).
// Every match runs under a match limit and a depth limit, so a pattern that backtracks
// catastrophically is refused with a TokenizerError in bounded time instead of hanging.
#pragma once

#include "text/gpt2_pretokenizer.h"  // ByteRange

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace persona::detail {

class Pcre2Regex {
public:
    // The steps one match may take (PCRE2's match limit; its default is 10,000,000). A whole
    // text of real input takes a few dozen per match.
    static constexpr std::uint32_t kMatchLimit = 1'000'000;
    static constexpr std::uint32_t kDepthLimit = 10'000;

    // literal: the pattern is a plain string (tokenizer.json's {"String": ...}). `where` names the
    // file and field for messages. Throws TokenizerError when the pattern does not compile.
    Pcre2Regex(const std::string& pattern, bool literal, std::string where);
    ~Pcre2Regex();
    Pcre2Regex(const Pcre2Regex&) = delete;
    Pcre2Regex& operator=(const Pcre2Regex&) = delete;

    // Every non-empty match, left to right, in valid UTF-8 text. Throws TokenizerError when one
    // match passes the limits (naming the pattern and where in the text).
    std::vector<ByteRange> findAll(std::string_view text) const;

    const std::string& pattern() const { return m_pattern; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_pattern;
    std::string m_where;
};

}  // namespace persona::detail
