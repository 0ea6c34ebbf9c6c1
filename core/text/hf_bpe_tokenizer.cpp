#include "text/hf_bpe_tokenizer.h"

#include "common/json_guard.h"
#include "persona/error.h"
#include "text/tokenizer_config.h"
#include "text/tokenizer_json.h"
#include "text/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>

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
    if (vocab.is_object() && vocab.size() > kMaxVocabSize)
        fail(where, "model.vocab has " + std::to_string(vocab.size()) + " tokens, more than " +
                        std::to_string(kMaxVocabSize));
    m_vocab.load(vocab, where + ": model.vocab", static_cast<long long>(kMaxVocabSize) - 1);
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
        const auto ia = m_vocab.find(a), ib = m_vocab.find(b), im = m_vocab.find(a + b);
        if (!ia) fail(where, at + ": \"" + a + "\" is not in model.vocab");
        if (!ib) fail(where, at + ": \"" + b + "\" is not in model.vocab");
        if (!im) fail(where, at + ": the merged token \"" + a + b + "\" is not in model.vocab");
        m_merges.set(*ia, *ib, BpeMerges::Merge{rank++, *im});
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
    m_special = resolveSpecialTokens(cfg, m_vocab.lookup("tokenizer.json"), m_vocab.added());
    return cfg;
}

// tokenizer_config.json's flags, where given, decide (as LlamaTokenizerFast rebuilds its template
// from them); else the file's post-processor does.
void HfBpeTokenizer::applyConfigFlags(const TokenizerConfig& cfg, const std::string& configFile) {
    for (const std::vector<int>* side : {&m_prefix, &m_suffix})
        for (int id : *side) m_vocab.checkId(id);
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
    for (const auto& segment : m_vocab.added().split(text)) {
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
        out.push_back(m_vocab.byteId(static_cast<unsigned char>(piece[0])));
        return;
    }
    m_cache.encode(piece, out, [this](std::string_view p, std::vector<int>& o) {
        if (m_ignoreMerges)
            if (const auto whole = m_vocab.find(bytesToByteLevel(p))) {
                o.push_back(*whole);
                return;
            }
        std::vector<int> symbols(p.size());
        for (std::size_t i = 0; i < p.size(); ++i) symbols[i] = m_vocab.byteId(static_cast<unsigned char>(p[i]));
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

std::string HfBpeTokenizer::decode(const std::vector<int>& ids, bool skipSpecial) const {
    return m_vocab.decode(ids, skipSpecial, true);
}

bool HfBpeTokenizer::isSpecial(int id) const {
    const AddedToken* t = m_vocab.added().byId(id);
    return t && t->special;
}

}  // namespace persona::detail
