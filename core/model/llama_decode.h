// The fused decoding step of the Llama family on the CPU (F32 activations): one new token of one
// sequence, every weight matrix read once as stored ([out, in] rows of F32, F16, BF16, or a packed
// int8 copy, through the row kernels of model/decode_kernels.h), the small ops (RMSNorm, RoPE,
// grouped-query attention over the cache, SiLU gate, residuals) in the same OpenMP region, every
// buffer from a workspace sized once. As in the GPT-2 step, each thread owns a block of output
// rows of every matrix, so the result does not depend on the thread count. No torch here: the
// torch-facing part (model/llama_forward.cpp) gathers the pointers.
//
// Legend: C channels, I MLP width, NH query heads, NKV key/value heads, HD head size, S positions
// attended, V vocabulary.
#pragma once

#include "model/decode_kernels.h"

#include <cstdint>
#include <vector>

namespace persona::detail {

struct LlamaDecodeLayer {
    const float *inputNorm = nullptr, *postNorm = nullptr;  // (C)
    const float *qNorm = nullptr, *kNorm = nullptr;         // (HD) Qwen3, else null
    DecodeMatrix q, k, v, o;                                // (NH HD, C), (NKV HD, C) x2, (C, NH HD)
    DecodeMatrix gate, up, down;                            // (I, C), (I, C), (C, I)
    const float *qBias = nullptr, *kBias = nullptr, *vBias = nullptr, *oBias = nullptr;  // null: none
    const float *gateBias = nullptr, *upBias = nullptr, *downBias = nullptr;
    float* keys = nullptr;    // cache (NKV, capacity, HD), RoPE applied
    float* values = nullptr;  // cache (NKV, capacity, HD)
    int64_t window = 0;       // > 0: attend to the last `window` positions only
};

struct LlamaDecodeModel {
    int64_t C = 0, I = 0, NH = 0, NKV = 0, HD = 0, V = 0;
    double eps = 1e-6;
    DecodeWeightType weights = DecodeWeightType::F32;  // every layer matrix and the head
    DecodeWeightType embedType = DecodeWeightType::F32;  // F32, F16 or BF16 rows
    const void* embed = nullptr;  // (V, C)
    DecodeMatrix head;            // (V, C): the LM head, or the embeddings when tied
    const float* norm = nullptr;  // (C)
    const float* invFreq = nullptr;  // (HD / 2) RoPE inverse frequencies, scaling applied
    std::vector<LlamaDecodeLayer> layers;
    int64_t cacheCapacity = 0;
};

int64_t llamaDecodeScratchFloats(const LlamaDecodeModel& model, int threads);

// Runs token `id` at position `pos` (positions [0, pos) of the cache hold the earlier tokens) and
// writes the V logits. `scratch` holds llamaDecodeScratchFloats(model, threads) floats.
void llamaDecodeStep(const LlamaDecodeModel& model, int64_t id, int64_t pos, float* logits, float* scratch,
                     int threads);

}  // namespace persona::detail
