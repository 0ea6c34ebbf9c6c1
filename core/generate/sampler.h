// Logit processing and token choice for one decoding step (V = vocabulary size).
#pragma once

#include "persona/generate/generator.h"

#include <torch/torch.h>

#include <random>
#include <vector>

namespace persona::detail {

// In place on float32 CPU logits (V): the repetition penalty (HF rule: divide positive logits,
// multiply negative ones, for every token in `context`) and the no-repeat n-gram ban. Tokens
// before `from` (the penalty-free prefix) count for neither.
void applyPenalties(torch::Tensor& logits, const std::vector<int64_t>& context,
                    const SamplingSettings& settings, size_t from = 0);

// Chooses a token from processed float32 CPU logits (V): argmax when greedy, else temperature,
// top-k, top-p, and a draw from `rng`. Never returns a token whose logit is -inf unless all are.
int64_t chooseToken(const torch::Tensor& logits, const SamplingSettings& settings, std::mt19937_64& rng);

}  // namespace persona::detail
