// The quantizers `persona-cli convert` uses (model/quant.h): Q8_0 and Q4_K as ggml's reference
// quantizers compute them (quantize_row_q8_0_ref, quantize_row_q4_K_ref with make_qkx2_quants in
// ggml-quants.c), so a file we write holds the bytes llama.cpp's converter would write; the tests
// compare with llama.cpp's output on the same floats.
#include "model/decode_kernels.h"
#include "model/quant.h"
#include "model/quant_blocks.h"
#include "persona/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace persona::quant {

namespace {

using detail::floatToHalf;
using detail::halfToFloat;

// Round to nearest, ties to even, through the float mantissa (ggml's nearest_int; |f| < 2^22).
int nearestInt(float f) {
    const float v = f + 12582912.f;
    int32_t i;
    std::memcpy(&i, &v, 4);
    return (i & 0x007fffff) - 0x00400000;
}

struct Fit {
    float scale = 0;
    float negMin = 0;  // -min: the value subtracted after scaling (>= 0)
};

// One error measure of L against x with a scale and min (weighted squared error).
float fitError(const float* x, const float* w, const uint8_t* L, int n, float scale, float min) {
    float e = 0;
    for (int i = 0; i < n; ++i) {
        const float diff = scale * L[i] + min - x[i];
        e += w[i] * diff * diff;
    }
    return e;
}

// make_qkx2_quants(n, nmax, x, weights, L, &min, Laux, rmin, rdelta, nstep, use_mad = false):
// an asymmetric fit x ~ scale * L + min (min <= 0), trying nstep + 1 rescalings of the range.
Fit fitScaleMin(int n, int nmax, const float* x, const float* w, uint8_t* L, float rmin, float rdelta, int nstep) {
    float min = x[0], max = x[0], sumW = w[0], sumX = w[0] * x[0];
    for (int i = 1; i < n; ++i) {
        min = std::min(min, x[i]);
        max = std::max(max, x[i]);
        sumW += w[i];
        sumX += w[i] * x[i];
    }
    if (min > 0) min = 0;
    if (max == min) {
        std::fill(L, L + n, 0);
        return {0.f, -min};
    }
    float iscale = nmax / (max - min), scale = 1 / iscale;
    for (int i = 0; i < n; ++i) L[i] = static_cast<uint8_t>(std::clamp(nearestInt(iscale * (x[i] - min)), 0, nmax));
    float best = fitError(x, w, L, n, scale, min);
    uint8_t aux[32];
    for (int is = 0; is <= nstep; ++is) {
        iscale = (rmin + rdelta * is + nmax) / (max - min);
        float sumL = 0, sumL2 = 0, sumXL = 0;
        for (int i = 0; i < n; ++i) {
            const int l = std::clamp(nearestInt(iscale * (x[i] - min)), 0, nmax);
            aux[i] = static_cast<uint8_t>(l);
            sumL += w[i] * l;
            sumL2 += w[i] * l * l;
            sumXL += w[i] * l * x[i];
        }
        const float D = sumW * sumL2 - sumL * sumL;
        if (D <= 0) continue;
        float thisScale = (sumW * sumXL - sumX * sumL) / D;
        float thisMin = (sumL2 * sumX - sumL * sumXL) / D;
        if (thisMin > 0) {
            thisMin = 0;
            thisScale = sumXL / sumL2;
        }
        const float err = fitError(x, w, aux, n, thisScale, thisMin);
        if (err < best) {
            std::copy(aux, aux + n, L);
            best = err;
            scale = thisScale;
            min = thisMin;
        }
    }
    return {scale, -min};
}

void packScalesK4(const uint8_t* ls, const uint8_t* lm, uint8_t* s) {
    std::memset(s, 0, 12);
    for (int j = 0; j < 8; ++j) {
        if (j < 4) {
            s[j] = ls[j];
            s[j + 4] = lm[j];
        } else {
            s[j + 4] = static_cast<uint8_t>((ls[j] & 0xF) | ((lm[j] & 0xF) << 4));
            s[j - 4] |= static_cast<uint8_t>((ls[j] >> 4) << 6);
            s[j] |= static_cast<uint8_t>((lm[j] >> 4) << 6);
        }
    }
}

void quantizeBlockQ4_K(const float* x, BlockQ4_K& y) {
    uint8_t L[kQKK];
    float scales[8], mins[8], weights[32];
    float maxScale = 0, maxMin = 0;
    for (int j = 0; j < 8; ++j) {
        const float* xs = x + 32 * j;
        float sum2 = 0;
        for (int l = 0; l < 32; ++l) sum2 += xs[l] * xs[l];
        const float av = std::sqrt(sum2 / 32);
        for (int l = 0; l < 32; ++l) weights[l] = av + std::fabs(xs[l]);
        const Fit f = fitScaleMin(32, 15, xs, weights, L + 32 * j, -1.f, 0.1f, 20);
        scales[j] = f.scale;
        mins[j] = f.negMin;
        maxScale = std::max(maxScale, scales[j]);
        maxMin = std::max(maxMin, mins[j]);
    }
    const float invScale = maxScale > 0 ? 63.f / maxScale : 0.f;
    const float invMin = maxMin > 0 ? 63.f / maxMin : 0.f;
    uint8_t ls[8], lm[8];
    for (int j = 0; j < 8; ++j) {
        ls[j] = static_cast<uint8_t>(std::min(63, nearestInt(invScale * scales[j])));
        lm[j] = static_cast<uint8_t>(std::min(63, nearestInt(invMin * mins[j])));
    }
    packScalesK4(ls, lm, y.scales);
    y.d = floatToHalf(maxScale / 63.f);
    y.dmin = floatToHalf(maxMin / 63.f);
    // Requantize against the rounded scales, as the dequantizer will see them.
    for (int j = 0; j < 8; ++j) {
        uint8_t sc, m;
        scaleMinK4(j, y.scales, &sc, &m);
        const float d = halfToFloat(y.d) * sc;
        if (d == 0) continue;
        const float dm = halfToFloat(y.dmin) * m;
        for (int ii = 0; ii < 32; ++ii)
            L[32 * j + ii] = static_cast<uint8_t>(std::clamp(nearestInt((x[32 * j + ii] + dm) / d), 0, 15));
    }
    for (int c = 0; c < 4; ++c)
        for (int l = 0; l < 32; ++l)
            y.qs[32 * c + l] = static_cast<uint8_t>(L[64 * c + l] | (L[64 * c + 32 + l] << 4));
}

void checkBlocks(GgmlType type, int64_t n) {
    const tensorio::GgmlTypeTraits& t = tensorio::ggmlTypeTraits(type);
    if (n % t.blockElems != 0)
        throw InvalidArgument(std::string("quantize: rows of ") + std::to_string(n) + " weights are not whole " +
                              t.name + " blocks of " + std::to_string(t.blockElems));
}

}  // namespace

void quantizeRowQ8_0(const float* x, void* dst, int64_t n) {
    checkBlocks(GgmlType::Q8_0, n);
    auto* y = static_cast<BlockQ8_0*>(dst);
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) {
        float amax = 0;
        for (int j = 0; j < kQK; ++j) amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127.f;
        const float id = d != 0 ? 1.0f / d : 0.0f;
        y[i].d = floatToHalf(d);
        for (int j = 0; j < kQK; ++j) y[i].qs[j] = static_cast<int8_t>(std::round(x[j] * id));
    }
}

void quantizeRowQ4_K(const float* x, void* dst, int64_t n) {
    checkBlocks(GgmlType::Q4_K, n);
    auto* y = static_cast<BlockQ4_K*>(dst);
    for (int64_t i = 0; i < n / kQKK; ++i) quantizeBlockQ4_K(x + i * kQKK, y[i]);
}

std::vector<uint8_t> quantizeRows(GgmlType type, const float* src, int64_t rows, int64_t n) {
    checkBlocks(type, n);
    const uint64_t rb = rowBytes(type, n);
    std::vector<uint8_t> out(rb * static_cast<uint64_t>(rows));
    for (int64_t r = 0; r < rows; ++r) {
        const float* x = src + r * n;
        uint8_t* y = out.data() + r * rb;
        switch (type) {
            case GgmlType::F32: std::memcpy(y, x, rb); break;
            case GgmlType::F16:
                for (int64_t j = 0; j < n; ++j) {
                    const uint16_t h = floatToHalf(x[j]);
                    std::memcpy(y + 2 * j, &h, 2);
                }
                break;
            case GgmlType::BF16:
                for (int64_t j = 0; j < n; ++j) {
                    const uint16_t h = detail::floatToBf16(x[j]);
                    std::memcpy(y + 2 * j, &h, 2);
                }
                break;
            case GgmlType::Q8_0: quantizeRowQ8_0(x, y, n); break;
            case GgmlType::Q4_K: quantizeRowQ4_K(x, y, n); break;
            default:
                throw InvalidArgument(std::string("quantize: no quantizer for ") + tensorio::ggmlTypeName(type) +
                                      " (f32, f16, bf16, q8_0, q4_K)");
        }
    }
    return out;
}

}  // namespace persona::quant
