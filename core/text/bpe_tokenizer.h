// GPT-2 byte-level BPE (vocab.json + merges.txt), as HuggingFace's GPT2Tokenizer: the GPT-2
// pre-tokenization regex, the byte-to-unicode table, and merges applied lowest rank first.
#pragma once

#include "persona/text/tokenizer.h"
#include "text/added_tokens.h"
#include "text/byte_level.h"
#include "text/special_tokens.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace persona::detail {

class BpeTokenizer final : public Tokenizer {
public:
    // Reads vocab.json, merges.txt and the optional HuggingFace files of dir.
    static std::unique_ptr<BpeTokenizer> load(const std::filesystem::path& dir);

    std::vector<int> encode(std::string_view text) const override;
    std::string decode(const std::vector<int>& ids, bool skipSpecial) const override;
    std::string tokenString(int id) const override;
    std::string tokenBytes(int id) const override;
    int vocabSize() const override;
    std::optional<int> tokenId(std::string_view token) const override;
    bool isSpecial(int id) const override;
    std::optional<int> bosId() const override { return m_special.bos; }
    std::optional<int> eosId() const override { return m_special.eos; }
    std::optional<int> padId() const override { return m_special.pad; }
    std::optional<int> unkId() const override { return m_special.unk; }
    std::vector<int> encodeForModel(std::string_view text) const override;
    std::string kind() const override { return "bpe"; }

private:
    BpeTokenizer() = default;
    void loadVocab(const std::filesystem::path& file);
    void loadMerges(const std::filesystem::path& file);
    void checkId(int id) const;
    // Appends the ids of one pre-tokenized piece (raw UTF-8 bytes).
    void encodePiece(std::string_view piece, std::vector<int>& out) const;
    void bpe(std::string_view piece, std::vector<int>& out) const;

    std::vector<std::string> m_tokens;  // id -> vocab.json string; "" where no token
    std::vector<std::string> m_bytes;   // id -> the bytes it stands for
    std::vector<bool> m_present;        // id -> defined in vocab.json
    std::unordered_map<std::string, int> m_ids;
    std::array<int, 256> m_byteIds{};   // the single-byte token of each byte
    BpeMerges m_merges;
    AddedTokens m_added;
    SpecialIds m_special;
    bool m_addBos = false;
    bool m_addEos = false;
    bool m_addPrefixSpace = false;  // as GPT2Tokenizer's add_prefix_space

    BpeCache m_cache;
};

}  // namespace persona::detail
