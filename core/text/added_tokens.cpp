#include "text/added_tokens.h"

#include "persona/error.h"
#include "text/utf8.h"

#include <algorithm>

namespace persona::detail {

namespace {
bool isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// \w of HuggingFace's single_word check: letters, marks, digits and the underscore.
bool isWordChar(char32_t cp) {
    return cp == '_' || isLetter(cp) || isNumber(cp) || isMark(cp);
}

// The token at text[begin, end) stands alone: no word character right before or after it.
bool standsAlone(std::string_view text, std::size_t begin, std::size_t end) {
    if (end < text.size() && isWordChar(decodeUtf8(text, end).cp)) return false;
    if (begin == 0) return true;
    std::size_t start = begin - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    return !isWordChar(decodeUtf8(text, start).cp);
}
}  // namespace

void AddedTokens::add(const AddedToken& token) {
    const std::string where = token.source.empty() ? std::string() : token.source + ": ";
    if (token.content.empty()) throw TokenizerError(where + "an added token has empty content");
    if (auto it = m_byContent.find(token.content); it != m_byContent.end()) {
        AddedToken& old = m_tokens[it->second];
        if (old.id != token.id)
            throw TokenizerError(where + "added token \"" + token.content + "\" has two ids: " +
                                 std::to_string(old.id) + " and " + std::to_string(token.id));
        old.special = old.special || token.special;
        old.lstrip = old.lstrip || token.lstrip;
        old.rstrip = old.rstrip || token.rstrip;
        old.singleWord = old.singleWord || token.singleWord;
        return;
    }
    if (auto it = m_byId.find(token.id); it != m_byId.end())
        throw TokenizerError(where + "id " + std::to_string(token.id) + " is used by two added tokens: \"" +
                             m_tokens[it->second].content + "\" and \"" + token.content + "\"");
    m_tokens.push_back(token);
    rebuildIndex();
}

void AddedTokens::rebuildIndex() {
    m_byId.clear();
    m_byContent.clear();
    for (auto& bucket : m_byFirstByte) bucket.clear();
    for (std::size_t i = 0; i < m_tokens.size(); ++i) {
        m_byId[m_tokens[i].id] = i;
        m_byContent[m_tokens[i].content] = i;
        m_byFirstByte[static_cast<unsigned char>(m_tokens[i].content[0])].push_back(i);
    }
    for (auto& bucket : m_byFirstByte)
        std::stable_sort(bucket.begin(), bucket.end(), [this](std::size_t a, std::size_t b) {
            return m_tokens[a].content.size() > m_tokens[b].content.size();
        });
}

std::vector<AddedTokens::Segment> AddedTokens::split(std::string_view text) const {
    std::vector<Segment> out;
    if (m_tokens.empty()) {
        if (!text.empty()) out.push_back({text, -1});
        return out;
    }
    std::size_t plainStart = 0;
    bool stripLeadingSpace = false;  // the previous token has rstrip
    const auto flushPlain = [&](std::size_t end, bool stripTrailingSpace) {
        std::size_t b = plainStart, e = end;
        if (stripLeadingSpace)
            while (b < e && isAsciiSpace(text[b])) ++b;
        if (stripTrailingSpace)
            while (e > b && isAsciiSpace(text[e - 1])) --e;
        if (e > b) out.push_back({text.substr(b, e - b), -1});
    };
    for (std::size_t pos = 0; pos < text.size();) {
        const AddedToken* match = nullptr;
        for (std::size_t idx : m_byFirstByte[static_cast<unsigned char>(text[pos])]) {
            const std::string& c = m_tokens[idx].content;
            if (text.compare(pos, c.size(), c) == 0 &&
                (!m_tokens[idx].singleWord || standsAlone(text, pos, pos + c.size()))) {
                match = &m_tokens[idx];
                break;
            }
        }
        if (!match) {
            ++pos;
            continue;
        }
        flushPlain(pos, match->lstrip);
        out.push_back({text.substr(pos, match->content.size()), match->id});
        pos += match->content.size();
        plainStart = pos;
        stripLeadingSpace = match->rstrip;
    }
    flushPlain(text.size(), false);
    return out;
}

const AddedToken* AddedTokens::byId(int id) const {
    auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_tokens[it->second];
}

const AddedToken* AddedTokens::byContent(std::string_view content) const {
    auto it = m_byContent.find(std::string(content));
    return it == m_byContent.end() ? nullptr : &m_tokens[it->second];
}

int AddedTokens::maxId() const {
    int best = -1;
    for (const auto& t : m_tokens) best = std::max(best, t.id);
    return best;
}

}  // namespace persona::detail
