// Drives a SamplerChain on hand-made logits: one step, or many draws of the same step.
#pragma once

#include "generate/sampler_chain.h"

#include <cmath>
#include <random>
#include <vector>

namespace sampler_test {

struct Step {
    persona::SamplingSettings settings;
    persona::detail::ChainInputs inputs;
    std::vector<int64_t> sequence;  // the context (prompt + reply so far)
    std::vector<int> reply;
    size_t penaltyFrom = 0;
    int step = 0;
};

struct Outcome {
    int id = -1;
    double probAfter = 0;
    std::vector<persona::detail::Attribution> why;  // one per logit, ids 0..V-1 tracked
};

inline Outcome run(const Step& s, const std::vector<float>& logits, std::mt19937_64& rng,
                   persona::detail::SamplerChain* reuse = nullptr) {
    persona::detail::SamplerChain fresh(s.settings, s.inputs);
    persona::detail::SamplerChain& chain = reuse ? *reuse : fresh;
    std::vector<int> tracked(logits.size());
    for (size_t i = 0; i < logits.size(); ++i) tracked[i] = static_cast<int>(i);
    persona::detail::StepContext ctx{s.sequence, s.penaltyFrom, s.reply, s.step, rng};
    Outcome out;
    out.id = chain.sample(logits.data(), static_cast<int64_t>(logits.size()), ctx, tracked, &out.why, &out.probAfter);
    return out;
}

inline Outcome once(const Step& s, const std::vector<float>& logits, uint64_t seed = 1) {
    std::mt19937_64 rng(seed);
    return run(s, logits, rng);
}

// softmax(logits / t)
inline std::vector<double> softmax(const std::vector<float>& logits, double t = 1.0) {
    double mx = -INFINITY, total = 0;
    for (float l : logits) mx = std::max(mx, static_cast<double>(l));
    std::vector<double> p;
    for (float l : logits) p.push_back(std::exp((l - mx) / t));
    for (double x : p) total += x;
    for (double& x : p) x /= total;
    return p;
}

}  // namespace sampler_test
