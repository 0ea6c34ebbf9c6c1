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

// One logit bias: added to token `id`'s logit before every other stage (-inf bans it).
struct LogitBias {
    int id = 0;
    float bias = 0;
};

// The sampler chain's settings (core/generate/sampler_chain.h runs them; the names and meanings
// follow llama.cpp's common sampling parameters). Every stage is off at its default, except
// temperature 1, so the defaults sample from the model's own distribution.
struct SamplingSettings {
    bool greedy = false;            // argmax after the logit stages (bias, boost, penalties, n-gram
                                    // ban, DRY); temperature and every truncation stage are skipped
    float temperature = 1.0f;       // > 0
    float dynatempRange = 0.0f;     // > 0: temperature in [t - range, t + range] by the entropy
    float dynatempExponent = 1.0f;  // > 0: how the normalized entropy maps into that range
    int topK = 0;                   // 0 = off
    float topP = 1.0f;              // (0, 1]; 1 = off
    float minP = 0.0f;              // [0, 1]; drops tokens below minP x the best's probability
    float typicalP = 1.0f;          // (0, 1]; 1 = off; locally typical sampling
    float topNSigma = -1.0f;        // <= 0 off; keeps logits within n standard deviations of the max
    float xtcThreshold = 0.1f;      // XTC: tokens at or above this probability are "top choices"
    float xtcProbability = 0.0f;    // [0, 1]: chance per step that XTC removes all but the least likely top choice
    float repetitionPenalty = 1.0f; // >= 1 discourages tokens already in prompt or reply (HF rule)
    float presencePenalty = 0.0f;   // subtracted once from every token in the penalty window
    float frequencyPenalty = 0.0f;  // subtracted per occurrence in the penalty window
    int penaltyLastN = -1;          // the penalty window: last N tokens; -1 = all (after the knowledge)
    int noRepeatNgramSize = 0;      // 0 = off; bans tokens that would repeat an n-gram
    float dryMultiplier = 0.0f;     // DRY ("don't repeat yourself"): 0 = off
    float dryBase = 1.75f;          // penalty = multiplier x base^(repeat length - allowed length)
    int dryAllowedLength = 2;       // repeats up to this long are free
    int dryPenaltyLastN = -1;       // how far back DRY looks; -1 = the whole context, 0 = off
    std::vector<std::string> drySequenceBreakers = {"\n", ":", "\"", "*"};  // a repeat never spans these
    int mirostat = 0;               // 0 off, 2 = Mirostat v2 (replaces top-k/top-p/min-p/typical/XTC/n-sigma)
    float mirostatTau = 5.0f;       // target surprise, bits
    float mirostatEta = 0.1f;       // learning rate
    std::vector<LogitBias> logitBias;
    // The order of the configurable stages (names as in samplerStageNames()); empty = the default,
    // text-generation-webui's and SillyTavern's: penalties, ngram_ban, dry, temperature,
    // top_n_sigma, top_k, top_p, typical_p, min_p, xtc. Logit bias, the minimum-length mask and the
    // knowledge boost always come first; Mirostat (when on) and the pick last.
    std::vector<std::string> samplers;
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

// The names of the configurable stages, in the default order (the --samplers vocabulary), and the
// order a settings value asks for (its `samplers`, or the default). llama.cpp's names are accepted
// too (typ_p, temp, top-k ...). Throws InvalidArgument for an unknown or repeated name.
const std::vector<std::string>& samplerStageNames();
std::vector<std::string> samplerOrder(const SamplingSettings& settings);
// "penalties;dry;top_k" or "penalties,dry,top_k" -> the canonical names.
std::vector<std::string> parseSamplerOrder(const std::string& text);
// "15043+1.5", "15043-inf" -> {15043, 1.5} / {15043, -inf}. Throws InvalidArgument.
LogitBias parseLogitBias(const std::string& text);

// What a stage that changes logits did to one alternative ("penalties" -0.4, "dry" -1.8).
struct LogitChange {
    std::string stage;
    float delta = 0;
};

struct TokenAlternative {
    int id = 0;
    std::string text;  // the token decoded on its own (U+FFFD for a partial UTF-8 byte)
    float prob = 0;
    // Attribution by the sampler chain (absent for forced tokens): the stage that removed this
    // token (empty: it survived to the pick), its probability in the distribution the pick drew
    // from (0 when cut; -1 when not recorded), and the logit changes on the way.
    std::string cutBy;
    float probAfter = -1;
    std::vector<LogitChange> changes;
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
    float probAfter = -1;  // the chosen token's probability after the chain (-1: forced)
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
