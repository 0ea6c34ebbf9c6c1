// The packed copy of a GPT-2's weight matrices that the fused decode step reads when the model's
// decode weights are F16, BF16 or int8 (persona/model/decode_weights.h). Made once from the F32
// parameters; each matrix is stored [out, in] (a Conv1D [in, out] weight transposed, wte as is),
// so that every output is one dot product over a contiguous row.
//
// Legend: C channels, V vocabulary, L layers.
#pragma once

#include "model/decode_kernels.h"

#include <torch/torch.h>

#include <array>
#include <memory>
#include <utility>
#include <vector>

namespace persona::detail {

class Gpt2Impl;

// One matrix [out, in] in a decode weight type, for the row kernels.
struct PackedMatrix {
    torch::Tensor data;    // (rows, cols): kFloat, kHalf, kBFloat16 or kChar
    torch::Tensor scales;  // (rows) F32, int8 only
    DecodeMatrix view() const;
    int64_t bytes() const;
    // From any float matrix (rows, cols), converted a block of rows at a time (a few MB of
    // F32 at once, not a copy of the whole matrix). int8: symmetric per row, scale = max|w| / 127.
    static PackedMatrix pack(const torch::Tensor& rowsByCols, DecodeWeightType type);
};

class PackedWeights {
public:
    // type must not be F32. Reads the parameters of `net` (F32, CPU, contiguous).
    static std::shared_ptr<const PackedWeights> pack(const Gpt2Impl& net, DecodeWeightType type);

    DecodeWeightType type() const { return m_type; }
    // Whether `net`'s parameters are still the ones this was packed from: the same storage and no
    // in-place change since (torch's version counters). When not, the step reads the F32 parameters.
    bool current(const Gpt2Impl& net) const;
    // Points d.weights, the layers' packed matrices and d.head at this copy (d.layers sized).
    void fill(Gpt2DecodeModel& d) const;
    int64_t bytes() const;  // packed data + scales

private:
    using Matrix = PackedMatrix;
    static Matrix packMatrix(const torch::Tensor& rowsByCols, DecodeWeightType type);
    static std::vector<std::pair<const void*, int64_t>> sources(const Gpt2Impl& net);

    DecodeWeightType m_type = DecodeWeightType::F16;
    std::vector<std::array<Matrix, 4>> m_layers;  // c_attn, attn.c_proj, c_fc, mlp.c_proj
    Matrix m_head;                                // wte (V, C)
    std::vector<std::pair<const void*, int64_t>> m_sources;  // data pointer, version of each parameter
};

}  // namespace persona::detail
