// AVX-512 versions of the narrow row kernels (F16, BF16, int8) of the decode step
// (model/decode_kernels.h). This file alone is compiled with AVX-512 F/BW/VL (model/sources.cmake);
// model/decode_kernels.cpp calls it only after checking the CPU.
//
// Why a second set: a narrow weight has to be widened before its FMA, so at AVX2 width the F16 and
// int8 rows cost two or three instructions per 8 weights and the step ran at half the bytes per
// second of the F32 one (the F32 kernels stay on AVX2, where they already stream at the memory's
// pace). Here each instruction widens 16 weights, each row keeps two accumulators (eight FMA
// chains for a group of four rows, enough to hide the FMA latency), and the tail of a row is one
// masked step instead of a scalar loop.
#include "model/decode_kernels_isa.h"

#include <immintrin.h>

namespace persona::detail::avx512 {
namespace {

inline __mmask16 tailMask(int64_t left) { return static_cast<__mmask16>((1u << left) - 1u); }

// Rows of a narrow type. `load(p)` widens 16 weights at p to 16 floats, `loadTail(p, k)` the
// first k (< 16) and zeros, never touching memory past them. A row's sum: two 16-lane FMA chains
// over 32-weight steps, one more 16-weight step into the first, a masked step for the tail, then
// the two chains added and reduced. A row is computed this way in a group of four or alone, so
// row ranges never change results.
template <class T, class Load, class LoadTail>
void narrowRows(const T* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y, Load load,
                LoadTail loadTail) {
    const int64_t n32 = n / 32 * 32;
    const bool has16 = n - n32 >= 16;
    const int64_t jt = n32 + (has16 ? 16 : 0), left = n - jt;
    const __mmask16 mask = tailMask(left);
    int64_t r = r0;
    for (; r + 4 <= r1; r += 4) {
        const T* w0 = W + r * n;
        const T* w1 = w0 + n;
        const T* w2 = w1 + n;
        const T* w3 = w2 + n;
        __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int64_t j = 0; j < n32; j += 32) {
            const __m512 xa = _mm512_loadu_ps(x + j), xb = _mm512_loadu_ps(x + j + 16);
            a0 = _mm512_fmadd_ps(load(w0 + j), xa, a0);
            a1 = _mm512_fmadd_ps(load(w1 + j), xa, a1);
            a2 = _mm512_fmadd_ps(load(w2 + j), xa, a2);
            a3 = _mm512_fmadd_ps(load(w3 + j), xa, a3);
            b0 = _mm512_fmadd_ps(load(w0 + j + 16), xb, b0);
            b1 = _mm512_fmadd_ps(load(w1 + j + 16), xb, b1);
            b2 = _mm512_fmadd_ps(load(w2 + j + 16), xb, b2);
            b3 = _mm512_fmadd_ps(load(w3 + j + 16), xb, b3);
        }
        if (has16) {
            const __m512 xa = _mm512_loadu_ps(x + n32);
            a0 = _mm512_fmadd_ps(load(w0 + n32), xa, a0);
            a1 = _mm512_fmadd_ps(load(w1 + n32), xa, a1);
            a2 = _mm512_fmadd_ps(load(w2 + n32), xa, a2);
            a3 = _mm512_fmadd_ps(load(w3 + n32), xa, a3);
        }
        if (left > 0) {
            const __m512 xt = _mm512_maskz_loadu_ps(mask, x + jt);
            a0 = _mm512_fmadd_ps(loadTail(w0 + jt, mask), xt, a0);
            a1 = _mm512_fmadd_ps(loadTail(w1 + jt, mask), xt, a1);
            a2 = _mm512_fmadd_ps(loadTail(w2 + jt, mask), xt, a2);
            a3 = _mm512_fmadd_ps(loadTail(w3 + jt, mask), xt, a3);
        }
        y[r] = _mm512_reduce_add_ps(_mm512_add_ps(a0, b0));
        y[r + 1] = _mm512_reduce_add_ps(_mm512_add_ps(a1, b1));
        y[r + 2] = _mm512_reduce_add_ps(_mm512_add_ps(a2, b2));
        y[r + 3] = _mm512_reduce_add_ps(_mm512_add_ps(a3, b3));
    }
    for (; r < r1; ++r) {
        const T* w = W + r * n;
        __m512 a = _mm512_setzero_ps(), b = a;
        for (int64_t j = 0; j < n32; j += 32) {
            a = _mm512_fmadd_ps(load(w + j), _mm512_loadu_ps(x + j), a);
            b = _mm512_fmadd_ps(load(w + j + 16), _mm512_loadu_ps(x + j + 16), b);
        }
        if (has16) a = _mm512_fmadd_ps(load(w + n32), _mm512_loadu_ps(x + n32), a);
        if (left > 0) a = _mm512_fmadd_ps(loadTail(w + jt, mask), _mm512_maskz_loadu_ps(mask, x + jt), a);
        y[r] = _mm512_reduce_add_ps(_mm512_add_ps(a, b));
    }
}

inline __m256i load16x16(const uint16_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline __m256i load16x16(const uint16_t* p, __mmask16 m) { return _mm256_maskz_loadu_epi16(m, p); }

inline __m512 bf16Widen(__m256i h) { return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16)); }
inline __m512 i8Widen(__m128i q) { return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(q)); }

}  // namespace

void dotRowsF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    narrowRows(
        W, x, n, r0, r1, y, [](const uint16_t* p) { return _mm512_cvtph_ps(load16x16(p)); },
        [](const uint16_t* p, __mmask16 m) { return _mm512_cvtph_ps(load16x16(p, m)); });
}

void dotRowsBF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    narrowRows(
        W, x, n, r0, r1, y, [](const uint16_t* p) { return bf16Widen(load16x16(p)); },
        [](const uint16_t* p, __mmask16 m) { return bf16Widen(load16x16(p, m)); });
}

// int8: sign-extend 16 bytes to 16 int32, convert (exact: |q| <= 127), FMA with x; the row's scale
// multiplies the finished sum once.
void dotRowsI8(const int8_t* W, const float* scale, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    narrowRows(
        W, x, n, r0, r1, y,
        [](const int8_t* p) { return i8Widen(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); },
        [](const int8_t* p, __mmask16 m) { return i8Widen(_mm_maskz_loadu_epi8(m, p)); });
    for (int64_t r = r0; r < r1; ++r) y[r] *= scale[r];
}

}  // namespace persona::detail::avx512
