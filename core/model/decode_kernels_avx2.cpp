// AVX2 + FMA versions of the decode kernels (model/decode_kernels.h). This file alone is compiled
// with -mavx2 -mfma (model/sources.cmake); model/decode_kernels.cpp calls it only after checking
// the CPU, so the rest of the engine still runs on any x86-64.
#include "model/decode_kernels_isa.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>

namespace persona::detail::avx2 {
namespace {

inline float hsum(__m256 v) {
    __m128 lo = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    __m128 shuf = _mm_movehdup_ps(lo);
    __m128 sums = _mm_add_ps(lo, shuf);
    shuf = _mm_movehl_ps(shuf, sums);
    return _mm_cvtss_f32(_mm_add_ss(sums, shuf));
}

}  // namespace

// Four rows of W at a time: four sequential streams over this thread's columns, and y[o0, o1)
// (in L1) is loaded and stored once per four rows. A column's sum is the same chain of FMAs
// (row order) in the vector lanes and in the scalar tail, so column ranges never change results.
void accumulateColumns(const float* x, const float* W, int64_t ldw, int64_t in, int64_t o0, int64_t o1, float* y) {
    std::fill(y + o0, y + o1, 0.0f);
    int64_t i = 0;
    for (; i + 4 <= in; i += 4) {
        const float* w0 = W + i * ldw;
        const float* w1 = w0 + ldw;
        const float* w2 = w1 + ldw;
        const float* w3 = w2 + ldw;
        const __m256 x0 = _mm256_set1_ps(x[i]), x1 = _mm256_set1_ps(x[i + 1]);
        const __m256 x2 = _mm256_set1_ps(x[i + 2]), x3 = _mm256_set1_ps(x[i + 3]);
        int64_t o = o0;
        for (; o + 16 <= o1; o += 16) {
            __m256 a = _mm256_loadu_ps(y + o), b = _mm256_loadu_ps(y + o + 8);
            a = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + o), x0, a);
            b = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + o + 8), x0, b);
            a = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + o), x1, a);
            b = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + o + 8), x1, b);
            a = _mm256_fmadd_ps(_mm256_loadu_ps(w2 + o), x2, a);
            b = _mm256_fmadd_ps(_mm256_loadu_ps(w2 + o + 8), x2, b);
            a = _mm256_fmadd_ps(_mm256_loadu_ps(w3 + o), x3, a);
            b = _mm256_fmadd_ps(_mm256_loadu_ps(w3 + o + 8), x3, b);
            _mm256_storeu_ps(y + o, a);
            _mm256_storeu_ps(y + o + 8, b);
        }
        for (; o < o1; ++o) {
            float a = y[o];
            a = std::fma(w0[o], x[i], a);
            a = std::fma(w1[o], x[i + 1], a);
            a = std::fma(w2[o], x[i + 2], a);
            a = std::fma(w3[o], x[i + 3], a);
            y[o] = a;
        }
    }
    for (; i < in; ++i) {
        const float* w = W + i * ldw;
        const __m256 xi = _mm256_set1_ps(x[i]);
        int64_t o = o0;
        for (; o + 8 <= o1; o += 8)
            _mm256_storeu_ps(y + o, _mm256_fmadd_ps(_mm256_loadu_ps(w + o), xi, _mm256_loadu_ps(y + o)));
        for (; o < o1; ++o) y[o] = std::fma(w[o], x[i], y[o]);
    }
}

namespace {

// One row's dot product: one 8-lane accumulator, the horizontal sum, then the tail. Every row is
// computed this way (alone or interleaved four at a time), so row ranges never change results.
inline float rowDot(const float* w, const float* x, int64_t n) {
    __m256 a = _mm256_setzero_ps();
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) a = _mm256_fmadd_ps(_mm256_loadu_ps(w + j), _mm256_loadu_ps(x + j), a);
    float s = hsum(a);
    for (; j < n; ++j) s = std::fma(w[j], x[j], s);
    return s;
}

}  // namespace

// Four rows at a time share each load of x.
void dotRows(const float* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    int64_t r = r0;
    for (; r + 4 <= r1; r += 4) {
        const float* w0 = W + r * n;
        const float* w1 = w0 + n;
        const float* w2 = w1 + n;
        const float* w3 = w2 + n;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        int64_t j = 0;
        for (; j + 8 <= n; j += 8) {
            const __m256 xv = _mm256_loadu_ps(x + j);
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + j), xv, a0);
            a1 = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + j), xv, a1);
            a2 = _mm256_fmadd_ps(_mm256_loadu_ps(w2 + j), xv, a2);
            a3 = _mm256_fmadd_ps(_mm256_loadu_ps(w3 + j), xv, a3);
        }
        float s0 = hsum(a0), s1 = hsum(a1), s2 = hsum(a2), s3 = hsum(a3);
        for (; j < n; ++j) {
            s0 = std::fma(w0[j], x[j], s0);
            s1 = std::fma(w1[j], x[j], s1);
            s2 = std::fma(w2[j], x[j], s2);
            s3 = std::fma(w3[j], x[j], s3);
        }
        y[r] = s0, y[r + 1] = s1, y[r + 2] = s2, y[r + 3] = s3;
    }
    for (; r < r1; ++r) y[r] = rowDot(W + r * n, x, n);
}

float dot(const float* a, const float* b, int64_t n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = acc0;
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j + 8), _mm256_loadu_ps(b + j + 8), acc1);
    }
    for (; j + 8 <= n; j += 8) acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j), acc0);
    float s = hsum(_mm256_add_ps(acc0, acc1));
    for (; j < n; ++j) s += a[j] * b[j];
    return s;
}

namespace {

// Rows of a narrow type: `load(p)` widens 8 weights at p to 8 floats, `widen(w)` one weight. Four
// rows share each load of x; a row's sum is one 8-lane FMA chain, its horizontal sum, then an FMA
// tail, the same whether it runs in a group of four or alone (so row ranges never change results).
template <class T, class Load, class Widen>
void narrowRows(const T* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y, Load load, Widen widen) {
    int64_t r = r0;
    for (; r + 4 <= r1; r += 4) {
        const T* w0 = W + r * n;
        const T* w1 = w0 + n;
        const T* w2 = w1 + n;
        const T* w3 = w2 + n;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        int64_t j = 0;
        for (; j + 8 <= n; j += 8) {
            const __m256 xv = _mm256_loadu_ps(x + j);
            a0 = _mm256_fmadd_ps(load(w0 + j), xv, a0);
            a1 = _mm256_fmadd_ps(load(w1 + j), xv, a1);
            a2 = _mm256_fmadd_ps(load(w2 + j), xv, a2);
            a3 = _mm256_fmadd_ps(load(w3 + j), xv, a3);
        }
        float s[4] = {hsum(a0), hsum(a1), hsum(a2), hsum(a3)};
        for (; j < n; ++j)
            for (int q = 0; q < 4; ++q) s[q] = std::fma(widen(W[(r + q) * n + j]), x[j], s[q]);
        for (int q = 0; q < 4; ++q) y[r + q] = s[q];
    }
    for (; r < r1; ++r) {
        const T* w = W + r * n;
        __m256 a = _mm256_setzero_ps();
        int64_t j = 0;
        for (; j + 8 <= n; j += 8) a = _mm256_fmadd_ps(load(w + j), _mm256_loadu_ps(x + j), a);
        float s = hsum(a);
        for (; j < n; ++j) s = std::fma(widen(w[j]), x[j], s);
        y[r] = s;
    }
}

inline __m128i load8x16(const uint16_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }

}  // namespace

// F16C converts 8 halves to 8 floats per instruction.
void dotRowsF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    narrowRows(W, x, n, r0, r1, y, [](const uint16_t* p) { return _mm256_cvtph_ps(load8x16(p)); },
               [](uint16_t h) { return _cvtsh_ss(h); });
}

// bfloat16 is the top half of an F32: zero-extend to 32 bits and shift left by 16.
void dotRowsBF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    narrowRows(
        W, x, n, r0, r1, y,
        [](const uint16_t* p) { return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(load8x16(p)), 16)); },
        [](uint16_t h) {
            const uint32_t bits = static_cast<uint32_t>(h) << 16;
            float f;
            __builtin_memcpy(&f, &bits, 4);
            return f;
        });
}

// int8: sign-extend 8 bytes to 8 int32 (vpmovsxbd straight from memory), convert to floats, FMA
// with x; the row's scale multiplies the finished sum once. Exact: |q| <= 127 is a float.
void dotRowsI8(const int8_t* W, const float* scale, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    narrowRows(
        W, x, n, r0, r1, y,
        [](const int8_t* p) {
            return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
        },
        [](int8_t q) { return static_cast<float>(q); });
    for (int64_t r = r0; r < r1; ++r) y[r] *= scale[r];
}

void axpy(float alpha, const float* x, float* y, int64_t n) {
    const __m256 av = _mm256_set1_ps(alpha);
    int64_t j = 0;
    for (; j + 8 <= n; j += 8)
        _mm256_storeu_ps(y + j, _mm256_fmadd_ps(_mm256_loadu_ps(x + j), av, _mm256_loadu_ps(y + j)));
    for (; j < n; ++j) y[j] += alpha * x[j];
}

}  // namespace persona::detail::avx2
