#include "text/pcre2_regex.h"

#include "persona/error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace persona::detail {

struct Pcre2Regex::Impl {
    pcre2_code* code = nullptr;
    pcre2_match_context* context = nullptr;
    bool jit = false;
    ~Impl() {
        pcre2_match_context_free(context);
        pcre2_code_free(code);
    }
};

namespace {

std::string pcre2Message(int code) {
    PCRE2_UCHAR buffer[256];
    const int n = pcre2_get_error_message(code, buffer, sizeof buffer);
    return n < 0 ? "PCRE2 error " + std::to_string(code) : std::string(reinterpret_cast<char*>(buffer));
}

std::string shortPattern(const std::string& pattern) {
    return pattern.size() <= 80 ? pattern : pattern.substr(0, 77) + "...";
}

}  // namespace

Pcre2Regex::Pcre2Regex(const std::string& pattern, bool literal, std::string where)
    : m_impl(std::make_unique<Impl>()), m_pattern(pattern), m_where(std::move(where)) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    const std::uint32_t options = PCRE2_UTF | (literal ? PCRE2_LITERAL : PCRE2_UCP);
    m_impl->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                 options, &error, &offset, nullptr);
    if (!m_impl->code)
        throw TokenizerError(m_where + ": the regex \"" + shortPattern(pattern) +
                             "\" does not compile: " + pcre2Message(error) + " at offset " +
                             std::to_string(offset));
    m_impl->jit = pcre2_jit_compile(m_impl->code, PCRE2_JIT_COMPLETE) == 0;
    m_impl->context = pcre2_match_context_create(nullptr);
    if (!m_impl->context) throw TokenizerError(m_where + ": out of memory for the regex");
    pcre2_set_match_limit(m_impl->context, kMatchLimit);
    pcre2_set_depth_limit(m_impl->context, kDepthLimit);
    pcre2_set_heap_limit(m_impl->context, 64 * 1024);  // KiB, for the interpreter's backtracking
}

Pcre2Regex::~Pcre2Regex() = default;

std::vector<ByteRange> Pcre2Regex::findAll(std::string_view text) const {
    std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> data(
        pcre2_match_data_create_from_pattern(m_impl->code, nullptr), &pcre2_match_data_free);
    if (!data) throw TokenizerError(m_where + ": out of memory for the regex");
    std::vector<ByteRange> out;
    const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    std::size_t start = 0;
    while (start <= text.size()) {
        std::uint32_t options = PCRE2_NO_UTF_CHECK;
        int rc = pcre2_match(m_impl->code, subject, text.size(), start, options, data.get(),
                             m_impl->context);
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)  // the JIT's own stack: retry interpreted
            rc = pcre2_match(m_impl->code, subject, text.size(), start, options | PCRE2_NO_JIT,
                             data.get(), m_impl->context);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0)
            throw TokenizerError(m_where + ": the regex \"" + shortPattern(m_pattern) +
                                 "\" gave up at byte " + std::to_string(start) + " of the text: " +
                                 pcre2Message(rc) +
                                 " (a pattern that backtracks catastrophically is refused)");
        const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data.get());
        const std::size_t b = ovector[0], e = ovector[1];
        if (e > b) {
            out.push_back({b, e});
            start = e;
        } else {  // an empty match: step over one character
            start = b + 1;
            while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
                ++start;
        }
    }
    return out;
}

}  // namespace persona::detail
