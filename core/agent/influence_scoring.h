// Teacher-forced scoring of one continuation after one or several prompts (no torch in this
// header; core/agent/influence_scoring.cpp holds the model code). Internal to core/.
#pragma once

#include <vector>

namespace persona {
class Gpt2Model;
}

namespace persona::detail {

// log p(continuation[t] | prompt, continuation[..t)) for every t: one plain unbatched forward pass
// without a cache (the reference). Throws InvalidArgument for an empty prompt or continuation,
// an id outside the vocabulary, or prompt + continuation longer than n_positions.
std::vector<double> continuationLogprobs(const Gpt2Model& model, const std::vector<int>& prompt,
                                         const std::vector<int>& continuation);

// The same for several prompts and one continuation, exact for each prompt as it stands (its own
// positions): prompts[0] + continuation runs once and keeps its keys and values; every other
// prompt reuses the keys/values of the prefix it shares with prompts[0] and runs only the rest,
// one prompt at a time (B = 1), the one sharing the longest prefix first, so that each overwrites
// the cache only past the prefixes still needed. The vocabulary projection runs only at the
// positions that predict continuation tokens. (A right-padded batch of all the rests, with an
// attention mask, was measured 1.5x slower than this here: the masked attention and padding
// cost more than the larger matrix products save.) Returns one row per prompt, in order.
std::vector<std::vector<double>> continuationLogprobsShared(const Gpt2Model& model,
                                                            const std::vector<std::vector<int>>& prompts,
                                                            const std::vector<int>& continuation);

// One plain forward pass over ids with the vocabulary projection at every position, as
// HuggingFace's GPT2LMHeadModel computes it: the benchmark's yardstick. Returns the logits' sum
// (so the work cannot be optimised away).
double plainForward(const Gpt2Model& model, const std::vector<int>& ids);

}  // namespace persona::detail
