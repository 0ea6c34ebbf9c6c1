#include "chat/jinja_lexer.h"

#include "persona/chat/chat_template.h"

#include <cctype>
#include <algorithm>

namespace persona::chat {

namespace {

// A newline that trim_blocks removed: kept in the prepared source so that line numbers in
// messages stay those of the template; the lexer counts it and drops it from text.
constexpr char kTrimmedNewline = '\x01';

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) || c == kTrimmedNewline; }

// The same three rewrites as @huggingface/jinja's preprocess(), which follows transformers'
// trim_blocks=True, lstrip_blocks=True and the {% generation %} extension.
std::string prepare(std::string_view source) {
    std::string s(source);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    std::string out;
    out.reserve(s.size());
    // lstrip_blocks: spaces and tabs from a line's start up to "{%", "{#" or "{-".
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i == lineStart) {
            std::size_t j = i;
            while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
            if (j + 1 < s.size() && s[j] == '{' && (s[j + 1] == '%' || s[j + 1] == '#' || s[j + 1] == '-')) i = j;
        }
        out += s[i];
        if (s[i] == '\n') lineStart = i + 1;
    }
    // trim_blocks: the newline right after "%}", "#}" or "-}".
    s.swap(out);
    out.clear();
    for (std::size_t i = 0; i < s.size(); ++i) {
        out += s[i];
        if (s[i] == '}' && i > 0 && (s[i - 1] == '%' || s[i - 1] == '#' || s[i - 1] == '-') &&
            i + 1 < s.size() && s[i + 1] == '\n') {
            out += kTrimmedNewline;  // counted as a line, never printed
            ++i;
        }
    }
    // {% generation %} and {% endgeneration %} (transformers' assistant-mask extension) go away.
    std::string result;
    std::size_t last = 0;
    for (std::size_t at = out.find("{%"); at != std::string::npos; at = out.find("{%", at + 2)) {
        std::size_t i = at + 2;
        const bool stripLeft = i < out.size() && out[i] == '-';
        if (stripLeft) ++i;
        while (i < out.size() && isSpace(out[i])) ++i;
        if (out.compare(i, 3, "end") == 0) i += 3;
        if (out.compare(i, 10, "generation") != 0) continue;
        i += 10;
        while (i < out.size() && isSpace(out[i])) ++i;
        const bool stripRight = i < out.size() && out[i] == '-';
        if (stripRight) ++i;
        if (out.compare(i, 2, "%}") != 0) continue;
        i += 2;
        std::size_t after = i;
        while (after < out.size() && isSpace(out[after])) ++after;
        std::size_t end = at;
        if (stripLeft)
            while (end > last && isSpace(out[end - 1])) --end;
        result.append(out, last, end - last);
        if (!stripRight) result.append(out, i, after - i);
        last = after;
        at = after - 2;
    }
    result.append(out, last, std::string::npos);
    return result;
}

[[noreturn]] void fail(int line, const std::string& what) { throw ChatTemplateError(line, what); }

class Lexer {
public:
    explicit Lexer(std::string src) : m_src(std::move(src)) {}

    std::vector<Token> run() {
        std::size_t textStart = 0;
        bool stripNext = false;
        while (m_pos < m_src.size()) {
            const std::size_t open = findOpen(m_pos);
            if (open == std::string::npos) break;
            const char kind = m_src[open + 1];
            const bool stripBefore = open + 2 < m_src.size() && m_src[open + 2] == '-';
            addText(textStart, open, stripNext, stripBefore);
            advanceTo(open + 2 + (stripBefore ? 1 : 0));
            if (kind == '#') stripNext = skipComment();
            else stripNext = lexTag(kind);
            textStart = m_pos;
        }
        addText(textStart, m_src.size(), stripNext, false);
        m_tokens.push_back({Token::Kind::End, "", m_line});
        return std::move(m_tokens);
    }

private:
    std::size_t findOpen(std::size_t from) const {
        for (std::size_t i = from; i + 1 < m_src.size(); ++i)
            if (m_src[i] == '{' && (m_src[i + 1] == '{' || m_src[i + 1] == '%' || m_src[i + 1] == '#')) return i;
        return std::string::npos;
    }

    void advanceTo(std::size_t pos) {
        for (; m_pos < pos && m_pos < m_src.size(); ++m_pos)
            if (m_src[m_pos] == '\n' || m_src[m_pos] == kTrimmedNewline) ++m_line;
    }

    void addText(std::size_t begin, std::size_t end, bool stripLeft, bool stripRight) {
        const int line = m_textLine;
        if (stripLeft)
            while (begin < end && isSpace(m_src[begin])) ++begin;
        if (stripRight)
            while (end > begin && isSpace(m_src[end - 1])) --end;
        std::string text = m_src.substr(begin, end - begin);
        text.erase(std::remove(text.begin(), text.end(), kTrimmedNewline), text.end());
        if (!text.empty()) m_tokens.push_back({Token::Kind::Text, std::move(text), line});
        m_textLine = m_line;
    }

    bool skipComment() {
        const std::size_t close = m_src.find("#}", m_pos);
        if (close == std::string::npos) fail(m_line, "a comment {# is never closed");
        const bool strip = close > m_pos && m_src[close - 1] == '-';
        advanceTo(close + 2);
        m_textLine = m_line;
        return strip;
    }

    // Lexes the inside of {{ }} or {% %}; returns whether it ended with "-".
    bool lexTag(char kind) {
        const bool output = kind == '{';
        m_tokens.push_back({output ? Token::Kind::OutputOpen : Token::Kind::BlockOpen, "", m_line});
        const char closer = output ? '}' : '%';
        int brackets = 0;  // "}}" inside {{ {'a': {}} }} closes a dict, not the tag
        for (;;) {
            while (m_pos < m_src.size() && isSpace(m_src[m_pos])) advanceTo(m_pos + 1);
            if (m_pos >= m_src.size()) fail(m_line, std::string("a tag {") + (output ? "{" : "%") + " is never closed");
            const bool dash = m_src[m_pos] == '-' && m_pos + 2 < m_src.size() + 1 &&
                              m_src.compare(m_pos + 1, 2, std::string(1, closer) + "}") == 0;
            if (brackets == 0 && (dash || m_src.compare(m_pos, 2, std::string(1, closer) + "}") == 0)) {
                advanceTo(m_pos + (dash ? 3 : 2));
                m_tokens.push_back({output ? Token::Kind::OutputClose : Token::Kind::BlockClose, "", m_line});
                m_textLine = m_line;
                return dash;
            }
            lexOne();
            const Token& t = m_tokens.back();
            if (t.kind == Token::Kind::Op && (t.text == "(" || t.text == "[" || t.text == "{")) ++brackets;
            if (t.kind == Token::Kind::Op && (t.text == ")" || t.text == "]" || t.text == "}") && brackets > 0) --brackets;
        }
    }

    void lexOne() {
        const char c = m_src[m_pos];
        const int line = m_line;
        if (c == '\'' || c == '"') {
            m_tokens.push_back({Token::Kind::String, lexString(c), line});
            return;
        }
        if (std::isdigit(static_cast<unsigned char>(c))) {
            std::size_t end = m_pos;
            while (end < m_src.size() && (std::isdigit(static_cast<unsigned char>(m_src[end])) || m_src[end] == '_')) ++end;
            bool isFloat = false;
            if (end + 1 < m_src.size() && m_src[end] == '.' && std::isdigit(static_cast<unsigned char>(m_src[end + 1]))) {
                isFloat = true;
                ++end;
                while (end < m_src.size() && std::isdigit(static_cast<unsigned char>(m_src[end]))) ++end;
            }
            std::string digits;
            for (std::size_t i = m_pos; i < end; ++i)
                if (m_src[i] != '_') digits += m_src[i];
            m_tokens.push_back({isFloat ? Token::Kind::Float : Token::Kind::Int, digits, line});
            advanceTo(end);
            return;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t end = m_pos;
            while (end < m_src.size() && (std::isalnum(static_cast<unsigned char>(m_src[end])) || m_src[end] == '_')) ++end;
            m_tokens.push_back({Token::Kind::Name, m_src.substr(m_pos, end - m_pos), line});
            advanceTo(end);
            return;
        }
        for (const char* op : {"**", "//", "==", "!=", "<=", ">="}) {
            if (m_src.compare(m_pos, 2, op) == 0) {
                m_tokens.push_back({Token::Kind::Op, op, line});
                advanceTo(m_pos + 2);
                return;
            }
        }
        if (std::string_view("+-*/%~|.,:()[]{}<>=").find(c) == std::string_view::npos)
            fail(line, std::string("unexpected character '") + c + "' in a tag");
        m_tokens.push_back({Token::Kind::Op, std::string(1, c), line});
        advanceTo(m_pos + 1);
    }

    std::string lexString(char quote) {
        const int line = m_line;
        std::string out;
        std::size_t i = m_pos + 1;
        for (;; ++i) {
            if (i >= m_src.size()) fail(line, "a string is never closed");
            const char c = m_src[i];
            if (c == quote) break;
            if (c != '\\' || i + 1 >= m_src.size()) {
                out += c;
                continue;
            }
            const char e = m_src[++i];
            switch (e) {
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'r': out += '\r'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case '0': out += '\0'; break;
            case '\\': case '\'': case '"': out += e; break;
            case '\n': break;
            default: out += '\\'; out += e;
            }
        }
        advanceTo(i + 1);
        return out;
    }

    std::string m_src;
    std::size_t m_pos = 0;
    int m_line = 1;
    int m_textLine = 1;
    std::vector<Token> m_tokens;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source) { return Lexer(prepare(source)).run(); }

}  // namespace persona::chat
