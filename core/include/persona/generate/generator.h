// Text generation with a causal LM (persona/model/causal_lm.h): sampling, streaming token events with probabilities and
// alternatives, cancellation, stop conditions, and a preallocated KV cache.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace persona {

class CausalLm;
class Tokenizer;

struct SamplingSettings {
    bool greedy = false;            // argmax after penalties; temperature/top-k/top-p ignored
    float temperature = 1.0f;       // > 0
    int topK = 0;                   // 0 = off
    float topP = 1.0f;              // (0, 1]; 1 = off
    float repetitionPenalty = 1.0f; // >= 1 discourages tokens already in prompt or reply (HF rule)
    int noRepeatNgramSize = 0;      // 0 = off; bans tokens that would repeat an n-gram
    // Leading prompt tokens that are knowledge (the agent's [Gk] facts): the repetition penalty
    // and the n-gram ban ignore them, so a persona may restate what it knows (0: the whole prompt
    // counts, the HF rule), and knowledgeBoost raises them.
    int knowledgeTokens = 0;
    // Added to the logit of every knowledge token that starts a word (its bytes begin with a
    // space) and is not yet in the reply, before the penalties (0 = off): makes a small model
    // restate its facts, each word once.
    float knowledgeBoost = 0.0f;
    int maxNewTokens = 64;
    int minNewTokens = 0;           // EOS and stop tokens are suppressed before this many tokens
    std::vector<std::string> stopStrings;  // the reply is cut before the first one found
    std::vector<int> stopTokenIds;         // e.g. the next speaker token; not part of the reply
    bool stopAtEos = true;
    uint64_t seed = 0;               // same seed, same settings, same model -> same text
    int alternatives = 10;           // top-K alternatives reported per token (0 = none)
    bool useCache = true;            // false: full forward every step (for checks and comparisons)
};

// How many tokens the generator cuts from the left of a prompt of promptTokens so that
// maxNewTokens still fit in the model's nPositions (0 when it fits).
size_t promptTokensToDrop(size_t promptTokens, int nPositions, int maxNewTokens);

// Throws InvalidArgument naming the first setting out of range.
void validate(const SamplingSettings& settings);

struct TokenAlternative {
    int id = 0;
    std::string text;  // the token decoded on its own (U+FFFD for a partial UTF-8 byte)
    float prob = 0;
};

// One generated token. `prob` and the alternatives' probabilities come from the model's own
// distribution at that step (softmax of the logits at temperature 1, before penalties and
// truncation), so they say what the model believed, whatever the sampler then did.
struct TokenEvent {
    int index = 0;      // position in the reply, from 0
    int id = 0;
    std::string text;   // the text this token completed (may be empty mid-character)
    float prob = 0;
    std::vector<TokenAlternative> alternatives;  // most probable first; may include `id`
    bool forced = false;  // given by the caller (continue-from), not sampled
};

enum class StopReason { MaxTokens, Eos, StopToken, StopString, Cancelled, ContextFull };
std::string toString(StopReason reason);

struct GenerationResult {
    std::string text;                 // the reply, without the stop token/string
    std::vector<TokenEvent> tokens;   // every token generated (including a final stop token)
    StopReason stopReason = StopReason::MaxTokens;
    int promptTokens = 0;             // after truncation
    int promptTokensDropped = 0;      // cut from the left to fit n_positions - maxNewTokens
    double prefillMs = 0;
    double decodeMs = 0;              // all steps after the first token
};

using TokenCallback = std::function<void(const TokenEvent&)>;

class Generator {
public:
    // Both must outlive the generator. The model may be shared by several generators in turn,
    // not at the same time.
    Generator(const CausalLm& model, const Tokenizer& tokenizer);
    ~Generator();

    // prompt: token ids as fed to the model. forcedReply: tokens that must begin the reply
    // (continue from a chosen alternative); they are reported as events with forced = true.
    // onToken is called on this thread for each token as soon as it is chosen. cancel is checked
    // before every token; when set, generation stops with StopReason::Cancelled.
    GenerationResult generate(const std::vector<int>& prompt, const SamplingSettings& settings,
                              const TokenCallback& onToken = {},
                              const std::atomic_bool* cancel = nullptr,
                              const std::vector<int>& forcedReply = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace persona
