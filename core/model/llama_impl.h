// The state behind detail::LlamaModel: weights as plain tensors under their checkpoint names
// (llamaTensorSlots), the torch forward (model/llama_forward.cpp) and the causal-LM backend.
//
// Legend: B batch, T new time steps, S attended positions, N packed rows, C channels, I MLP width,
// NH query heads, NKV key/value heads, HD head size, V vocabulary.
#pragma once

#include "model/causal_lm_impl.h"
#include "model/llama_model.h"
#include "model/packed_weights.h"
#include "persona/tensorio/tensor_archive.h"

#include <torch/torch.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace persona::detail {

struct LlamaLayerWeights {
    torch::Tensor inputNorm, postNorm;         // (C) F32
    torch::Tensor q, k, v, o;                  // (NH HD, C), (NKV HD, C) x2, (C, NH HD): the matrix dtype
    torch::Tensor qBias, kBias, vBias, oBias;  // F32 or undefined
    torch::Tensor qNorm, kNorm;                // (HD) F32, Qwen3 only
    torch::Tensor gate, up, down;              // (I, C), (I, C), (C, I)
    torch::Tensor gateBias, upBias, downBias;  // F32 or undefined (Llama's mlp_bias)
};

struct LlamaWeights {
    torch::Tensor embed;   // (V, C) model.embed_tokens.weight
    torch::Tensor norm;    // (C) model.norm.weight, F32
    torch::Tensor lmHead;  // (V, C) lm_head.weight; the same tensor as embed when tied
    std::vector<LlamaLayerWeights> layers;
};

// One tensor the checkpoint must hold: its name, shape, whether it is a matrix (kept in the
// matrix dtype) or a vector (held in F32), and where it goes.
struct LlamaTensorSlot {
    std::string name;
    std::vector<int64_t> shape;
    bool matrix;
    torch::Tensor* target;
};
std::vector<LlamaTensorSlot> llamaTensorSlots(const LlamaConfig& config, LlamaWeights& weights);

// The packed copy of every matrix when the decode weights differ from the held dtype.
struct LlamaPackedWeights {
    DecodeWeightType type;
    std::vector<std::array<PackedMatrix, 7>> layers;  // q, k, v, o, gate, up, down
    PackedMatrix head;
    int64_t bytes() const;
};

struct LlamaModel::Impl final : CausalLmBackend {
    LlamaConfig config;
    ComputeOptions options;
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat32;  // activations
    WeightDType fileDType = WeightDType::F32;   // the matrices as the checkpoint stores them
    LlamaWeights w;
    std::optional<TensorArchive> archive;       // kept open: the matrices may be views of it
    torch::Tensor invFreq;                      // (HD / 2) F32 on the device
    std::vector<float> invFreqHost;
    std::shared_ptr<const LlamaPackedWeights> packed;
    bool fused = true;

    void finishSetUp();  // invFreq, placement checks
    DecodeWeightType heldType() const;
    bool decodesOnCpuInF32() const;

    // CausalLmBackend
    torch::Device computeDevice() const override { return device; }
    torch::ScalarType computeDtype() const override { return dtype; }
    std::unique_ptr<KvCache> newCache(int64_t capacity) const override;
    torch::Tensor lmHead(const torch::Tensor& hidden) override;
    torch::Tensor packedHidden(const PackedSequences& pack) override;
    void setFusedDecode(bool enabled) override { fused = enabled; }
    bool fusedDecodeApplies(const KvCache& cache) const override;
    DecodeWeights checkpointDecodeWeights() const override;
    DecodeWeights decodeWeights() const override;
    void setDecodeWeights(DecodeWeights weights) override;
    int64_t decodeWeightBytes() const override;
    int64_t heldWeightBytes() const override;

protected:
    torch::Tensor forwardHidden(const torch::Tensor& ids, KvCache* cache) override;
    torch::Tensor decodeStep(int64_t id, KvCache& cache) override;

private:
    torch::Tensor attention(const LlamaLayerWeights& L, int layer, const torch::Tensor& h, KvCache* cache,
                            int64_t past);
    torch::Tensor mlp(const LlamaLayerWeights& L, const torch::Tensor& h) const;
    // q, k (..., heads, HD) after the projections: Qwen3's per-head norm, then RoPE at `positions`.
    std::pair<torch::Tensor, torch::Tensor> rotate(const LlamaLayerWeights& L, torch::Tensor q, torch::Tensor k,
                                                   const torch::Tensor& positions) const;
    void fillDecodeModel(KvCache& cache) const;
};

// x (..., in) · W (out, in)ᵀ + b in x's dtype; a W of another dtype is converted a block of rows at
// a time (never a whole converted copy of a large matrix).
torch::Tensor project(const torch::Tensor& x, const torch::Tensor& W, const torch::Tensor& b = {});
// HF LlamaRMSNorm: x / sqrt(mean(x²) + eps) · w, computed in F32.
torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& w, double eps);

}  // namespace persona::detail
