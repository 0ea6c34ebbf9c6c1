#include "text/special_tokens.h"

#include "persona/error.h"

namespace persona::detail {

SpecialIds resolveSpecialTokens(const TokenizerConfig& cfg, const VocabLookup& vocab,
                                AddedTokens& added) {
    for (const AddedToken& token : cfg.addedTokens) {
        const std::string where = token.source.empty() ? std::string() : token.source + ": ";
        if (const auto existing = vocab.tokenOf(token.id); existing && *existing != token.content)
            throw TokenizerError(where + "added token \"" + token.content + "\" has id " +
                                 std::to_string(token.id) + ", which " + vocab.file +
                                 " gives to \"" + *existing + "\"");
        if (const auto id = vocab.idOf(token.content); id && *id != token.id)
            throw TokenizerError(where + "added token \"" + token.content + "\" has id " +
                                 std::to_string(token.id) + " but id " + std::to_string(*id) +
                                 " in " + vocab.file);
        added.add(token);
    }

    const auto resolve = [&](const std::optional<std::string>& content,
                             const char* key) -> std::optional<int> {
        if (!content) return std::nullopt;
        if (const AddedToken* t = added.byContent(*content)) {
            AddedToken copy = *t;
            copy.special = true;
            added.add(copy);
            return t->id;
        }
        if (const auto id = vocab.idOf(*content)) {
            added.add({*content, *id, true, false, false, vocab.file});
            return id;
        }
        throw TokenizerError((cfg.specialSource.empty() ? std::string("tokenizer defaults")
                                                        : cfg.specialSource) +
                             ": " + key + " \"" + *content + "\" is neither in " + vocab.file +
                             " nor an added token");
    };
    SpecialIds ids;
    ids.bos = resolve(cfg.bos, "bos_token");
    ids.eos = resolve(cfg.eos, "eos_token");
    ids.unk = resolve(cfg.unk, "unk_token");
    ids.pad = resolve(cfg.pad, "pad_token");
    ids.sep = resolve(cfg.sep, "sep_token");
    ids.cls = resolve(cfg.cls, "cls_token");
    ids.mask = resolve(cfg.mask, "mask_token");
    for (const std::string& extra : cfg.additionalSpecial)
        resolve(extra, "additional_special_tokens");
    return ids;
}

}  // namespace persona::detail
