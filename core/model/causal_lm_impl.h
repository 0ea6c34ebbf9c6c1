// The compute side of persona::CausalLm (persona/model/causal_lm.h), for core/ translation units:
// prefill and decode step with a KV cache, the vocabulary projection, and the packed forward that
// influence scoring runs. Every architecture implements it (model/gpt2_impl.h, model/llama_impl.h);
// the generator, influence scoring and the decode benchmark use only this.
//
// Legend: B batch, T new time steps, N packed rows, C channels, V vocabulary.
#pragma once

#include "model/kv_cache.h"
#include "persona/model/causal_lm.h"
#include "persona/model/decode_weights.h"

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace persona::detail {

// Several sequences in one forward pass (influence scoring). Rows [offset[v], offset[v] + length[v])
// of ids/positions are sequence v's own tokens; its queries attend to the first start[v] rows of
// sequence 0 (the prefix they share with it; sequence 0 comes first, start[0] = 0) and then to its
// own rows causally. positions[r] is the absolute position of row r in its sequence.
struct PackedSequences {
    std::vector<int64_t> ids, positions;
    std::vector<int64_t> offset, length, start;
};

class CausalLmBackend {
public:
    virtual ~CausalLmBackend() = default;

    virtual torch::Device computeDevice() const = 0;
    virtual torch::ScalarType computeDtype() const = 0;

    // An empty cache for one sequence of up to `capacity` positions (preallocated).
    virtual std::unique_ptr<KvCache> newCache(int64_t capacity) const = 0;

    // ids (B, T) int64 -> hidden states after the final norm (B, T, C). With a cache (B = 1) the
    // positions start at its length, it grows by T and records the ids.
    torch::Tensor hidden(const torch::Tensor& ids, KvCache* cache);
    // hidden (..., C) -> logits (..., V).
    virtual torch::Tensor lmHead(const torch::Tensor& hidden) = 0;

    // Feeds ids after what the cache holds; the logits of the last one, (V) F32 on the CPU.
    torch::Tensor prefill(const std::vector<int64_t>& ids, KvCache& cache);
    // One token of one sequence at position cache.length(); the cache grows by one. The logits
    // (V) may live in a buffer of the cache that the next step overwrites (the fused CPU path).
    torch::Tensor step(int64_t id, KvCache& cache);

    // The packed forward (see PackedSequences): hidden states after the final norm, (N, C).
    virtual torch::Tensor packedHidden(const PackedSequences& pack) = 0;

    // Whether step() may take the fused CPU kernels (on by default; benchmarks compare both).
    virtual void setFusedDecode(bool enabled) = 0;
    virtual bool fusedDecodeApplies(const KvCache& cache) const = 0;

    // persona/model/decode_weights.h, per architecture.
    virtual DecodeWeights checkpointDecodeWeights() const = 0;
    virtual DecodeWeights decodeWeights() const = 0;
    virtual void setDecodeWeights(DecodeWeights weights) = 0;
    virtual int64_t decodeWeightBytes() const = 0;
    virtual int64_t heldWeightBytes() const = 0;

protected:
    virtual torch::Tensor forwardHidden(const torch::Tensor& ids, KvCache* cache) = 0;
    virtual torch::Tensor decodeStep(int64_t id, KvCache& cache) = 0;
};

// Throws InvalidArgument naming the id when one is outside [0, vocabSize).
void checkTokenIds(const std::vector<int>& ids, int vocabSize, const char* what);

// Full forward of one sequence without a cache: [T][V] (CausalLm::logits of every architecture).
std::vector<std::vector<float>> fullLogits(CausalLmBackend& backend, const std::vector<int>& ids, int vocabSize);

}  // namespace persona::detail
