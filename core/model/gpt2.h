// GPT-2 as libtorch modules, registered under the HuggingFace names so that named_parameters()
// keys are the checkpoint keys (without the "transformer." prefix; lm_head is tied to wte).
//
// Legend: B batch, T new time steps, S attended length (cached + new), C channels (n_embd),
// NH heads, HD head size (C / NH), V vocabulary.
#pragma once

#include "model/decode_kernels.h"
#include "model/kv_cache.h"
#include "persona/model/gpt2_model.h"

#include <torch/torch.h>

namespace persona::detail {

class PackedWeights;

// HF Conv1D: y = x·W + b with W stored [in, out] (the transpose of nn.Linear).
class Conv1DImpl : public torch::nn::Module {
public:
    Conv1DImpl(int64_t in, int64_t out);
    torch::Tensor forward(const torch::Tensor& x);  // (..., in) -> (..., out)
    torch::Tensor weight;  // (in, out)
    torch::Tensor bias;    // (out)
};
TORCH_MODULE(Conv1D);

class Gpt2AttentionImpl : public torch::nn::Module {
public:
    explicit Gpt2AttentionImpl(const Gpt2Config& config);
    // x (B, T, C). With a cache, keys/values of the T new positions are written at
    // cache->length() and attention spans all S = length + T positions.
    torch::Tensor forward(const torch::Tensor& x, KvCache* cache, int layer);
    Conv1D c_attn{nullptr}, c_proj{nullptr};

private:
    int64_t m_nHead;
};
TORCH_MODULE(Gpt2Attention);

class Gpt2MlpImpl : public torch::nn::Module {
public:
    explicit Gpt2MlpImpl(const Gpt2Config& config);
    torch::Tensor forward(const torch::Tensor& x);
    Conv1D c_fc{nullptr}, c_proj{nullptr};

private:
    std::string m_activation;
};
TORCH_MODULE(Gpt2Mlp);

class Gpt2BlockImpl : public torch::nn::Module {
public:
    explicit Gpt2BlockImpl(const Gpt2Config& config);
    torch::Tensor forward(const torch::Tensor& x, KvCache* cache, int layer);
    torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
    Gpt2Attention attn{nullptr};
    Gpt2Mlp mlp{nullptr};
};
TORCH_MODULE(Gpt2Block);

class Gpt2Impl : public torch::nn::Module {
public:
    explicit Gpt2Impl(const Gpt2Config& config);
    // ids (B, T) int64 -> hidden states after ln_f (B, T, C). Positions start at the cache's
    // length (0 without a cache); the cache's length grows by T.
    torch::Tensor forward(const torch::Tensor& ids, KvCache* cache = nullptr);
    // hidden (..., C) -> logits (..., V) through the tied LM head.
    torch::Tensor lmHead(const torch::Tensor& hidden);
    // One decoding step of one sequence: token `id` at position cache.length(); the cache grows
    // by one. Returns the logits (V). On the CPU in F32 without autograd this is the fused step
    // of model/decode_kernels.h, and the logits live in a buffer of the cache that the next step
    // overwrites; otherwise forward + lmHead.
    torch::Tensor decodeStep(int64_t id, KvCache& cache);
    // Whether decodeStep may take the fused path (on by default; benchmarks compare both).
    void setFusedDecode(bool enabled) { m_fusedDecode = enabled; }
    bool fusedDecodeApplies(const KvCache& cache) const;
    // The packed F16 / BF16 / int8 copy the fused step reads instead of the F32 matrices while it
    // is current (model/packed_weights.h); null: F32. Set between generations, never during one.
    void setPackedWeights(std::shared_ptr<const PackedWeights> packed) { m_packed = std::move(packed); }
    const PackedWeights* packedWeights() const { return m_packed.get(); }

    torch::nn::Embedding wte{nullptr}, wpe{nullptr};
    torch::nn::ModuleList h{nullptr};
    torch::nn::LayerNorm ln_f{nullptr};
    std::vector<Gpt2Block> blocks;  // typed views of h

private:
    Gpt2Config m_config;
    bool m_fusedDecode = true;
    std::shared_ptr<const PackedWeights> m_packed;
};
TORCH_MODULE(Gpt2);

// Throws ModelLoadError for an activation_function we do not implement.
void checkActivation(const std::string& name, const std::string& origin);
torch::Tensor applyActivation(const std::string& name, const torch::Tensor& x);

}  // namespace persona::detail
