// Byte-level BPE from HuggingFace's tokenizer.json (Llama 3, Qwen2/2.5/3, GPT-2, DeepSeek...), as
// the tokenizers library runs it: added tokens are cut out of the raw text first (leftmost,
// longest), the rest is normalized, pre-tokenized (PCRE2 for the file's regexes) and merged.
// tokenizer_config.json gives bos/eos/add_bos_token; the post-processor's template gives what
// encodeForModel adds when the config says nothing.
#pragma once

#include "persona/text/tokenizer.h"
#include "text/added_tokens.h"
#include "text/byte_level.h"
#include "text/hf_pipeline.h"
#include "text/special_tokens.h"
#include "text/tokenizer_config.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace persona::detail {

class HfBpeTokenizer final : public Tokenizer {
public:
    // doc is dir/tokenizer.json, parsed by readTokenizerJson (model.type "BPE"). Returns null when
    // the file is not byte-level (SentencePiece-style BPE with byte_fallback: the folder's
    // tokenizer.model serves those); throws TokenizerError naming the file and the problem.
    static std::unique_ptr<HfBpeTokenizer> load(const std::filesystem::path& dir, const nlohmann::json& doc);
    // Whether doc's pre-tokenizer has a ByteLevel step (the files this class reads).
    static bool isByteLevel(const nlohmann::json& doc);

    std::vector<int> encode(std::string_view text) const override;
    // Special tokens are dropped with skipSpecial; other added tokens (Qwen's <think>) stay, as
    // HuggingFace's decode(skip_special_tokens=True) keeps them.
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
    HfBpeTokenizer() = default;
    void loadModel(const nlohmann::json& model, const std::string& where);
    void loadMerges(const nlohmann::json& merges, const std::string& where);
    void loadAddedTokens(const nlohmann::json& doc, const std::string& where);
    void loadPostProcessor(const nlohmann::json& spec, const std::string& where, int depth);
    TokenizerConfig resolveSpecial(const std::filesystem::path& dir);
    void applyConfigFlags(const TokenizerConfig& cfg, const std::string& configFile);
    void encodePiece(std::string_view piece, std::vector<int>& out) const;
    void checkId(int id) const;

    std::vector<std::string> m_tokens;  // id -> vocabulary string; "" where no token
    std::vector<std::string> m_bytes;   // id -> the bytes it stands for
    std::vector<bool> m_present;
    std::unordered_map<std::string, int> m_ids;
    std::array<int, 256> m_byteIds{};
    BpeMerges m_merges;
    bool m_ignoreMerges = false;  // a piece that is itself in the vocabulary is not merged
    HfNormalizer m_normalizer;
    HfPreTokenizer m_preTokenizer;
    std::vector<AddedToken> m_fileAdded;  // tokenizer.json's added_tokens
    AddedTokens m_added;
    SpecialIds m_special;
    // What encodeForModel puts around the text.
    std::vector<int> m_prefix, m_suffix;
    BpeCache m_cache;
};

}  // namespace persona::detail
