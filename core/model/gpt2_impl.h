// The state behind persona::Gpt2Model, for other core translation units (generation, training):
// the torch module and GPT-2's side of the causal-LM backend (model/causal_lm_impl.h).
#pragma once

#include "model/causal_lm_impl.h"
#include "model/gpt2.h"
#include "persona/model/decode_weights.h"
#include "persona/model/gpt2_model.h"

namespace persona {

struct Gpt2Model::Impl final : detail::CausalLmBackend {
    Gpt2Config config;
    ComputeOptions options;
    detail::Gpt2 net{nullptr};
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat32;
    DecodeWeights checkpointWeights = DecodeWeights::F32;  // the dtype of the file's matrices

    torch::Device computeDevice() const override { return device; }
    torch::ScalarType computeDtype() const override { return dtype; }
    std::unique_ptr<detail::KvCache> newCache(int64_t capacity) const override;
    torch::Tensor lmHead(const torch::Tensor& hidden) override { return net->lmHead(hidden); }
    torch::Tensor packedHidden(const detail::PackedSequences& pack) override;
    void setFusedDecode(bool enabled) override { net->setFusedDecode(enabled); }
    bool fusedDecodeApplies(const detail::KvCache& cache) const override { return net->fusedDecodeApplies(cache); }
    DecodeWeights checkpointDecodeWeights() const override;
    DecodeWeights decodeWeights() const override;
    void setDecodeWeights(DecodeWeights weights) override;
    int64_t decodeWeightBytes() const override;
    int64_t heldWeightBytes() const override;

protected:
    torch::Tensor forwardHidden(const torch::Tensor& ids, detail::KvCache* cache) override {
        return net->forward(ids, cache);
    }
    torch::Tensor decodeStep(int64_t id, detail::KvCache& cache) override { return net->decodeStep(id, cache); }
};

namespace detail {
// What CausalLm::info() says of a GPT-2 of this config whose file stores its matrices as `file`.
CausalLmInfo gpt2Info(const Gpt2Config& config, DecodeWeights file);
}  // namespace detail

}  // namespace persona
