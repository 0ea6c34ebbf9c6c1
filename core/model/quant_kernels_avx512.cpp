// The quantized row kernels at AVX-512 width (model/quant_kernels_x86.h): the integer unpacking is
// the AVX2 code, the widening to float and the FMAs take 16 weights per instruction. Compiled with
// AVX-512 F/BW/VL only here (model/sources.cmake); picked when the CPU has them.
#include "model/quant_kernels_isa.h"
#include "model/quant_kernels_x86.h"

namespace persona::quant {
namespace {

inline __m512 widen16(__m128i q) { return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(q)); }

struct Avx512Dot {
    using V = __m512;
    static V zero() { return _mm512_setzero_ps(); }
    static V add(V a, V b) { return _mm512_add_ps(a, b); }
    static V fma(float s, V p, V acc) { return _mm512_fmadd_ps(_mm512_set1_ps(s), p, acc); }
    static V dot32(__m256i q, const float* x) {
        return _mm512_fmadd_ps(widen16(_mm256_extracti128_si256(q, 1)), _mm512_loadu_ps(x + 16),
                               _mm512_mul_ps(widen16(_mm256_castsi256_si128(q)), _mm512_loadu_ps(x)));
    }
    static V dot16(__m128i q, const float* x) { return _mm512_mul_ps(widen16(q), _mm512_loadu_ps(x)); }
    static float reduce(V v) { return _mm512_reduce_add_ps(v); }
};

}  // namespace

namespace avx512 {
QuantRows quantRows() { return quantRowsOf<Avx512Dot>(); }
}

}  // namespace persona::quant
