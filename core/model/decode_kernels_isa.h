// The per-instruction-set kernels behind model/decode_kernels.h; the dispatcher there picks one.
// Same contracts as accumulateColumns / dotRows in decode_kernels.h; dot and axpy are the vector
// helpers the attention uses (y += alpha * x).
#pragma once

#include <cstdint>

namespace persona::detail {

#define PERSONA_DECODE_KERNELS                                                                    \
    void accumulateColumns(const float* x, const float* W, int64_t ldw, int64_t in, int64_t o0,  \
                           int64_t o1, float* y);                                                 \
    void dotRows(const float* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y);  \
    float dot(const float* a, const float* b, int64_t n);                                         \
    void axpy(float alpha, const float* x, float* y, int64_t n);                                  \
    void dotRowsF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y);    \
    void dotRowsBF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y);   \
    void dotRowsI8(const int8_t* W, const float* scale, const float* x, int64_t n, int64_t r0, int64_t r1, \
                   float* y);

namespace generic {
PERSONA_DECODE_KERNELS
}
namespace avx2 {
PERSONA_DECODE_KERNELS
}
// AVX-512: only the narrow row kernels; the F32 ones stay on AVX2 (decode_kernels_avx512.cpp).
namespace avx512 {
void dotRowsF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y);
void dotRowsBF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y);
void dotRowsI8(const int8_t* W, const float* scale, const float* x, int64_t n, int64_t r0, int64_t r1, float* y);
}

#undef PERSONA_DECODE_KERNELS

}  // namespace persona::detail
