#include "text/hf_bpe_tokenizer.h"

#include "common/json_guard.h"
#include "persona/error.h"
#include "text/tokenizer_config.h"
#include "text/tokenizer_json.h"
#include "text/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace persona::detail {

using nlohmann::json;

namespace {

constexpr int kMaxProcessorDepth = 8;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
    throw TokenizerError(where + ": " + what);
}

const json& fieldOrNull(const json& obj, const char* key) {
    static const json null;
    return obj.is_object() && obj.contains(key) ? obj[key] : null;
}

bool flagOr(const json& obj, const char* key, bool fallback) {
    const json& v = fieldOrNull(obj, key);
    return v.is_boolean() ? v.get<bool>() : fallback;
}

bool hasByteLevelStep(const json& spec, int depth) {
    if (!spec.is_object() || depth > kMaxProcessorDepth) return false;
    const json& type = fieldOrNull(spec, "type");
    if (type == "ByteLevel") return true;
    if (type == "Sequence")
        for (const json& inner : fieldOrNull(spec, "pretokenizers"))
            if (hasByteLevelStep(inner, depth + 1)) return true;
    return false;
}

}  // namespace

bool HfBpeTokenizer::isByteLevel(const json& doc) {
    return hasByteLevelStep(fieldOrNull(doc, "pre_tokenizer"), 0);
}

std::unique_ptr<HfBpeTokenizer> HfBpeTokenizer::load(const std::filesystem::path& dir, const json& doc) {
    const std::string where = (dir / "tokenizer.json").string();
    if (!doc.is_object()) fail(where, "expected a JSON object");
    if (!isByteLevel(doc)) return nullptr;
    std::unique_ptr<HfBpeTokenizer> tok(new HfBpeTokenizer());
    tok->loadModel(fieldOrNull(doc, "model"), where);
    tok->m_normalizer = HfNormalizer::fromJson(fieldOrNull(doc, "normalizer"), where);
    tok->m_preTokenizer = HfPreTokenizer::fromJson(fieldOrNull(doc, "pre_tokenizer"), where);
    const json& decoder = fieldOrNull(doc, "decoder");
    if (!decoder.is_null() && fieldOrNull(decoder, "type") != "ByteLevel")
        fail(where, "a byte-level BPE needs the ByteLevel decoder, found " + jsonPreview(fieldOrNull(decoder, "type")));
    tok->loadAddedTokens(doc, where);
    const TokenizerConfig cfg = tok->resolveSpecial(dir);
    tok->loadPostProcessor(fieldOrNull(doc, "post_processor"), where, 0);
    tok->applyConfigFlags(cfg, (dir / "tokenizer_config.json").string());
    return tok;
}

void HfBpeTokenizer::loadModel(const json& model, const std::string& where) {
    if (!model.is_object()) fail(where, "\"model\" must be an object");
    const json& dropout = fieldOrNull(model, "dropout");
    if (!dropout.is_null() && !(dropout.is_number() && dropout.get<double>() == 0.0))
        fail(where, "BPE dropout is for training; a file with dropout " + jsonPreview(dropout) + " is refused");
    for (const char* affix : {"continuing_subword_prefix", "end_of_word_suffix"}) {
        const json& v = fieldOrNull(model, affix);
        if (!v.is_null() && !(v.is_string() && v.get<std::string>().empty()))
            fail(where, std::string("BPE \"") + affix + "\" is not supported in a byte-level BPE");
    }
    m_ignoreMerges = flagOr(model, "ignore_merges", false);
    const json& vocab = fieldOrNull(model, "vocab");
    if (!vocab.is_object() || vocab.empty())
        fail(where, "model.vocab must be a non-empty object of token: id");
    if (vocab.size() > kMaxVocabSize)
        fail(where, "model.vocab has " + std::to_string(vocab.size()) + " tokens, more than " +
                        std::to_string(kMaxVocabSize));
    for (const auto& [token, value] : vocab.items()) {
        if (!value.is_number_integer() || value.get<long long>() < 0 ||
            value.get<long long>() >= static_cast<long long>(kMaxVocabSize))
            fail(where, "the id of \"" + token + "\" must be an integer from 0 to " + std::to_string(kMaxVocabSize - 1));
        const int id = value.get<int>();
        if (id >= static_cast<int>(m_tokens.size())) {
            m_tokens.resize(id + 1);
            m_bytes.resize(id + 1);
            m_present.resize(id + 1, false);
        }
        if (m_present[id])
            fail(where, "id " + std::to_string(id) + " is used by both \"" + m_tokens[id] + "\" and \"" + token + "\"");
        m_present[id] = true;
        m_tokens[id] = token;
        m_bytes[id] = byteLevelToBytes(token);
        m_ids.emplace(token, id);
    }
    for (int b = 0; b < 256; ++b) {
        const std::string ch = bytesToByteLevel(std::string(1, static_cast<char>(b)));
        auto it = m_ids.find(ch);
        if (it == m_ids.end()) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", b);
            fail(where, "no byte-level token \"" + ch + "\" for byte " + hex + " in model.vocab");
        }
        m_byteIds[b] = it->second;
    }
    loadMerges(fieldOrNull(model, "merges"), where);
}

// Merges are "a b" strings (tokenizers before 0.20) or ["a", "b"] pairs.
void HfBpeTokenizer::loadMerges(const json& merges, const std::string& where) {
    if (!merges.is_array()) fail(where, "model.merges must be a list");
    if (merges.size() > kMaxMerges)
        fail(where, "model.merges has " + std::to_string(merges.size()) + " merges, more than " +
                        std::to_string(kMaxMerges));
    m_merges.reserve(merges.size());
    std::uint32_t rank = 0;
    for (const json& merge : merges) {
        std::string a, b;
        const std::string at = "model.merges[" + std::to_string(rank) + "]";
        if (merge.is_string()) {
            const std::string line = merge.get<std::string>();
            const std::size_t space = line.find(' ');
            if (space == std::string::npos || space == 0 || space + 1 == line.size() ||
                line.find(' ', space + 1) != std::string::npos)
                fail(where, at + ": expected two tokens separated by one space, found " + jsonPreview(merge));
            a = line.substr(0, space);
            b = line.substr(space + 1);
        } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string()) {
            a = merge[0].get<std::string>();
            b = merge[1].get<std::string>();
        } else {
            fail(where, at + ": expected \"a b\" or [\"a\", \"b\"], found " + jsonPreview(merge));
        }
        const auto ia = m_ids.find(a), ib = m_ids.find(b), im = m_ids.find(a + b);
        if (ia == m_ids.end()) fail(where, at + ": \"" + a + "\" is not in model.vocab");
        if (ib == m_ids.end()) fail(where, at + ": \"" + b + "\" is not in model.vocab");
        if (im == m_ids.end()) fail(where, at + ": the merged token \"" + a + b + "\" is not in model.vocab");
        m_merges.set(ia->second, ib->second, BpeMerges::Merge{rank++, im->second});
    }
}

void HfBpeTokenizer::loadAddedTokens(const json& doc, const std::string& where) {
    const json& list = fieldOrNull(doc, "added_tokens");
    if (list.is_null()) return;
    if (!list.is_array()) fail(where, "\"added_tokens\" must be a list");
    for (const json& item : list) {
        if (!item.is_object() || !fieldOrNull(item, "content").is_string() ||
            !fieldOrNull(item, "id").is_number_integer() || item["id"].get<long long>() < 0 ||
            item["id"].get<long long>() >= static_cast<long long>(kMaxVocabSize))
            fail(where, "an added token must have a string \"content\" and an id from 0 to " +
                            std::to_string(kMaxVocabSize - 1) + ", found " + jsonPreview(item));
        AddedToken t;
        t.content = item["content"].get<std::string>();
        t.id = item["id"].get<int>();
        t.special = flagOr(item, "special", false);
        t.lstrip = flagOr(item, "lstrip", false);
        t.rstrip = flagOr(item, "rstrip", false);
        t.singleWord = flagOr(item, "single_word", false);
        t.source = "tokenizer.json";
        m_fileAdded.push_back(std::move(t));
    }
}

// TemplateProcessing ("single": [$bos, $A]), RobertaProcessing (cls, sep), ByteLevel (nothing),
// or a Sequence of them.
void HfBpeTokenizer::loadPostProcessor(const json& spec, const std::string& where, int depth) {
    if (spec.is_null()) return;
    const json& type = fieldOrNull(spec, "type");
    if (type == "ByteLevel") return;
    if (type == "Sequence" && depth < kMaxProcessorDepth) {
        for (const json& inner : fieldOrNull(spec, "processors")) loadPostProcessor(inner, where, depth + 1);
        return;
    }
    const auto tokenIdOf = [&](const json& content) {
        const auto id = content.is_string() ? tokenId(content.get<std::string>()) : std::nullopt;
        if (!id) fail(where, "the post-processor names the token " + jsonPreview(content) + ", which is not in the vocabulary");
        return *id;
    };
    if (type == "RobertaProcessing" || type == "BertProcessing") {
        const json &cls = fieldOrNull(spec, "cls"), &sep = fieldOrNull(spec, "sep");
        if (!cls.is_array() || cls.empty() || !sep.is_array() || sep.empty())
            fail(where, "the post-processor needs \"cls\" and \"sep\"");
        m_prefix = {tokenIdOf(cls[0])};
        m_suffix = {tokenIdOf(sep[0])};
        return;
    }
    if (type != "TemplateProcessing")
        fail(where, "post_processor " + jsonPreview(type) + " is not supported");
    const json& single = fieldOrNull(spec, "single");
    if (!single.is_array()) fail(where, "TemplateProcessing needs a list \"single\"");
    bool seenSequence = false;
    for (const json& piece : single) {
        if (piece.is_object() && piece.contains("Sequence")) {
            seenSequence = true;
        } else if (piece.is_object() && piece.contains("SpecialToken")) {
            const json& name = fieldOrNull(piece["SpecialToken"], "id");
            const json& entry = fieldOrNull(fieldOrNull(spec, "special_tokens"), name.is_string() ? name.get<std::string>().c_str() : "");
            std::vector<int>& side = seenSequence ? m_suffix : m_prefix;
            const json& ids = fieldOrNull(entry, "ids");
            if (!ids.is_array() || ids.empty()) {
                side.push_back(tokenIdOf(name));
                continue;
            }
            for (const json& id : ids) {
                if (!id.is_number_integer()) fail(where, "TemplateProcessing ids must be integers");
                side.push_back(id.get<int>());
            }
        } else {
            fail(where, "TemplateProcessing \"single\" holds " + jsonPreview(piece));
        }
    }
}

TokenizerConfig HfBpeTokenizer::resolveSpecial(const std::filesystem::path& dir) {
    TokenizerConfig cfg = TokenizerConfig::read(dir);
    cfg.addedTokens.insert(cfg.addedTokens.begin(), m_fileAdded.begin(), m_fileAdded.end());
    const HfBpeTokenizer* self = this;
    VocabLookup lookup{"tokenizer.json",
                       [self](std::string_view s) -> std::optional<int> {
                           auto it = self->m_ids.find(std::string(s));
                           if (it == self->m_ids.end()) return std::nullopt;
                           return it->second;
                       },
                       [self](int id) -> std::optional<std::string> {
                           if (id < 0 || id >= static_cast<int>(self->m_tokens.size()) || !self->m_present[id])
                               return std::nullopt;
                           return self->m_tokens[id];
                       }};
    m_special = resolveSpecialTokens(cfg, lookup, m_added);
    return cfg;
}

// tokenizer_config.json's flags, where given, decide (as LlamaTokenizerFast rebuilds its template
// from them); else the file's post-processor does.
void HfBpeTokenizer::applyConfigFlags(const TokenizerConfig& cfg, const std::string& configFile) {
    for (const std::vector<int>* side : {&m_prefix, &m_suffix})
        for (int id : *side) checkId(id);
    if (cfg.addBosToken || cfg.addEosToken) {
        m_prefix.clear();
        m_suffix.clear();
        if (cfg.addBosToken.value_or(false)) {
            if (!m_special.bos) fail(configFile, "add_bos_token is set but there is no bos_token");
            m_prefix.push_back(*m_special.bos);
        }
        if (cfg.addEosToken.value_or(false)) {
            if (!m_special.eos) fail(configFile, "add_eos_token is set but there is no eos_token");
            m_suffix.push_back(*m_special.eos);
        }
    }
}

std::vector<int> HfBpeTokenizer::encode(std::string_view text) const {
    std::string prepared;
    if (!isValidUtf8(text)) {
        prepared = sanitizeUtf8(text);
        text = prepared;
    }
    std::vector<int> ids;
    ids.reserve(text.size() / 3 + 1);
    for (const auto& segment : m_added.split(text)) {
        if (segment.id >= 0) {
            ids.push_back(segment.id);
            continue;
        }
        const std::string normalized = m_normalizer.identity() ? std::string(segment.text)
                                                               : m_normalizer.apply(segment.text);
        for (const std::string& piece : m_preTokenizer.split(normalized)) encodePiece(piece, ids);
    }
    return ids;
}

void HfBpeTokenizer::encodePiece(std::string_view piece, std::vector<int>& out) const {
    if (piece.size() == 1) {
        out.push_back(m_byteIds[static_cast<unsigned char>(piece[0])]);
        return;
    }
    m_cache.encode(piece, out, [this](std::string_view p, std::vector<int>& o) {
        if (m_ignoreMerges)
            if (auto it = m_ids.find(bytesToByteLevel(p)); it != m_ids.end()) {
                o.push_back(it->second);
                return;
            }
        std::vector<int> symbols(p.size());
        for (std::size_t i = 0; i < p.size(); ++i) symbols[i] = m_byteIds[static_cast<unsigned char>(p[i])];
        m_merges.apply(symbols, o);
    });
}

std::vector<int> HfBpeTokenizer::encodeForModel(std::string_view text) const {
    std::vector<int> ids = m_prefix;
    const auto body = encode(text);
    ids.insert(ids.end(), body.begin(), body.end());
    ids.insert(ids.end(), m_suffix.begin(), m_suffix.end());
    return ids;
}

void HfBpeTokenizer::checkId(int id) const {
    const bool inVocab = id >= 0 && id < static_cast<int>(m_tokens.size()) && m_present[id];
    if (!inVocab && !m_added.byId(id))
        throw TokenizerError("token id " + std::to_string(id) + " is not in the vocabulary (size " +
                             std::to_string(vocabSize()) + ")");
}

std::string HfBpeTokenizer::decode(const std::vector<int>& ids, bool skipSpecial) const {
    std::string bytes;
    bytes.reserve(ids.size() * 4);
    for (int id : ids) {
        checkId(id);
        if (const AddedToken* t = m_added.byId(id)) {
            if (!(skipSpecial && t->special)) bytes += t->content;
        } else {
            bytes += m_bytes[id];
        }
    }
    return sanitizeUtf8(bytes);
}

std::string HfBpeTokenizer::tokenString(int id) const {
    checkId(id);
    if (id < static_cast<int>(m_tokens.size()) && m_present[id]) return m_tokens[id];
    return m_added.byId(id)->content;
}

std::string HfBpeTokenizer::tokenBytes(int id) const {
    checkId(id);
    if (const AddedToken* t = m_added.byId(id)) return t->content;
    return m_bytes[id];
}

int HfBpeTokenizer::vocabSize() const {
    return std::max(static_cast<int>(m_tokens.size()), m_added.maxId() + 1);
}

std::optional<int> HfBpeTokenizer::tokenId(std::string_view token) const {
    if (const AddedToken* t = m_added.byContent(token)) return t->id;
    auto it = m_ids.find(std::string(token));
    if (it == m_ids.end()) return std::nullopt;
    return it->second;
}

bool HfBpeTokenizer::isSpecial(int id) const {
    const AddedToken* t = m_added.byId(id);
    return t && t->special;
}

}  // namespace persona::detail
