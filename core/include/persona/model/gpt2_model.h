// A GPT-2 language model (HuggingFace GPT2LMHeadModel semantics) loaded from a model folder.
// One persona::CausalLm (what the generator, influence and the benchmark use); this class itself is
// named only where GPT-2 is genuinely meant: training GPT-2 generators (core/train) and tests.
// The torch module lives behind a pimpl; core/model/gpt2_impl.h exposes it to other core units.
#pragma once

#include "persona/model/causal_lm.h"
#include "persona/model/compute.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace persona {

struct Gpt2Config {
    int nEmbd = 768;
    int nLayer = 12;
    int nHead = 12;
    int nPositions = 1024;
    int vocabSize = 50257;
    double layerNormEpsilon = 1e-5;
    std::string activation = "gelu_new";
    int bosTokenId = 50256;
    int eosTokenId = 50256;
    // The model's own default for SamplingSettings::knowledgeBoost ("persona_knowledge_boost" in
    // config.json; 0 when absent): the agent uses it unless a setting says otherwise. The demo
    // generator carries the value tuned on its validation replies.
    double knowledgeBoost = 0;

    // From a HuggingFace config.json; throws ModelLoadError naming the file and the field.
    static Gpt2Config fromJsonFile(const std::string& path);
    static Gpt2Config fromJsonText(const std::string& text, const std::string& origin);
    // "gpt2" (124M), "gpt2-medium" (355M), "gpt2-large", "gpt2-xl": the real HF shapes.
    static Gpt2Config preset(const std::string& name);
    std::string toJsonText() const;  // config.json as HuggingFace writes it
    int64_t parameterCount() const;
};

class Gpt2Model final : public CausalLm {
public:
    // dir holds config.json and model.safetensors / its index / pytorch_model.bin. Loading is
    // strict: missing, unexpected or mis-shaped tensors throw ModelLoadError naming file + tensor.
    static Gpt2Model load(const std::string& dir, const ComputeOptions& options = {});
    // Random weights with the given shapes (benchmarks, tests, training from scratch).
    static Gpt2Model random(const Gpt2Config& config, uint64_t seed, const ComputeOptions& options = {});

    Gpt2Model(Gpt2Model&&) noexcept;
    Gpt2Model& operator=(Gpt2Model&&) noexcept;
    ~Gpt2Model() override;

    const Gpt2Config& config() const;
    CausalLmInfo info() const override;
    const ComputeOptions& compute() const override;
    int64_t weightBytes() const override;

    // Logits for every position of one sequence, full forward without a cache: [T][V].
    std::vector<std::vector<float>> logits(const std::vector<int>& ids) const override;

    // Writes config.json + model.safetensors with weights stored in `storage` precision
    // (F16 halves the file; loading converts back to the compute dtype).
    bool canSave() const override { return true; }
    void save(const std::string& dir, WeightDType storage = WeightDType::F32) const override;

    // Grows the vocabulary to newVocabSize (new rows: the mean of the old embeddings), for
    // tokens added to the tokenizer such as [P1u] [P2u] [Gk].
    void resizeVocabulary(int newVocabSize);

    struct Impl;
    Impl& impl() const { return *m_impl; }
    detail::CausalLmBackend& backend() const override;

private:
    explicit Gpt2Model(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace persona
