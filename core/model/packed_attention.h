// Attention over a pack of sequences (model/causal_lm_impl.h PackedSequences), shared by every
// architecture's packed forward (influence scoring).
//
// Legend: N packed rows, NH query heads, NKV key/value heads, HD head size, T a sequence's own
// rows, S the keys it attends (shared prefix + own rows).
#pragma once

#include "model/causal_lm_impl.h"

#include <torch/torch.h>

#include <cstdint>

namespace persona::detail {

// q (N, NH, HD), k and v (N, NKV, HD) with NH a multiple of NKV (grouped-query attention: key
// head h / (NH / NKV) serves query head h) -> (N, NH * HD), before the output projection.
// Sequence v's queries see the first start[v] rows of sequence 0 and their own rows causally;
// window > 0 also hides keys window or more positions behind the query (a sliding window).
torch::Tensor packedAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                              const PackedSequences& pack, int64_t window = 0);

// The causal mask of T queries at absolute positions past .. past + T - 1 over keys at positions
// 0 .. past + T - 1: true = hidden. window > 0 also hides keys window or more positions behind.
// Undefined when nothing is hidden (T = 1 without a window that cuts).
torch::Tensor causalMask(int64_t T, int64_t past, int64_t window, const torch::Device& device);

}  // namespace persona::detail
