#include "text/wordpiece_tokenizer.h"

#include "persona/error.h"
#include "text/tokenizer_config.h"
#include "text/utf8.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>

namespace persona::detail {

namespace {

// BERT's _is_whitespace: space, TAB, LF, CR and the category Zs.
bool isBertWhitespace(char32_t cp) {
    if (cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r') return true;
    return utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_ZS;
}

// BERT's _is_control: the C* categories except TAB, LF, CR.
bool isBertControl(char32_t cp) {
    if (cp == U'\t' || cp == U'\n' || cp == U'\r') return false;
    return isControlOrFormat(cp);
}

// BERT's _is_punctuation: all non-letter/number ASCII ("$", "^", "`" included) and \p{P}.
bool isBertPunctuation(char32_t cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) ||
        (cp >= 123 && cp <= 126))
        return true;
    return isPunctuation(cp);
}

// BERT's _is_chinese_char: the CJK Unified Ideographs blocks (not Hangul, Hiragana, Katakana).
bool isCjk(char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F) ||
           (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

// NFD, then drop the nonspacing marks (BERT's _run_strip_accents).
std::u32string stripAccents(const std::u32string& word) {
    const std::string utf8 = fromCodePoints(word);
    utf8proc_uint8_t* nfd = utf8proc_NFD(reinterpret_cast<const utf8proc_uint8_t*>(utf8.c_str()));
    if (!nfd) return word;
    const std::u32string decomposed = toCodePoints(reinterpret_cast<const char*>(nfd));
    std::free(nfd);
    std::u32string out;
    for (char32_t cp : decomposed)
        if (utf8proc_category(static_cast<utf8proc_int32_t>(cp)) != UTF8PROC_CATEGORY_MN)
            out.push_back(cp);
    return out;
}

}  // namespace

std::unique_ptr<WordPieceTokenizer> WordPieceTokenizer::load(const std::filesystem::path& dir) {
    const auto file = dir / "vocab.txt";
    const std::string text = readTokenizerFile(file);
    std::unique_ptr<WordPieceTokenizer> tok(new WordPieceTokenizer());
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string token = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (!token.empty() && token.back() == '\r') token.pop_back();
        const int id = static_cast<int>(tok->m_tokens.size());
        if (!isValidUtf8(token))
            throw TokenizerError(file.string() + ":" + std::to_string(id + 1) + ": not valid UTF-8");
        // As in BertTokenizer's load_vocab, a repeated token keeps its last line.
        tok->m_ids[token] = id;
        tok->m_tokens.push_back(std::move(token));
    }
    if (tok->m_tokens.empty()) throw TokenizerError(file.string() + ": empty vocabulary");

    TokenizerConfig cfg = TokenizerConfig::read(dir);
    const auto defaultToken = [&](std::optional<std::string>& slot, const char* token) {
        if (!slot && tok->m_ids.count(token)) slot = token;
    };
    defaultToken(cfg.unk, "[UNK]");
    defaultToken(cfg.sep, "[SEP]");
    defaultToken(cfg.pad, "[PAD]");
    defaultToken(cfg.cls, "[CLS]");
    defaultToken(cfg.mask, "[MASK]");
    const WordPieceTokenizer* self = tok.get();
    VocabLookup lookup{"vocab.txt",
                       [self](std::string_view s) -> std::optional<int> {
                           auto it = self->m_ids.find(std::string(s));
                           if (it == self->m_ids.end()) return std::nullopt;
                           return it->second;
                       },
                       [self](int id) -> std::optional<std::string> {
                           if (id < 0 || id >= static_cast<int>(self->m_tokens.size()))
                               return std::nullopt;
                           return self->m_tokens[id];
                       }};
    tok->m_special = resolveSpecialTokens(cfg, lookup, tok->m_added);
    if (!tok->m_special.unk)
        throw TokenizerError(file.string() + ": no unknown token ([UNK] or unk_token)");
    tok->m_lowerCase = cfg.doLowerCase.value_or(true);
    tok->m_stripAccents = cfg.stripAccents.value_or(tok->m_lowerCase);
    tok->m_splitChinese = cfg.tokenizeChineseChars.value_or(true);
    return tok;
}

std::vector<std::string> WordPieceTokenizer::basicTokenize(std::string_view text) const {
    // Clean: drop NUL, U+FFFD and controls; every whitespace becomes a space; CJK characters get
    // spaces around them.
    std::u32string cleaned;
    for (char32_t cp : toCodePoints(text)) {
        if (cp == 0 || cp == kReplacementChar || isBertControl(cp)) continue;
        if (isBertWhitespace(cp)) {
            cleaned.push_back(U' ');
        } else if (m_splitChinese && isCjk(cp)) {
            cleaned.push_back(U' ');
            cleaned.push_back(cp);
            cleaned.push_back(U' ');
        } else {
            cleaned.push_back(cp);
        }
    }
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < cleaned.size()) {
        if (isWhiteSpace(cleaned[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < cleaned.size() && !isWhiteSpace(cleaned[end])) ++end;
        std::u32string word = cleaned.substr(i, end - i);
        i = end;
        if (m_lowerCase)
            for (char32_t& cp : word)
                cp = static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
        if (m_stripAccents) word = stripAccents(word);
        // Every punctuation character is a word of its own.
        std::u32string current;
        for (char32_t cp : word) {
            if (isBertPunctuation(cp)) {
                if (!current.empty()) words.push_back(fromCodePoints(current));
                current.clear();
                words.push_back(fromCodePoints(std::u32string(1, cp)));
            } else {
                current.push_back(cp);
            }
        }
        if (!current.empty()) words.push_back(fromCodePoints(current));
    }
    return words;
}

void WordPieceTokenizer::wordPiece(const std::string& word, std::vector<int>& out) const {
    // Character boundaries (byte offsets) of the word.
    std::vector<std::size_t> bounds;
    for (std::size_t pos = 0; pos < word.size();) {
        bounds.push_back(pos);
        pos += decodeUtf8(word, pos).length;
    }
    if (bounds.size() > kMaxCharsPerWord) {
        out.push_back(*m_special.unk);
        return;
    }
    bounds.push_back(word.size());
    const std::size_t chars = bounds.size() - 1;
    std::vector<int> pieces;
    std::size_t start = 0;
    std::string candidate;
    while (start < chars) {
        int found = -1;
        std::size_t end = chars;
        for (; end > start; --end) {
            candidate.assign(start > 0 ? "##" : "");
            candidate.append(word, bounds[start], bounds[end] - bounds[start]);
            if (auto it = m_ids.find(candidate); it != m_ids.end()) {
                found = it->second;
                break;
            }
        }
        if (found < 0) {
            out.push_back(*m_special.unk);  // one unknown piece makes the whole word unknown
            return;
        }
        pieces.push_back(found);
        start = end;
    }
    out.insert(out.end(), pieces.begin(), pieces.end());
}

std::vector<int> WordPieceTokenizer::encode(std::string_view text) const {
    std::string sanitized;
    if (!isValidUtf8(text)) {
        sanitized = sanitizeUtf8(text);
        text = sanitized;
    }
    std::vector<int> ids;
    for (const auto& segment : m_added.split(text)) {
        if (segment.id >= 0) {
            ids.push_back(segment.id);
            continue;
        }
        for (const std::string& word : basicTokenize(segment.text)) wordPiece(word, ids);
    }
    return ids;
}

void WordPieceTokenizer::checkId(int id) const {
    if ((id < 0 || id >= static_cast<int>(m_tokens.size())) && !m_added.byId(id))
        throw TokenizerError("token id " + std::to_string(id) + " is not in the vocabulary (size " +
                             std::to_string(vocabSize()) + ")");
}

std::string WordPieceTokenizer::decode(const std::vector<int>& ids, bool skipSpecial) const {
    std::string out;
    bool first = true;
    for (int id : ids) {
        checkId(id);
        if (skipSpecial && m_added.byId(id)) continue;
        const std::string token = tokenString(id);
        if (!first && token.rfind("##", 0) == 0) {
            out.append(token, 2);
        } else {
            if (!first) out.push_back(' ');
            out += token;
        }
        first = false;
    }
    return out;
}

std::string WordPieceTokenizer::tokenString(int id) const {
    checkId(id);
    if (id >= 0 && id < static_cast<int>(m_tokens.size())) return m_tokens[id];
    return m_added.byId(id)->content;
}

std::string WordPieceTokenizer::tokenBytes(int id) const {
    const std::string token = tokenString(id);
    if (!m_added.byId(id) && token.rfind("##", 0) == 0) return token.substr(2);
    return " " + token;
}

int WordPieceTokenizer::vocabSize() const {
    return std::max(static_cast<int>(m_tokens.size()), m_added.maxId() + 1);
}

std::optional<int> WordPieceTokenizer::tokenId(std::string_view token) const {
    if (const AddedToken* t = m_added.byContent(token)) return t->id;
    auto it = m_ids.find(std::string(token));
    if (it == m_ids.end()) return std::nullopt;
    return it->second;
}

bool WordPieceTokenizer::isSpecial(int id) const { return m_added.byId(id) != nullptr; }

std::vector<int> WordPieceTokenizer::encodeForModel(std::string_view text) const {
    if (!m_special.cls || !m_special.sep)
        throw TokenizerError("this WordPiece vocabulary has no [CLS] or [SEP] token");
    std::vector<int> ids{*m_special.cls};
    const auto body = encode(text);
    ids.insert(ids.end(), body.begin(), body.end());
    ids.push_back(*m_special.sep);
    return ids;
}

}  // namespace persona::detail
