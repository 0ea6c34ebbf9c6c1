// The quantized row kernels at AVX2 width (model/quant_kernels_x86.h), compiled with AVX2 + FMA +
// F16C only here (model/sources.cmake); model/quant_kernels.cpp calls them after checking the CPU.
#include "model/quant_kernels_isa.h"
#include "model/quant_kernels_x86.h"

namespace persona::quant {
namespace {

inline __m256 widen8(__m128i q) { return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(q)); }

struct Avx2Dot {
    using V = __m256;
    static V zero() { return _mm256_setzero_ps(); }
    static V add(V a, V b) { return _mm256_add_ps(a, b); }
    static V fma(float s, V p, V acc) { return _mm256_fmadd_ps(_mm256_set1_ps(s), p, acc); }
    // Two chains of two products each, then added: sum over 32 weights as 8 lanes.
    static V dot32(__m256i q, const float* x) {
        const __m128i lo = _mm256_castsi256_si128(q), hi = _mm256_extracti128_si256(q, 1);
        V s0 = _mm256_mul_ps(widen8(lo), _mm256_loadu_ps(x));
        V s1 = _mm256_mul_ps(widen8(_mm_srli_si128(lo, 8)), _mm256_loadu_ps(x + 8));
        s0 = _mm256_fmadd_ps(widen8(hi), _mm256_loadu_ps(x + 16), s0);
        s1 = _mm256_fmadd_ps(widen8(_mm_srli_si128(hi, 8)), _mm256_loadu_ps(x + 24), s1);
        return _mm256_add_ps(s0, s1);
    }
    static V dot16(__m128i q, const float* x) {
        return _mm256_fmadd_ps(widen8(_mm_srli_si128(q, 8)), _mm256_loadu_ps(x + 8),
                               _mm256_mul_ps(widen8(q), _mm256_loadu_ps(x)));
    }
    static float reduce(V v) {
        __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
        s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        s = _mm_add_ss(s, _mm_movehdup_ps(s));
        return _mm_cvtss_f32(s);
    }
};

}  // namespace

namespace avx2 {
QuantRows quantRows() { return quantRowsOf<Avx2Dot>(); }
}

}  // namespace persona::quant
