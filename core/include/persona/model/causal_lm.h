// One interface for every causal language model the engine runs (GPT-2, the Llama family): what
// the generator, influence scoring, the decode benchmark, the agent, the command line and the
// window talk to, so that nothing above core/model knows which architecture runs. No torch here:
// the compute side (prefill / decode step with a KV cache, the packed forward of influence
// scoring) is core/model/causal_lm_impl.h, for other core translation units only.
#pragma once

#include "persona/model/compute.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace persona {

namespace detail {
class CausalLmBackend;
}

struct CausalLmInfo {
    std::string architecture;  // config.json "architectures"[0]: GPT2LMHeadModel, LlamaForCausalLM, ...
    std::string modelType;     // config.json "model_type": gpt2, llama, mistral, qwen2, qwen3
    WeightDType fileDType = WeightDType::F32;  // the dtype the checkpoint stores its matrices in
    int64_t parameters = 0;    // unique parameters (a tied LM head counted once)
    int contextLength = 0;     // positions the model was built for (n_positions, max_position_embeddings)
    int vocabSize = 0;
    int hiddenSize = 0;        // C
    int layers = 0;
    int heads = 0;             // query heads
    int kvHeads = 0;           // key/value heads (grouped-query attention: fewer than heads)
    int headDim = 0;
    bool tiedEmbeddings = true;
    std::optional<int> slidingWindow;  // Mistral: attention spans at most this many positions
    std::optional<int> bosTokenId;
    // Every id that ends a reply: config.json's eos_token_id (an integer or a list), with
    // generation_config.json's list when the folder has one.
    std::vector<int> eosTokenIds;
    // The model's own default for SamplingSettings::knowledgeBoost ("persona_knowledge_boost" in
    // config.json; 0 when absent).
    double knowledgeBoost = 0;
};

class CausalLm {
public:
    virtual ~CausalLm();
    CausalLm(const CausalLm&) = delete;
    CausalLm& operator=(const CausalLm&) = delete;

    // A model folder (config.json + safetensors / its index / pytorch_model.bin), dispatched on
    // config.json's "architectures" and "model_type". Strict: a missing, unexpected or mis-shaped
    // tensor, or an architecture the engine does not implement, throws ModelLoadError naming the
    // file and the problem.
    static std::unique_ptr<CausalLm> load(const std::string& dir, const ComputeOptions& options = {});
    // Random weights of a named shape (benchmarks, tests): the GPT-2 presets (gpt2, gpt2-medium,
    // gpt2-large, gpt2-xl) and the Llama family's real shapes (qwen2-0.5b, llama-1b, tiny-llama).
    // `storage`: the dtype the Llama family holds its matrices in (GPT-2 holds F32 parameters
    // whatever it is). Throws InvalidArgument for another name.
    static std::unique_ptr<CausalLm> random(const std::string& preset, uint64_t seed, const ComputeOptions& options = {},
                                            WeightDType storage = WeightDType::F32);
    static std::vector<std::string> randomPresets();
    // Whether config.json of dir names a causal LM the engine runs (false for BERT, for a
    // missing folder or file, or for an unknown architecture).
    static bool isCausalLmFolder(const std::string& dir);

    virtual CausalLmInfo info() const = 0;
    virtual const ComputeOptions& compute() const = 0;
    // Bytes of the parameters as the model holds them in memory.
    virtual int64_t weightBytes() const = 0;

    // Logits for every position of one sequence, full forward without a cache: [T][V].
    virtual std::vector<std::vector<float>> logits(const std::vector<int>& ids) const = 0;

    // Writes the model folder back (config.json + model.safetensors) where the architecture
    // supports it (canSave()); otherwise save throws InvalidArgument.
    virtual bool canSave() const { return false; }
    virtual void save(const std::string& dir, WeightDType storage = WeightDType::F32) const;

    // The compute side, for core/ translation units (core/model/causal_lm_impl.h).
    virtual detail::CausalLmBackend& backend() const = 0;

protected:
    CausalLm() = default;
    CausalLm(CausalLm&&) noexcept = default;
    CausalLm& operator=(CausalLm&&) noexcept = default;
};

}  // namespace persona
