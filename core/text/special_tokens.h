// Resolves a tokenizer's added and special tokens against its vocabulary: checks id collisions,
// gives every special token an id, and fills the AddedTokens set that encode() splits on.
#pragma once

#include "text/added_tokens.h"
#include "text/tokenizer_config.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace persona::detail {

struct SpecialIds {
    std::optional<int> bos, eos, unk, pad, sep, cls, mask;
};

struct VocabLookup {
    std::string file;  // the vocabulary file, for messages ("vocab.json")
    std::function<std::optional<int>(std::string_view)> idOf;
    std::function<std::optional<std::string>(int)> tokenOf;  // nullopt: id not in the vocabulary
};

// Throws TokenizerError naming the file when an added token collides with the vocabulary or a
// special token names a token that exists nowhere.
SpecialIds resolveSpecialTokens(const TokenizerConfig& cfg, const VocabLookup& vocab,
                                AddedTokens& added);

}  // namespace persona::detail
