// Teacher-forced scoring of one continuation after one or several prompts (no torch in this
// header; core/agent/influence_scoring.cpp holds the model code). Internal to core/.
#pragma once

#include <vector>

namespace persona {
class CausalLm;
}

namespace persona::detail {

// log p(continuation[t] | prompt, continuation[..t)) for every t: one plain unbatched forward pass
// without a cache (the reference). Throws InvalidArgument for an empty prompt or continuation,
// an id outside the vocabulary, or prompt + continuation longer than n_positions.
std::vector<double> continuationLogprobs(const CausalLm& model, const std::vector<int>& prompt,
                                         const std::vector<int>& continuation);

// The same for several prompts and one continuation, exact for each prompt as it stands (its own
// positions), in one packed forward pass: prompts[0] + continuation runs whole; every other prompt
// contributes only the tokens after the prefix it shares with prompts[0], whose keys and values it
// takes from prompts[0]'s rows of the same layer. All rows go through each matrix product
// together (one large product per weight instead of one per prompt); attention runs per prompt.
// The vocabulary projection runs only at the positions that predict continuation tokens.
// (Measured here before: a right-padded batch of whole prompts with an attention mask, 1.5x
// slower than one cached pass per prompt; that, in turn, slower than this pack.)
// Returns one row per prompt, in order.
std::vector<std::vector<double>> continuationLogprobsShared(const CausalLm& model,
                                                            const std::vector<std::vector<int>>& prompts,
                                                            const std::vector<int>& continuation);

// One plain forward pass over ids with the vocabulary projection at every position, as
// HuggingFace's GPT2LMHeadModel computes it: the benchmark's yardstick. Returns the logits' sum
// (so the work cannot be optimised away).
double plainForward(const CausalLm& model, const std::vector<int>& ids);

}  // namespace persona::detail
