// A key/value cache for incremental decoding: preallocated once for the whole context, so a
// decode step allocates no cache memory (keys/values are written into slices in place). It knows
// the token ids it holds (for one sequence), so that it can outlive one generation and a later
// one can keep the prefix it shares (truncate() to it, then feed the rest).
//
// Legend: B batch, NH heads, S capacity (positions), HD head size.
#pragma once

#include "model/decode_kernels.h"
#include "model/llama_decode.h"

#include <torch/torch.h>

#include <vector>

namespace persona::detail {

class KvCache {
public:
    KvCache(int layers, int64_t batch, int64_t heads, int64_t capacity, int64_t headSize,
            const torch::TensorOptions& options);

    int64_t length() const { return m_length; }
    int64_t capacity() const { return m_capacity; }
    void reset() { truncate(0); }
    // Drops positions from `length` on (e.g. to regenerate from a point of a reply).
    void truncate(int64_t length);
    // The ids at positions [0, length()) when every one was fed through
    // CausalLmBackend::hidden / prefill / step of a batch-1 cache (reserved for the whole
    // capacity: recording allocates nothing); otherwise shorter than length().
    const std::vector<int>& tokens() const { return m_tokens; }
    // How many leading positions hold exactly the first ids of `ids`.
    int64_t sharedPrefix(const std::vector<int>& ids) const;
    void recordTokens(const int64_t* ids, int64_t n);

    // Writes k, v (B, NH, T, HD) at positions [length, length + T) of `layer` and returns views
    // over [0, length + T): (B, NH, S, HD). The length advances in advance(T), once per step,
    // after every layer has written.
    std::pair<torch::Tensor, torch::Tensor> append(int layer, const torch::Tensor& k,
                                                   const torch::Tensor& v);
    void advance(int64_t steps);
    // Throws InvalidArgument when t more positions do not fit.
    void checkRoom(int64_t t) const;

    // For the fused CPU decode step (model/decode_kernels.h): a layer's whole storage
    // (B, NH, capacity, HD), and buffers that live as long as the cache, sized on first use, so
    // that later steps allocate nothing. The logits buffer is overwritten by every step.
    const torch::Tensor& keyStorage(int layer) const { return m_keys[layer]; }
    const torch::Tensor& valueStorage(int layer) const { return m_values[layer]; }
    std::vector<float>& decodeScratch() { return m_scratch; }
    // Raw views of the model's parameters for the fused step. They live here, with the rest of one
    // generation's state, and not in the shared model: two generations on one model at once (two
    // threads, each with its own cache) never write the same memory.
    Gpt2DecodeModel& decodeModel() { return m_decodeModel; }
    LlamaDecodeModel& llamaDecodeModel() { return m_llamaDecodeModel; }
    torch::Tensor& logitsBuffer() { return m_logits; }

private:
    std::vector<torch::Tensor> m_keys;    // per layer (B, NH, S, HD)
    std::vector<torch::Tensor> m_values;  // per layer (B, NH, S, HD)
    std::vector<float> m_scratch;
    Gpt2DecodeModel m_decodeModel;
    LlamaDecodeModel m_llamaDecodeModel;
    torch::Tensor m_logits;
    std::vector<int> m_tokens;
    int64_t m_length = 0;
    int64_t m_capacity;
};

}  // namespace persona::detail
