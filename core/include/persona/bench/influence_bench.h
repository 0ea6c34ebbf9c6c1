// persona-cli bench influence: the fact-influence pass (k+2 teacher-forced prompts sharing a cached
// prefix, one batch) against one plain forward pass over the full prompt and reply.
#pragma once

#include <cstdint>
#include <string>

namespace persona::bench {

struct InfluenceBenchOptions {
    std::string config = "gpt2";   // random weights of this preset
    int facts = 8;
    int factTokens = 16;           // each "[Gk] fact" segment
    int dialogueTokens = 96;       // the history after the facts, ending with [P2u]
    int replyTokens = 64;
    int repeats = 3;               // timings are the median
    uint64_t seed = 1;
};

struct InfluenceBenchResult {
    std::string config;
    int facts = 0, promptTokens = 0, replyTokens = 0, threads = 0;
    double influenceMs = 0;  // all k+2 variants, the shared-prefix batched pass
    double forwardMs = 0;    // one plain forward over prompt + reply, vocabulary projection everywhere
    double bruteForceMs = 0; // k+2 separate unbatched scoring passes
    double ratio = 0;        // influenceMs / forwardMs
    double maxAbsDiff = 0;   // fast vs brute force, largest per-token log-probability difference
    // Minor page faults per call (fresh memory touched): on a virtual machine each costs
    // microseconds, and a pass whose large temporaries are mapped and unmapped every time pays it.
    double influencePageFaults = 0, forwardPageFaults = 0;
};

InfluenceBenchResult runInfluenceBench(const InfluenceBenchOptions& options);

}  // namespace persona::bench
