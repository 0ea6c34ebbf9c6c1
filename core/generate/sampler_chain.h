// The sampler chain for one decoding step (V = vocabulary size), after llama.cpp's
// llama_sampler_chain: the candidates pass through small stages, each with one job, then the
// pick draws one. The chain also says, for a few tracked tokens (the alternatives the trace
// stores), which stage removed each, what the logit stages did to it, and its probability after
// the chain. No torch: stages work on plain vectors, so tests drive them with hand-made logits.
#pragma once

#include "persona/generate/generator.h"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace persona::detail {

struct Candidate {
    int id = 0;
    float logit = 0;
};

// llama.cpp's llama_token_data_array. Logits are never scaled: the temperature stage sets
// `temperature`, which the softmax divides by (so temperature 1 changes no bit of the old code's
// arithmetic).
struct Candidates {
    std::vector<Candidate> items;
    bool sorted = false;        // by logit, highest first, ties by the lower id
    double temperature = 1.0;

    void sort();                // no-op when sorted
    void sortTop(size_t k);     // the k best first, sorted; the rest in any order (not `sorted`)
    // Unnormalised softmax weights exp((l - max) / T) in item order (requires sorted), and their sum.
    std::vector<double> weights(double& total) const;
    void keepFirst(size_t n) { items.resize(n); }
};

// What a stage may read besides the candidates.
struct StepContext {
    const std::vector<int64_t>& sequence;  // prompt and reply so far
    size_t penaltyFrom = 0;                // the knowledge prefix: penalties and bans ignore [0, from)
    const std::vector<int>& reply;
    int step = 0;                          // index of the token being chosen
    std::mt19937_64& rng;
};

class SamplerStage {
public:
    virtual ~SamplerStage() = default;
    virtual const char* name() const = 0;
    // True for stages that move logits (bias, boost, penalties, DRY): attribution records deltas.
    virtual bool changesLogits() const { return false; }
    virtual void apply(Candidates& c, StepContext& ctx) = 0;
    // After the pick: the chosen token and its probability among the survivors (Mirostat learns).
    virtual void accept(int /*id*/, double /*probAfter*/) {}
};

// What the chain needs to know beyond the settings.
struct ChainInputs {
    std::vector<int> boostedTokens;  // knowledge word starts (sorted, unique), for the boost
    std::vector<int> endTokens;      // EOS and stop tokens, masked before minNewTokens
    std::vector<int> dryBreakerTokens;  // tokens whose text holds a DRY sequence breaker (sorted)
};

struct Attribution {
    std::string cutBy;          // empty: survived to the pick
    double probAfter = 0;       // in the distribution the pick drew from; 0 when cut
    std::vector<LogitChange> changes;
};

class SamplerChain {
public:
    // Validates nothing (validate(settings) did); builds only the stages that are on.
    SamplerChain(const SamplingSettings& settings, ChainInputs inputs);
    ~SamplerChain();
    SamplerChain(const SamplerChain&) = delete;
    SamplerChain& operator=(const SamplerChain&) = delete;

    // Runs every stage on `logits` (V values), picks a token and returns it. For each id in
    // `tracked`, `attribution` (resized to match) says what happened to it. chosenProbAfter: the
    // chosen token's probability among the survivors.
    int sample(const float* logits, int64_t V, StepContext& ctx, const std::vector<int>& tracked = {},
               std::vector<Attribution>* attribution = nullptr, double* chosenProbAfter = nullptr);

    std::vector<std::string> stageNames() const;  // the stages built, in order, then "pick"

private:
    struct Tracker;
    std::vector<std::unique_ptr<SamplerStage>> m_stages;
    bool m_greedy = false;
    Candidates m_candidates;
};

// The stages, each on when its setting asks for it (nullptr when off).
std::unique_ptr<SamplerStage> makeLogitBias(const SamplingSettings& s);
std::unique_ptr<SamplerStage> makeMinLength(const SamplingSettings& s, std::vector<int> endTokens);
std::unique_ptr<SamplerStage> makeKnowledgeBoost(const SamplingSettings& s, std::vector<int> boosted);
std::unique_ptr<SamplerStage> makePenalties(const SamplingSettings& s);
std::unique_ptr<SamplerStage> makeNgramBan(const SamplingSettings& s);
std::unique_ptr<SamplerStage> makeDry(const SamplingSettings& s, std::vector<int> breakerTokens);
std::unique_ptr<SamplerStage> makeTemperature(const SamplingSettings& s);
std::unique_ptr<SamplerStage> makeTopK(const SamplingSettings& s);
std::unique_ptr<SamplerStage> makeTopP(const SamplingSettings& s);
std::unique_ptr<SamplerStage> makeMinP(const SamplingSettings& s);
std::unique_ptr<SamplerStage> makeTypicalP(const SamplingSettings& s);
std::unique_ptr<SamplerStage> makeTopNSigma(const SamplingSettings& s);
std::unique_ptr<SamplerStage> makeXtc(const SamplingSettings& s);
std::unique_ptr<SamplerStage> makeMirostatV2(const SamplingSettings& s);

// A uniform double in [0, 1) from 53 random bits (the old code's draw).
inline double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0); }

}  // namespace persona::detail
