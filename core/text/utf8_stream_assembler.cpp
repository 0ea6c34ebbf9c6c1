#include "persona/text/tokenizer.h"
#include "text/utf8.h"

namespace persona {

using detail::Utf8Status;

std::string Utf8StreamAssembler::push(std::string_view bytes) {
    m_pending.append(bytes);
    std::string out;
    std::size_t pos = 0;
    while (pos < m_pending.size()) {
        const detail::Utf8Step step = detail::decodeUtf8(m_pending, pos);
        if (step.status == Utf8Status::Truncated) break;  // wait for the rest of the character
        if (step.status == Utf8Status::Valid)
            out.append(m_pending, pos, step.length);
        else
            detail::appendUtf8(out, detail::kReplacementChar);  // can never become valid
        pos += step.length;
    }
    m_pending.erase(0, pos);
    return out;
}

std::string Utf8StreamAssembler::flush() {
    // What is left is at most one truncated sequence: one U+FFFD, as a decoder would give.
    std::string out = detail::sanitizeUtf8(m_pending);
    m_pending.clear();
    return out;
}

}  // namespace persona
