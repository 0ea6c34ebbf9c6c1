// quant::dotRows (model/quant.h): the scalar kernels and the choice of instruction set, which
// follows the decode kernels' (detail::decodeKernelIsa, so forceKernelIsa switches both).
#include "model/decode_kernels.h"
#include "model/quant.h"
#include "model/quant_kernels_isa.h"
#include "persona/error.h"

#include <vector>

namespace persona::quant {

namespace {

constexpr int kMaxBlock = 256;

// Scalar: each block dequantized to floats, then a float dot product in weight order.
void genericRows(GgmlType type, const uint8_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    const tensorio::GgmlTypeTraits& t = tensorio::ggmlTypeTraits(type);
    const uint64_t rb = rowBytes(type, n);
    float w[kMaxBlock];
    for (int64_t r = r0; r < r1; ++r) {
        const uint8_t* row = W + r * rb;
        float s = 0;
        for (int64_t b = 0; b < n / t.blockElems; ++b) {
            dequantizeRow(type, row + b * t.blockBytes, w, t.blockElems);
            const float* xb = x + b * t.blockElems;
            for (uint32_t j = 0; j < t.blockElems; ++j) s += w[j] * xb[j];
        }
        y[r] = s;
    }
}

QuantRowsFn pick(const QuantRows& k, GgmlType type) {
    switch (type) {
        case GgmlType::Q4_0: return k.q4_0;
        case GgmlType::Q4_1: return k.q4_1;
        case GgmlType::Q5_0: return k.q5_0;
        case GgmlType::Q5_1: return k.q5_1;
        case GgmlType::Q8_0: return k.q8_0;
        case GgmlType::Q4_K: return k.q4_k;
        case GgmlType::Q5_K: return k.q5_k;
        case GgmlType::Q6_K: return k.q6_k;
        default: return nullptr;
    }
}

const QuantRows* vectorKernels() {
#if defined(PERSONA_HAVE_AVX2_KERNELS)
    static const QuantRows kAvx2 = avx2::quantRows();
#if defined(PERSONA_HAVE_AVX512_KERNELS)
    static const QuantRows kAvx512 = avx512::quantRows();
#endif
    const std::string isa = detail::decodeKernelIsa();
#if defined(PERSONA_HAVE_AVX512_KERNELS)
    if (isa == "avx512") return &kAvx512;
#endif
    if (isa == "avx2-fma") return &kAvx2;
#endif
    return nullptr;
}

bool hasMinTerm(GgmlType type) {
    return type == GgmlType::Q4_1 || type == GgmlType::Q5_1 || type == GgmlType::Q4_K || type == GgmlType::Q5_K;
}

}  // namespace

std::string kernelIsa() { return detail::decodeKernelIsa(); }

void dotRows(GgmlType type, const void* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    const tensorio::GgmlTypeTraits& t = tensorio::ggmlTypeTraits(type);
    if (!t.decodable || n % t.blockElems != 0)
        throw InvalidArgument(std::string("quant::dotRows: ") + t.name + " rows of " + std::to_string(n) +
                              " weights are not supported");
    switch (type) {
        case GgmlType::F32: detail::dotRows(static_cast<const float*>(W), x, n, r0, r1, y); return;
        case GgmlType::F16: detail::dotRowsF16(static_cast<const uint16_t*>(W), x, n, r0, r1, y); return;
        case GgmlType::BF16: detail::dotRowsBF16(static_cast<const uint16_t*>(W), x, n, r0, r1, y); return;
        default: break;
    }
    const auto* bytes = static_cast<const uint8_t*>(W);
    const QuantRows* k = vectorKernels();
    if (k == nullptr) {
        genericRows(type, bytes, x, n, r0, r1, y);
        return;
    }
    // Sums of x per 32 weights, for the min terms; one buffer per thread, grown once.
    thread_local std::vector<float> xsum;
    if (hasMinTerm(type)) {
        xsum.resize(static_cast<size_t>(n / 32));
        for (int64_t g = 0; g < n / 32; ++g) {
            float s = 0;
            for (int j = 0; j < 32; ++j) s += x[32 * g + j];
            xsum[static_cast<size_t>(g)] = s;
        }
    }
    pick(*k, type)(bytes, x, xsum.data(), n, r0, r1, y);
}

}  // namespace persona::quant
