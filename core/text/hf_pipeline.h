// The text steps of a HuggingFace tokenizer.json before the model: the normalizer and the
// pre-tokenizer, for the kinds byte-level BPE files carry (Llama 3, Qwen2/2.5/3, GPT-2,
// DeepSeek...). A kind we do not implement is refused with its name, never skipped.
//   normalizer:    null | NFC | NFKC | NFD | NFKD | Sequence
//   pre_tokenizer: null | Split (Regex or String; every behavior; invert) | ByteLevel | Sequence
#pragma once

#include "text/pcre2_regex.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace persona::detail {

class HfNormalizer {
public:
    // `where` names the file for messages ("…/tokenizer.json").
    static HfNormalizer fromJson(const nlohmann::json& spec, const std::string& where);
    // Valid UTF-8 in, valid UTF-8 out.
    std::string apply(std::string_view text) const;
    bool identity() const { return m_forms.empty(); }

private:
    std::vector<int> m_forms;  // utf8proc option sets, applied in order
};

class HfPreTokenizer {
public:
    static HfPreTokenizer fromJson(const nlohmann::json& spec, const std::string& where);
    // The pieces the model sees, in order (raw UTF-8 bytes; a ByteLevel add_prefix_space may
    // have added a space).
    std::vector<std::string> split(std::string_view text) const;
    // A ByteLevel step is part of it: the model's vocabulary is byte-level.
    bool byteLevel() const { return m_byteLevel; }

private:
    enum class Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };
    struct Step {
        std::shared_ptr<const Pcre2Regex> regex;  // null: ByteLevel without its regex
        Behavior behavior = Behavior::Isolated;
        bool invert = false;
        bool addPrefixSpace = false;  // ByteLevel only
    };
    void addStep(const nlohmann::json& spec, const std::string& where, int depth);
    static void splitPiece(const Step& step, std::string piece, std::vector<std::string>& out);

    std::vector<Step> m_steps;
    bool m_byteLevel = false;
};

}  // namespace persona::detail
