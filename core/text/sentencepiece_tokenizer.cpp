#include "text/sentencepiece_tokenizer.h"

#include "persona/error.h"
#include "text/tokenizer_config.h"
#include "text/utf8.h"

#include <algorithm>

namespace persona::detail {

namespace {

constexpr std::string_view kSpaceMarker = "\xE2\x96\x81";  // U+2581 "▁"

std::optional<int> validId(int id) {
    if (id < 0) return std::nullopt;
    return id;
}

// "<0xE2>" -> the byte 0xE2, as sentencepiece's byte fallback writes it.
std::optional<char> bytePiece(const std::string& piece) {
    if (piece.size() != 6 || piece.compare(0, 3, "<0x") != 0 || piece[5] != '>') return std::nullopt;
    int value = 0;
    for (int i = 3; i < 5; ++i) {
        const char c = piece[i];
        int digit;
        if (c >= '0' && c <= '9') digit = c - '0';
        else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
        else return std::nullopt;
        value = value * 16 + digit;
    }
    return static_cast<char>(value);
}

}  // namespace

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::load(
    const std::filesystem::path& modelFile) {
    std::unique_ptr<SentencePieceTokenizer> tok(
        new SentencePieceTokenizer(SentencePieceModel::load(modelFile.string())));
    const SentencePieceModel& model = tok->m_model;
    TokenizerConfig cfg = TokenizerConfig::read(modelFile.parent_path());

    // The model's own special pieces, unless the HuggingFace files name others.
    const auto piece = [&](int id) -> std::optional<std::string> {
        if (id < 0 || id >= model.vocabSize()) return std::nullopt;
        return model.idToPiece(id);
    };
    if (!cfg.bos) cfg.bos = piece(model.bosId());
    if (!cfg.eos) cfg.eos = piece(model.eosId());
    if (!cfg.unk) cfg.unk = piece(model.unkId());
    if (!cfg.pad) cfg.pad = piece(model.padId());
    VocabLookup lookup{modelFile.filename().string(),
                       [&model](std::string_view s) -> std::optional<int> {
                           const std::string str(s);
                           const int id = model.pieceToId(str);
                           // pieceToId answers unkId() for unknown pieces.
                           if (id == model.unkId() && model.idToPiece(id) != str) return std::nullopt;
                           return id;
                       },
                       piece};
    tok->m_special = resolveSpecialTokens(cfg, lookup, tok->m_added);
    if (!tok->m_special.unk) tok->m_special.unk = validId(model.unkId());
    tok->m_addBos = cfg.addBosToken.value_or(false);
    tok->m_addEos = cfg.addEosToken.value_or(false);
    if ((tok->m_addBos && !tok->m_special.bos) || (tok->m_addEos && !tok->m_special.eos))
        throw TokenizerError(modelFile.string() +
                             ": add_bos_token/add_eos_token is set but the model has no such token");
    return tok;
}

std::vector<int> SentencePieceTokenizer::encode(std::string_view text) const {
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
        const auto part = m_model.encode(segment.text);
        ids.insert(ids.end(), part.begin(), part.end());
    }
    return ids;
}

bool SentencePieceTokenizer::isModelControl(int id) const {
    return id < m_model.vocabSize() && m_model.isControl(id);
}

std::string SentencePieceTokenizer::decode(const std::vector<int>& ids, bool skipSpecial) const {
    std::string out;
    std::vector<int> run;
    const auto flushRun = [&] {
        if (!run.empty()) out += m_model.decode(run);
        run.clear();
    };
    for (int id : ids) {
        checkId(id);
        const AddedToken* added = m_added.byId(id);
        if (added || isModelControl(id)) {
            flushRun();
            if (!skipSpecial) out += added ? added->content : m_model.idToPiece(id);
        } else {
            run.push_back(id);
        }
    }
    flushRun();
    return sanitizeUtf8(out);
}

void SentencePieceTokenizer::checkId(int id) const {
    if ((id < 0 || id >= m_model.vocabSize()) && !m_added.byId(id))
        throw TokenizerError("token id " + std::to_string(id) + " is not in the vocabulary (size " +
                             std::to_string(vocabSize()) + ")");
}

std::string SentencePieceTokenizer::tokenString(int id) const {
    checkId(id);
    if (id < m_model.vocabSize()) return m_model.idToPiece(id);
    return m_added.byId(id)->content;
}

std::string SentencePieceTokenizer::tokenBytes(int id) const {
    checkId(id);
    if (const AddedToken* t = m_added.byId(id)) return t->content;
    if (isModelControl(id)) return {};
    const std::string piece = m_model.idToPiece(id);
    if (const auto byte = bytePiece(piece)) return std::string(1, *byte);
    std::string out;
    for (std::size_t pos = 0; pos < piece.size();) {
        if (piece.compare(pos, kSpaceMarker.size(), kSpaceMarker) == 0) {
            out.push_back(' ');
            pos += kSpaceMarker.size();
        } else {
            out.push_back(piece[pos++]);
        }
    }
    return out;
}

int SentencePieceTokenizer::vocabSize() const {
    return std::max(m_model.vocabSize(), m_added.maxId() + 1);
}

std::optional<int> SentencePieceTokenizer::tokenId(std::string_view token) const {
    if (const AddedToken* t = m_added.byContent(token)) return t->id;
    const std::string str(token);
    const int id = m_model.pieceToId(str);
    if (id < 0 || (id == m_model.unkId() && m_model.idToPiece(id) != str)) return std::nullopt;
    return id;
}

bool SentencePieceTokenizer::isSpecial(int id) const {
    if ((id < 0 || id >= m_model.vocabSize()) && !m_added.byId(id)) return false;
    return m_added.byId(id) || isModelControl(id) || (m_special.unk && id == *m_special.unk);
}

std::vector<int> SentencePieceTokenizer::encodeForModel(std::string_view text) const {
    std::vector<int> ids;
    if (m_addBos) ids.push_back(*m_special.bos);
    const auto body = encode(text);
    ids.insert(ids.end(), body.begin(), body.end());
    if (m_addEos) ids.push_back(*m_special.eos);
    return ids;
}

}  // namespace persona::detail
