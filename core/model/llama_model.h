// The Llama family (LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM) as one
// persona::CausalLm. Internal to core/model: everything above it goes through CausalLm::load.
#pragma once

#include "model/llama_config.h"
#include "persona/model/causal_lm.h"

#include <memory>

namespace persona::detail {

class LlamaModel final : public CausalLm {
public:
    // A model folder: config.json, model.safetensors / model.safetensors.index.json (shards) /
    // pytorch_model.bin, generation_config.json when present (its eos list). On the CPU in F32
    // the weight matrices stay in the file's dtype and memory (the mapped file itself, no copy).
    static LlamaModel load(const std::string& dir, const ComputeOptions& options = {});
    // Random weights of a config's shapes, matrices stored as `storage` (benchmarks, tests).
    static LlamaModel random(const LlamaConfig& config, uint64_t seed, const ComputeOptions& options = {},
                             WeightDType storage = WeightDType::F32);

    LlamaModel(LlamaModel&&) noexcept;
    LlamaModel& operator=(LlamaModel&&) noexcept;
    ~LlamaModel() override;

    const LlamaConfig& config() const;
    CausalLmInfo info() const override;
    const ComputeOptions& compute() const override;
    int64_t weightBytes() const override;
    std::vector<std::vector<float>> logits(const std::vector<int>& ids) const override;
    CausalLmBackend& backend() const override;

    struct Impl;
    Impl& impl() const { return *m_impl; }

private:
    explicit LlamaModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// What LlamaModel::info() reports for a config whose matrices are stored as `file`.
CausalLmInfo llamaInfo(const LlamaConfig& config, WeightDType file);

}  // namespace persona::detail
