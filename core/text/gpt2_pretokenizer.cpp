#include "text/gpt2_pretokenizer.h"

#include "text/utf8.h"

#include <cstdint>

namespace persona::detail {

namespace {

enum class CharClass : std::uint8_t { Letter, Number, Space, Other };

struct Char {
    std::size_t offset;  // byte offset in the text
    char32_t cp;
    CharClass cls;
};

CharClass classify(char32_t cp) {
    if (isLetter(cp)) return CharClass::Letter;
    if (isNumber(cp)) return CharClass::Number;
    if (isWhiteSpace(cp)) return CharClass::Space;
    return CharClass::Other;
}

// Length in code points of the contraction ('s 't 're 've 'm 'll 'd) at i, or 0.
std::size_t contractionAt(const std::vector<Char>& c, std::size_t i) {
    if (c[i].cp != U'\'' || i + 1 >= c.size()) return 0;
    const char32_t a = c[i + 1].cp;
    if (a == U's' || a == U't' || a == U'm' || a == U'd') return 2;
    if (i + 2 >= c.size()) return 0;
    const char32_t b = c[i + 2].cp;
    if ((a == U'r' && b == U'e') || (a == U'v' && b == U'e') || (a == U'l' && b == U'l')) return 3;
    return 0;
}

}  // namespace

std::vector<ByteRange> gpt2PreTokenize(std::string_view text) {
    std::vector<Char> chars;
    chars.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const Utf8Step step = decodeUtf8(text, pos);
        chars.push_back({pos, step.cp, classify(step.cp)});
        pos += step.length;
    }
    const std::size_t n = chars.size();
    const auto offsetOf = [&](std::size_t i) { return i < n ? chars[i].offset : text.size(); };

    std::vector<ByteRange> pieces;
    pieces.reserve(n / 3 + 1);
    std::size_t i = 0;
    while (i < n) {
        std::size_t end = i;
        if (const std::size_t len = contractionAt(chars, i)) {
            end = i + len;
        } else {
            // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": an optional ASCII space, then a run
            // of one class. Without the space the same class test applies to chars[i] itself.
            const std::size_t start = (chars[i].cp == U' ' && i + 1 < n) ? i + 1 : i;
            const CharClass cls = chars[start].cls;
            if (cls != CharClass::Space) {
                end = start + 1;
                while (end < n && chars[end].cls == cls) ++end;
            } else {
                // "\s+(?!\S)|\s+": a whitespace run; when a non-space follows it, the last space
                // is left to prefix the next piece (unless the run is a single character).
                std::size_t runEnd = i + 1;
                while (runEnd < n && chars[runEnd].cls == CharClass::Space) ++runEnd;
                end = (runEnd == n || runEnd - i == 1) ? runEnd : runEnd - 1;
            }
        }
        pieces.push_back({offsetOf(i), offsetOf(end)});
        i = end;
    }
    return pieces;
}

}  // namespace persona::detail
