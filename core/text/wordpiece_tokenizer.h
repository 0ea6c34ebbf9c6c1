// BERT WordPiece (vocab.txt), as HuggingFace's BertTokenizer: BasicTokenizer (clean text, CJK
// characters split, lower-casing and accent stripping per tokenizer_config.json, punctuation
// split), then greedy longest-match-first pieces with the "##" continuation prefix.
#pragma once

#include "persona/text/tokenizer.h"
#include "text/added_tokens.h"
#include "text/special_tokens.h"

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace persona::detail {

class WordPieceTokenizer final : public Tokenizer {
public:
    static std::unique_ptr<WordPieceTokenizer> load(const std::filesystem::path& dir);

    std::vector<int> encode(std::string_view text) const override;
    // HuggingFace's convert_tokens_to_string: tokens joined by spaces, " ##" removed. The text is
    // the normalized one (lower-cased, accents stripped, spaces around punctuation).
    std::string decode(const std::vector<int>& ids, bool skipSpecial) const override;
    std::string tokenString(int id) const override;
    // "##ing" contributes "ing"; a word-initial token contributes " " + token.
    std::string tokenBytes(int id) const override;
    int vocabSize() const override;
    std::optional<int> tokenId(std::string_view token) const override;
    bool isSpecial(int id) const override;
    // BERT has no BOS/EOS: these are [CLS] and [SEP].
    std::optional<int> bosId() const override { return m_special.cls; }
    std::optional<int> eosId() const override { return m_special.sep; }
    std::optional<int> padId() const override { return m_special.pad; }
    std::optional<int> unkId() const override { return m_special.unk; }
    // [CLS] text [SEP]
    std::vector<int> encodeForModel(std::string_view text) const override;
    std::string kind() const override { return "wordpiece"; }

    // BasicTokenizer alone: the words WordPiece then splits (exposed for tests).
    std::vector<std::string> basicTokenize(std::string_view text) const;

private:
    static constexpr std::size_t kMaxCharsPerWord = 100;

    WordPieceTokenizer() = default;
    void checkId(int id) const;
    void wordPiece(const std::string& word, std::vector<int>& out) const;

    std::vector<std::string> m_tokens;
    std::unordered_map<std::string, int> m_ids;
    AddedTokens m_added;
    SpecialIds m_special;
    bool m_lowerCase = true;
    bool m_stripAccents = true;
    bool m_splitChinese = true;
};

}  // namespace persona::detail
