// UTF-8 decoding with a defined policy for invalid input, and the Unicode character classes the
// tokenizers need (from utf8proc's tables, never hand-written ones).
//
// Invalid input follows the "maximal subpart" practice of Unicode (chapter 3, U+FFFD substitution)
// that Python's errors="replace" and the WHATWG decoder also follow: each maximal prefix of a
// well-formed sequence, or each lone bad byte, becomes one U+FFFD.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace persona::detail {

inline constexpr char32_t kReplacementChar = 0xFFFD;

enum class Utf8Status { Valid, Invalid, Truncated };

struct Utf8Step {
    char32_t cp = kReplacementChar;  // the code point, or U+FFFD when not Valid
    std::size_t length = 1;          // bytes consumed (the maximal subpart when not Valid)
    Utf8Status status = Utf8Status::Invalid;
};

// Decodes the sequence that starts at text[pos] (pos < text.size()). Truncated: the bytes up to the
// end of text are a valid prefix of a longer sequence (more input could complete it).
Utf8Step decodeUtf8(std::string_view text, std::size_t pos);

void appendUtf8(std::string& out, char32_t cp);
bool isValidUtf8(std::string_view text);
// Valid text is returned unchanged; each maximal invalid subpart becomes U+FFFD.
std::string sanitizeUtf8(std::string_view text);
// Code points of text (invalid subparts as U+FFFD).
std::u32string toCodePoints(std::string_view text);
std::string fromCodePoints(std::u32string_view cps);

// Character classes.
bool isLetter(char32_t cp);         // \p{L}
bool isNumber(char32_t cp);         // \p{N}
bool isWhiteSpace(char32_t cp);     // the Unicode White_Space property (\s of Python's regex)
bool isPunctuation(char32_t cp);    // \p{P}
bool isControlOrFormat(char32_t cp);  // general category C* (Cc, Cf, Cs, Co, Cn)
bool isMark(char32_t cp);           // \p{M}

}  // namespace persona::detail
