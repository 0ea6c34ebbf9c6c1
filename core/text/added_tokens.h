// Tokens that are matched in the raw text before any model tokenization and are never split:
// special tokens (<|endoftext|>, </s>, [CLS]) and tokens added to a vocabulary ([P1u], [Gk]).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace persona::detail {

struct AddedToken {
    std::string content;
    int id = -1;
    bool special = false;  // named in special_tokens_map.json or marked "special" in the config
    bool lstrip = false;   // swallows the whitespace on its left
    bool rstrip = false;   // swallows the whitespace on its right
    std::string source;    // the file that declared it, for messages ("added_tokens.json")
    bool singleWord = false;  // matches only where no word character touches it (tokenizer.json)
};

class AddedTokens {
public:
    struct Segment {
        std::string_view text;  // the plain text, or the token's text as it appears
        int id = -1;            // the added token's id, or -1 for plain text
    };

    // Adds or updates a token (same content: the flags are merged, the id must match).
    void add(const AddedToken& token);

    // Splits text at the added tokens, leftmost first and, at one position, longest first.
    // Plain segments are never empty.
    std::vector<Segment> split(std::string_view text) const;

    const AddedToken* byId(int id) const;
    const AddedToken* byContent(std::string_view content) const;
    const std::vector<AddedToken>& all() const { return m_tokens; }
    bool empty() const { return m_tokens.empty(); }
    int maxId() const;

private:
    void rebuildIndex();

    std::vector<AddedToken> m_tokens;
    std::unordered_map<int, std::size_t> m_byId;
    std::unordered_map<std::string, std::size_t> m_byContent;
    // Candidates per first byte, longest first.
    std::array<std::vector<std::size_t>, 256> m_byFirstByte;
};

}  // namespace persona::detail
