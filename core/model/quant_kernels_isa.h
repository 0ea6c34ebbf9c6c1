// The per-instruction-set quantized row kernels behind quant::dotRows (model/quant.h). Each
// computes y[r] for r in [r0, r1) over rows of n weights of one type; `xsum` holds the sums of x
// over each run of 32 (the types with a min term use it; it is computed once per call).
#pragma once

#include <cstdint>

namespace persona::quant {

using QuantRowsFn = void (*)(const uint8_t* W, const float* x, const float* xsum, int64_t n, int64_t r0, int64_t r1,
                             float* y);

struct QuantRows {
    QuantRowsFn q4_0, q4_1, q5_0, q5_1, q8_0, q4_k, q5_k, q6_k;
};

namespace avx2 {
QuantRows quantRows();
}
namespace avx512 {
QuantRows quantRows();
}

}  // namespace persona::quant
