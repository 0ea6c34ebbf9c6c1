#include "text/bpe_tokenizer.h"

#include "common/json_guard.h"
#include "persona/error.h"
#include "text/byte_level.h"
#include "text/gpt2_pretokenizer.h"
#include "text/tokenizer_config.h"
#include "text/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace persona::detail {

std::unique_ptr<BpeTokenizer> BpeTokenizer::load(const std::filesystem::path& dir) {
    std::unique_ptr<BpeTokenizer> tok(new BpeTokenizer());
    tok->loadVocab(dir / "vocab.json");
    tok->loadMerges(dir / "merges.txt");

    TokenizerConfig cfg = TokenizerConfig::read(dir);
    // GPT2Tokenizer's defaults: <|endoftext|> is BOS, EOS and UNK.
    const std::string eot = "<|endoftext|>";
    if (tok->m_ids.count(eot) || std::any_of(cfg.addedTokens.begin(), cfg.addedTokens.end(),
                                             [&](const AddedToken& t) { return t.content == eot; })) {
        if (!cfg.bos) cfg.bos = eot;
        if (!cfg.eos) cfg.eos = eot;
        if (!cfg.unk) cfg.unk = eot;
    }
    const BpeTokenizer* self = tok.get();
    VocabLookup lookup{"vocab.json",
                       [self](std::string_view s) -> std::optional<int> {
                           auto it = self->m_ids.find(std::string(s));
                           if (it == self->m_ids.end()) return std::nullopt;
                           return it->second;
                       },
                       [self](int id) -> std::optional<std::string> {
                           if (id < 0 || id >= static_cast<int>(self->m_tokens.size()) ||
                               !self->m_present[id])
                               return std::nullopt;
                           return self->m_tokens[id];
                       }};
    tok->m_special = resolveSpecialTokens(cfg, lookup, tok->m_added);
    tok->m_addBos = cfg.addBosToken.value_or(false);
    tok->m_addEos = cfg.addEosToken.value_or(false);
    tok->m_addPrefixSpace = cfg.addPrefixSpace.value_or(false);
    if (tok->m_addBos && !tok->m_special.bos)
        throw TokenizerError((dir / "tokenizer_config.json").string() +
                             ": add_bos_token is set but there is no bos_token");
    if (tok->m_addEos && !tok->m_special.eos)
        throw TokenizerError((dir / "tokenizer_config.json").string() +
                             ": add_eos_token is set but there is no eos_token");
    return tok;
}

void BpeTokenizer::loadVocab(const std::filesystem::path& file) {
    nlohmann::json obj;
    const std::string text = readTokenizerFile(file);
    if (const std::string tooDeep = jsonNestingError(text); !tooDeep.empty())
        throw TokenizerError(file.string() + ": " + tooDeep);
    try {
        obj = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw TokenizerError(file.string() + ": invalid JSON: " + e.what());
    }
    if (!obj.is_object() || obj.empty())
        throw TokenizerError(file.string() + ": expected a non-empty object of token: id");
    for (const auto& [token, value] : obj.items()) {
        if (!value.is_number_integer() || value.get<long long>() < 0 ||
            value.get<long long>() > 10'000'000)
            throw TokenizerError(file.string() + ": the id of \"" + token +
                                 "\" must be an integer from 0 to 10000000");
        const int id = value.get<int>();
        if (id >= static_cast<int>(m_tokens.size())) {
            m_tokens.resize(id + 1);
            m_bytes.resize(id + 1);
            m_present.resize(id + 1, false);
        }
        if (m_present[id])
            throw TokenizerError(file.string() + ": id " + std::to_string(id) +
                                 " is used by both \"" + m_tokens[id] + "\" and \"" + token + "\"");
        m_present[id] = true;
        m_tokens[id] = token;
        m_bytes[id] = byteLevelToBytes(token);
        m_ids.emplace(token, id);
    }
    for (int b = 0; b < 256; ++b) {
        std::string ch;
        appendUtf8(ch, byteToUnicode(static_cast<unsigned char>(b)));
        auto it = m_ids.find(ch);
        if (it == m_ids.end()) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", b);
            throw TokenizerError(file.string() + ": no byte-level token \"" + ch + "\" for byte " +
                                 hex + " (not a GPT-2 byte-level vocabulary)");
        }
        m_byteIds[b] = it->second;
    }
}

void BpeTokenizer::loadMerges(const std::filesystem::path& file) {
    const std::string text = readTokenizerFile(file);
    std::size_t lineNo = 0;
    std::uint32_t rank = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string_view line(text.data() + pos, eol - pos);
        pos = eol + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (lineNo == 1 && line.rfind("#version", 0) == 0) continue;
        const auto bad = [&](const std::string& why) {
            throw TokenizerError(file.string() + ":" + std::to_string(lineNo) + ": " + why);
        };
        if (line.empty()) {
            if (pos >= text.size()) break;  // a trailing empty line
            bad("empty line");
        }
        const std::size_t space = line.find(' ');
        if (space == std::string_view::npos || space == 0 || space + 1 == line.size() ||
            line.find(' ', space + 1) != std::string_view::npos)
            bad("expected two tokens separated by one space, found \"" + std::string(line) + "\"");
        const std::string a(line.substr(0, space)), b(line.substr(space + 1));
        const auto ia = m_ids.find(a), ib = m_ids.find(b), im = m_ids.find(a + b);
        if (ia == m_ids.end()) bad("\"" + a + "\" is not in vocab.json");
        if (ib == m_ids.end()) bad("\"" + b + "\" is not in vocab.json");
        if (im == m_ids.end()) bad("the merged token \"" + a + b + "\" is not in vocab.json");
        // As in HuggingFace's GPT2Tokenizer (a dict built from the list), a repeated pair keeps
        // its last rank.
        m_merges.set(ia->second, ib->second, BpeMerges::Merge{rank++, im->second});
    }
    if (m_merges.empty()) throw TokenizerError(file.string() + ": no merges");
}

std::vector<int> BpeTokenizer::encode(std::string_view text) const {
    std::string prepared;
    if (!isValidUtf8(text)) {
        prepared = sanitizeUtf8(text);
        text = prepared;
    }
    if (m_addPrefixSpace) {  // GPT2Tokenizer.prepare_for_tokenization: before added tokens are cut
        prepared = " " + std::string(text);
        text = prepared;
    }
    std::vector<int> ids;
    ids.reserve(text.size() / 3 + 1);
    for (const auto& segment : m_added.split(text)) {
        if (segment.id >= 0) {
            ids.push_back(segment.id);
            continue;
        }
        for (const ByteRange& r : gpt2PreTokenize(segment.text))
            encodePiece(segment.text.substr(r.begin, r.end - r.begin), ids);
    }
    return ids;
}

void BpeTokenizer::encodePiece(std::string_view piece, std::vector<int>& out) const {
    if (piece.size() == 1) {
        out.push_back(m_byteIds[static_cast<unsigned char>(piece[0])]);
        return;
    }
    m_cache.encode(piece, out, [this](std::string_view p, std::vector<int>& o) { bpe(p, o); });
}

void BpeTokenizer::bpe(std::string_view piece, std::vector<int>& out) const {
    std::vector<int> symbols(piece.size());
    for (std::size_t i = 0; i < piece.size(); ++i)
        symbols[i] = m_byteIds[static_cast<unsigned char>(piece[i])];
    m_merges.apply(symbols, out);
}

void BpeTokenizer::checkId(int id) const {
    const bool inVocab = id >= 0 && id < static_cast<int>(m_tokens.size()) && m_present[id];
    if (!inVocab && !m_added.byId(id))
        throw TokenizerError("token id " + std::to_string(id) + " is not in the vocabulary (size " +
                             std::to_string(vocabSize()) + ")");
}

std::string BpeTokenizer::decode(const std::vector<int>& ids, bool skipSpecial) const {
    std::string bytes;
    bytes.reserve(ids.size() * 4);
    for (int id : ids) {
        checkId(id);
        if (const AddedToken* t = m_added.byId(id)) {
            if (!skipSpecial) bytes += t->content;
        } else {
            bytes += m_bytes[id];
        }
    }
    return sanitizeUtf8(bytes);
}

std::string BpeTokenizer::tokenString(int id) const {
    checkId(id);
    if (id < static_cast<int>(m_tokens.size()) && m_present[id]) return m_tokens[id];
    return m_added.byId(id)->content;
}

std::string BpeTokenizer::tokenBytes(int id) const {
    checkId(id);
    if (const AddedToken* t = m_added.byId(id)) return t->content;
    return m_bytes[id];
}

int BpeTokenizer::vocabSize() const {
    return std::max(static_cast<int>(m_tokens.size()), m_added.maxId() + 1);
}

std::optional<int> BpeTokenizer::tokenId(std::string_view token) const {
    if (const AddedToken* t = m_added.byContent(token)) return t->id;
    auto it = m_ids.find(std::string(token));
    if (it == m_ids.end()) return std::nullopt;
    return it->second;
}

bool BpeTokenizer::isSpecial(int id) const { return m_added.byId(id) != nullptr; }

std::vector<int> BpeTokenizer::encodeForModel(std::string_view text) const {
    std::vector<int> ids;
    if (m_addBos) ids.push_back(*m_special.bos);
    const auto body = encode(text);
    ids.insert(ids.end(), body.begin(), body.end());
    if (m_addEos) ids.push_back(*m_special.eos);
    return ids;
}

}  // namespace persona::detail
