// A SentencePiece model (*.model) behind the Tokenizer interface. Added tokens from the
// HuggingFace files are split off first; the rest goes to sentencepiece through the shim.
#pragma once

#include "persona/text/sentencepiece.h"
#include "persona/text/tokenizer.h"
#include "text/added_tokens.h"
#include "text/special_tokens.h"

#include <filesystem>

namespace persona::detail {

class SentencePieceTokenizer final : public Tokenizer {
public:
    static std::unique_ptr<SentencePieceTokenizer> load(const std::filesystem::path& modelFile);

    std::vector<int> encode(std::string_view text) const override;
    // Runs of ordinary pieces are decoded by sentencepiece (which drops the leading "▁" of a run);
    // added and control tokens are written as their text unless skipSpecial.
    std::string decode(const std::vector<int>& ids, bool skipSpecial) const override;
    std::string tokenString(int id) const override;
    // "▁" becomes a space; byte pieces (<0xE2>) become their byte; control tokens give "".
    std::string tokenBytes(int id) const override;
    int vocabSize() const override;
    std::optional<int> tokenId(std::string_view token) const override;
    // Control tokens (<s>, </s>), the unknown token and added tokens.
    bool isSpecial(int id) const override;
    std::optional<int> bosId() const override { return m_special.bos; }
    std::optional<int> eosId() const override { return m_special.eos; }
    std::optional<int> padId() const override { return m_special.pad; }
    std::optional<int> unkId() const override { return m_special.unk; }
    // BOS/EOS around the text where tokenizer_config.json says add_bos_token / add_eos_token.
    std::vector<int> encodeForModel(std::string_view text) const override;
    std::string kind() const override { return "sentencepiece"; }

private:
    explicit SentencePieceTokenizer(SentencePieceModel model) : m_model(std::move(model)) {}
    void checkId(int id) const;
    bool isModelControl(int id) const;

    SentencePieceModel m_model;
    AddedTokens m_added;
    SpecialIds m_special;
    bool m_addBos = false;
    bool m_addEos = false;
};

}  // namespace persona::detail
