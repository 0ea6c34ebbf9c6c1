#include "store/text_check.h"

#include "persona/error.h"

#include <cstdint>

namespace persona::store {

std::optional<std::size_t> firstInvalidUtf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        std::uint32_t cp = 0;
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
            return i;
        }
        if (i + len > n)
            return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        const bool overlong =
            (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return std::nullopt;
}

std::string textProblem(std::string_view s, std::size_t maxBytes, bool allowEmpty) {
    if (s.size() > maxBytes)
        return "is " + std::to_string(s.size()) + " bytes long; the limit is " +
               std::to_string(maxBytes);
    if (const auto bad = firstInvalidUtf8(s))
        return "is not valid UTF-8 (at byte " + std::to_string(*bad) + ")";
    if (s.find('\0') != std::string_view::npos)
        return "contains a NUL character";
    if (!allowEmpty && s.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return "is empty";
    return {};
}

void checkText(std::string_view s, const std::string& field, std::size_t maxBytes,
               bool allowEmpty) {
    const std::string problem = textProblem(s, maxBytes, allowEmpty);
    if (!problem.empty())
        throw InvalidArgument(field + " " + problem);
}

}  // namespace persona::store
