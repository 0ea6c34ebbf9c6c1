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
    // single id and are never split (longest first where they overlap). No BOS/EOS/CLS is added
    // here: see encodeForModel. Invalid UTF-8 in the text is not an error: each maximal invalid
    // subpart is replaced by U+FFFD first (as Python's errors="replace" does).
    // Thread-safe (const; the BPE cache is locked).
    virtual std::vector<int> encode(std::string_view text) const = 0;

    // Ids to text. skipSpecial drops special/added tokens. Byte-level output that is not valid
    // UTF-8 is decoded with U+FFFD replacement, never an exception; an id outside the vocabulary
    // throws TokenizerError. decode(encode(text)) == text for any valid UTF-8 with byte-level BPE;
    // WordPiece gives its normalized text (lower-cased, spaces around punctuation) and
    // SentencePiece its normalized whitespace.
    virtual std::string decode(const std::vector<int>& ids, bool skipSpecial = false) const = 0;

    // The token's entry in the vocabulary as stored ("Ġhello", "##ing", "▁при").
    virtual std::string tokenString(int id) const = 0;
    // The exact bytes this token contributes to decoded text (may be partial UTF-8 for
    // byte-level BPE: streaming assembles them, see Utf8StreamAssembler). Added tokens give their
    // text; WordPiece gives " word" or, for "##ing", "ing"; SentencePiece turns "▁" into a space.
    virtual std::string tokenBytes(int id) const = 0;

    virtual int vocabSize() const = 0;
    virtual std::optional<int> tokenId(std::string_view token) const = 0;
    virtual bool isSpecial(int id) const = 0;

    // For WordPiece, bosId() is [CLS] and eosId() is [SEP].
    virtual std::optional<int> bosId() const = 0;
    virtual std::optional<int> eosId() const = 0;
    virtual std::optional<int> padId() const = 0;
    virtual std::optional<int> unkId() const = 0;

    // The ids a model is fed, as HuggingFace's tokenizer(text)["input_ids"]: BOS first only when
    // tokenizer_config.json says add_bos_token (and EOS last for add_eos_token), for the GPT-2
    // family and SentencePiece; BERT-family tokenizers wrap in [CLS] ... [SEP].
    virtual std::vector<int> encodeForModel(std::string_view text) const = 0;

    // "bpe", "wordpiece" or "sentencepiece"
    virtual std::string kind() const = 0;
};

// Loads the tokenizer of a model folder, honouring added_tokens.json, special_tokens_map.json and
// tokenizer_config.json where present: vocab.json + merges.txt -> byte-level BPE, vocab.txt ->
// WordPiece, tokenizer.model / spiece.model / sp.model (or the only *.model) -> SentencePiece.
// Throws TokenizerError naming the folder, the file and the problem (bad JSON, a bad merges line,
// id collisions, a special token that exists nowhere).
std::unique_ptr<Tokenizer> loadTokenizer(const std::string& modelDir);

// Turns a stream of token bytes into complete UTF-8 text: push() returns the text that became
// complete, holding back only an unfinished character; bytes that can never become valid are
// returned at once as U+FFFD. flush() returns what is left (an unfinished character as U+FFFD)
// and starts afresh.
class Utf8StreamAssembler {
public:
    std::string push(std::string_view bytes);
    std::string flush();

private:
    std::string m_pending;
};

}  // namespace persona
