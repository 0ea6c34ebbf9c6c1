// The quantized row kernels for x86, written once over a vector policy `D` (AVX2 or AVX-512 width)
// and included by model/quant_kernels_avx2.cpp and model/quant_kernels_avx512.cpp, each compiled
// with its own instruction-set flags. Everything here has internal linkage (an unnamed namespace),
// so the two copies are never merged by the linker.
//
// A block's weights are widened to int8 in one 256-bit register (nibbles split, fifth/sixth bits
// merged, offsets subtracted: integer work on 32 weights at a time), then D::dot32 converts them to
// float and multiplies with x (FMA, float accumulation): the dot product is exact float arithmetic
// on the dequantized weights (w = d * q), since q * d factors out of a block (or sub-block). The
// min terms (w = d * q - m) become m * sum(x) over the sub-block, from the precomputed sums.
#pragma once

#include "model/quant_blocks.h"

#include <immintrin.h>

#include <cstdint>

namespace persona::quant {
namespace {

inline float half(uint16_t h) { return _cvtsh_ss(h); }

// 16 packed bytes -> 32 values: the low nibbles in bytes 0..15, the high nibbles in 16..31.
inline __m256i nibbles(const uint8_t* qs) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    const __m128i m = _mm_set1_epi8(0x0F);
    return _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(v, 4), m), _mm_and_si128(v, m));
}

// Byte i = 0xFF when bit i of `bits` is set, else 0.
inline __m256i bitBytes(uint32_t bits) {
    const __m256i spread = _mm256_shuffle_epi8(
        _mm256_set1_epi32(static_cast<int>(bits)),
        _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
    const __m256i select = _mm256_set1_epi64x(static_cast<int64_t>(0x8040201008040201ull));
    return _mm256_cmpeq_epi8(_mm256_and_si256(spread, select), select);
}

inline uint32_t load32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

template <class D, class Block, class Unpack>
void legacyRows(const uint8_t* W, const float* x, const float* xsum, int64_t n, int64_t r0, int64_t r1, float* y,
                Unpack unpack) {
    const int64_t nb = n / kQK;
    for (int64_t r = r0; r < r1; ++r) {
        const auto* b = reinterpret_cast<const Block*>(W) + r * nb;
        typename D::V a0 = D::zero(), a1 = D::zero();
        float mins = 0;
        int64_t i = 0;
        for (; i + 2 <= nb; i += 2) {
            a0 = D::fma(half(b[i].d), D::dot32(unpack(b[i], &mins, xsum + i), x + i * kQK), a0);
            a1 = D::fma(half(b[i + 1].d), D::dot32(unpack(b[i + 1], &mins, xsum + i + 1), x + (i + 1) * kQK), a1);
        }
        if (i < nb) a0 = D::fma(half(b[i].d), D::dot32(unpack(b[i], &mins, xsum + i), x + i * kQK), a0);
        y[r] = D::reduce(D::add(a0, a1)) + mins;
    }
}

template <class D>
void rowsQ8_0(const uint8_t* W, const float* x, const float* xsum, int64_t n, int64_t r0, int64_t r1, float* y) {
    legacyRows<D, BlockQ8_0>(W, x, xsum, n, r0, r1, y, [](const BlockQ8_0& b, float*, const float*) {
        return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qs));
    });
}

template <class D>
void rowsQ4_0(const uint8_t* W, const float* x, const float* xsum, int64_t n, int64_t r0, int64_t r1, float* y) {
    legacyRows<D, BlockQ4_0>(W, x, xsum, n, r0, r1, y, [](const BlockQ4_0& b, float*, const float*) {
        return _mm256_sub_epi8(nibbles(b.qs), _mm256_set1_epi8(8));
    });
}

template <class D>
void rowsQ4_1(const uint8_t* W, const float* x, const float* xsum, int64_t n, int64_t r0, int64_t r1, float* y) {
    legacyRows<D, BlockQ4_1>(W, x, xsum, n, r0, r1, y, [](const BlockQ4_1& b, float* mins, const float* xs) {
        *mins += half(b.m) * *xs;
        return nibbles(b.qs);
    });
}

// q - 16 as int8: the nibble when the fifth bit is set, nibble - 16 (= nibble | 0xF0) when not.
template <class D>
void rowsQ5_0(const uint8_t* W, const float* x, const float* xsum, int64_t n, int64_t r0, int64_t r1, float* y) {
    legacyRows<D, BlockQ5_0>(W, x, xsum, n, r0, r1, y, [](const BlockQ5_0& b, float*, const float*) {
        return _mm256_or_si256(nibbles(b.qs), _mm256_andnot_si256(bitBytes(load32(b.qh)), _mm256_set1_epi8(-16)));
    });
}

template <class D>
void rowsQ5_1(const uint8_t* W, const float* x, const float* xsum, int64_t n, int64_t r0, int64_t r1, float* y) {
    legacyRows<D, BlockQ5_1>(W, x, xsum, n, r0, r1, y, [](const BlockQ5_1& b, float* mins, const float* xs) {
        *mins += half(b.m) * *xs;
        return _mm256_or_si256(nibbles(b.qs), _mm256_and_si256(bitBytes(load32(b.qh)), _mm256_set1_epi8(16)));
    });
}

// Q4_K / Q5_K: per 64 weights, 32 bytes of nibbles (low: sub-block 2c, high: 2c + 1), and for
// Q5_K bits 2c and 2c + 1 of qh[l] as the fifth bit of weight l.
template <class D, class Block, bool kFifth>
void kRows(const uint8_t* W, const float* x, const float* xsum, int64_t n, int64_t r0, int64_t r1, float* y) {
    const int64_t nb = n / kQKK;
    const __m256i low = _mm256_set1_epi8(0x0F), five = _mm256_set1_epi8(16);
    for (int64_t r = r0; r < r1; ++r) {
        const auto* b = reinterpret_cast<const Block*>(W) + r * nb;
        typename D::V a0 = D::zero(), a1 = D::zero();
        float mins = 0;
        for (int64_t i = 0; i < nb; ++i) {
            const float d = half(b[i].d), dmin = half(b[i].dmin);
            const float* xb = x + i * kQKK;
            const float* xs = xsum + i * 8;
            __m256i h = _mm256_setzero_si256();
            if constexpr (kFifth) h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b[i].qh));
            for (int c = 0; c < 4; ++c) {
                uint8_t sc0, m0, sc1, m1;
                scaleMinK4(2 * c, b[i].scales, &sc0, &m0);
                scaleMinK4(2 * c + 1, b[i].scales, &sc1, &m1);
                const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b[i].qs + 32 * c));
                __m256i q0 = _mm256_and_si256(v, low), q1 = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);
                if constexpr (kFifth) {
                    const __m256i s0 = _mm256_set1_epi8(static_cast<char>(1u << (2 * c)));
                    const __m256i s1 = _mm256_set1_epi8(static_cast<char>(2u << (2 * c)));
                    q0 = _mm256_or_si256(q0, _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(h, s0), s0), five));
                    q1 = _mm256_or_si256(q1, _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(h, s1), s1), five));
                }
                a0 = D::fma(d * sc0, D::dot32(q0, xb + 64 * c), a0);
                a1 = D::fma(d * sc1, D::dot32(q1, xb + 64 * c + 32), a1);
                mins += dmin * (static_cast<float>(m0) * xs[2 * c] + static_cast<float>(m1) * xs[2 * c + 1]);
            }
        }
        y[r] = D::reduce(D::add(a0, a1)) - mins;
    }
}

template <class D>
void rowsQ4_K(const uint8_t* W, const float* x, const float* xsum, int64_t n, int64_t r0, int64_t r1, float* y) {
    kRows<D, BlockQ4_K, false>(W, x, xsum, n, r0, r1, y);
}

template <class D>
void rowsQ5_K(const uint8_t* W, const float* x, const float* xsum, int64_t n, int64_t r0, int64_t r1, float* y) {
    kRows<D, BlockQ5_K, true>(W, x, xsum, n, r0, r1, y);
}

// Q6_K: per 128 weights, 64 bytes of low nibbles and 32 of 2-bit pairs; scales per 16 weights.
template <class D>
void rowsQ6_K(const uint8_t* W, const float* x, const float*, int64_t n, int64_t r0, int64_t r1, float* y) {
    const int64_t nb = n / kQKK;
    const __m256i low = _mm256_set1_epi8(0x0F), two = _mm256_set1_epi8(3), off = _mm256_set1_epi8(32);
    auto part = [&](__m256i nib, __m256i hi) { return _mm256_sub_epi8(_mm256_or_si256(nib, _mm256_slli_epi16(_mm256_and_si256(hi, two), 4)), off); };
    for (int64_t r = r0; r < r1; ++r) {
        const auto* b = reinterpret_cast<const BlockQ6_K*>(W) + r * nb;
        typename D::V a0 = D::zero(), a1 = D::zero();
        for (int64_t i = 0; i < nb; ++i) {
            const float d = half(b[i].d);
            for (int h = 0; h < 2; ++h) {
                const __m256i qa = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b[i].ql + 64 * h));
                const __m256i qb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b[i].ql + 64 * h + 32));
                const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b[i].qh + 32 * h));
                const __m256i q[4] = {part(_mm256_and_si256(qa, low), qh),
                                      part(_mm256_and_si256(qb, low), _mm256_srli_epi16(qh, 2)),
                                      part(_mm256_and_si256(_mm256_srli_epi16(qa, 4), low), _mm256_srli_epi16(qh, 4)),
                                      part(_mm256_and_si256(_mm256_srli_epi16(qb, 4), low), _mm256_srli_epi16(qh, 6))};
                const int8_t* sc = b[i].scales + 8 * h;
                const float* xh = x + i * kQKK + 128 * h;
                for (int k = 0; k < 4; ++k) {
                    a0 = D::fma(d * sc[2 * k], D::dot16(_mm256_castsi256_si128(q[k]), xh + 32 * k), a0);
                    a1 = D::fma(d * sc[2 * k + 1], D::dot16(_mm256_extracti128_si256(q[k], 1), xh + 32 * k + 16), a1);
                }
            }
        }
        y[r] = D::reduce(D::add(a0, a1));
    }
}

template <class D>
QuantRows quantRowsOf() {
    return {rowsQ4_0<D>, rowsQ4_1<D>, rowsQ5_0<D>, rowsQ5_1<D>, rowsQ8_0<D>, rowsQ4_K<D>, rowsQ5_K<D>, rowsQ6_K<D>};
}

}  // namespace
}  // namespace persona::quant
