// The optional HuggingFace tokenizer files of a model folder, read into one structure:
// added_tokens.json, special_tokens_map.json and tokenizer_config.json.
#pragma once

#include "text/added_tokens.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace persona::detail {

struct TokenizerConfig {
    // From added_tokens.json and tokenizer_config.json's added_tokens_decoder, with ids.
    std::vector<AddedToken> addedTokens;
    // Special token strings (special_tokens_map.json wins over tokenizer_config.json).
    std::optional<std::string> bos, eos, unk, pad, sep, cls, mask;
    std::vector<std::string> additionalSpecial;
    // Which file named each special token, for error messages.
    std::string specialSource;

    std::optional<bool> addBosToken;
    std::optional<bool> addEosToken;
    std::optional<bool> addPrefixSpace;  // GPT-2: a space before the text
    std::optional<bool> doLowerCase;
    std::optional<bool> stripAccents;  // absent or null: follow doLowerCase (BERT)
    std::optional<bool> tokenizeChineseChars;

    // Reads whichever of the three files exist in dir. Throws TokenizerError naming the file on
    // bad JSON or a field of the wrong type.
    static TokenizerConfig read(const std::filesystem::path& dir);
};

// Reads a whole file; throws TokenizerError naming it when it cannot be read.
std::string readTokenizerFile(const std::filesystem::path& path);

}  // namespace persona::detail
