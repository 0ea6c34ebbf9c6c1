// Which causal-LM implementation a model folder or a preset name needs (CausalLm::load / random).
#pragma once

#include "persona/model/causal_lm.h"

#include <memory>
#include <string>
#include <vector>

namespace persona::detail {

enum class ArchitectureFamily { None, Gpt2, Llama };

// From dir/config.json: "architectures"[0] when present (GPT2LMHeadModel; LlamaForCausalLM,
// MistralForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM), else "model_type". None for a model
// that is not a causal LM (BERT). Throws ModelLoadError for a missing or bad config.json and for
// a causal LM architecture the engine does not implement, naming it and those it does.
ArchitectureFamily detectArchitecture(const std::string& dir);

std::unique_ptr<CausalLm> loadArchitecture(const std::string& dir, const ComputeOptions& options);
std::unique_ptr<CausalLm> randomArchitecture(const std::string& preset, uint64_t seed, const ComputeOptions& options,
                                             WeightDType storage);
std::vector<std::string> architecturePresets();
// What randomArchitecture(preset) would report, without making the weights.
CausalLmInfo presetInfo(const std::string& preset);

}  // namespace persona::detail
