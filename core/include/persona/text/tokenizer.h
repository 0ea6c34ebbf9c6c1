// One interface over the three tokenizer kinds a model folder can carry: GPT-2 byte-level BPE
// (vocab.json + merges.txt), BERT WordPiece (vocab.txt) and SentencePiece (*.model).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace persona {

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // Text to ids. Special/added tokens that appear in the text ("[P1u]", "</s>") become their
    // single id and are never split. No BOS/EOS/CLS is added here: see encodeForModel.
    virtual std::vector<int> encode(std::string_view text) const = 0;

    // Ids to text. skipSpecial drops special/added tokens. Byte-level output that is not valid
    // UTF-8 is decoded with U+FFFD replacement, never an exception.
    virtual std::string decode(const std::vector<int>& ids, bool skipSpecial = false) const = 0;

    // The token's entry in the vocabulary as stored ("Ġhello", "##ing", "▁при").
    virtual std::string tokenString(int id) const = 0;
    // The exact bytes this token contributes to decoded text (may be partial UTF-8 for
    // byte-level BPE: streaming assembles them, see Utf8StreamAssembler).
    virtual std::string tokenBytes(int id) const = 0;

    virtual int vocabSize() const = 0;
    virtual std::optional<int> tokenId(std::string_view token) const = 0;
    virtual bool isSpecial(int id) const = 0;

    virtual std::optional<int> bosId() const = 0;
    virtual std::optional<int> eosId() const = 0;
    virtual std::optional<int> padId() const = 0;
    virtual std::optional<int> unkId() const = 0;

    // True when tokenizer_config.json says add_bos_token (GPT-2 family) — encodeForModel then
    // prepends BOS. BERT-family tokenizers wrap in [CLS] ... [SEP].
    virtual std::vector<int> encodeForModel(std::string_view text) const = 0;

    // "bpe", "wordpiece" or "sentencepiece"
    virtual std::string kind() const = 0;
};

// Loads the tokenizer of a model folder, honouring added_tokens.json, special_tokens_map.json and
// tokenizer_config.json where present. Throws TokenizerError naming the folder and the problem.
std::unique_ptr<Tokenizer> loadTokenizer(const std::string& modelDir);

// Turns a stream of token bytes into complete UTF-8 text: push() returns the text that became
// complete; flush() returns what is left (invalid bytes as U+FFFD).
class Utf8StreamAssembler {
public:
    std::string push(std::string_view bytes);
    std::string flush();

private:
    std::string m_pending;
};

}  // namespace persona
