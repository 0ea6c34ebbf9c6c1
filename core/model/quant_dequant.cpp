// Scalar dequantizers of the GGUF tensor types (model/quant.h), written from the block layouts of
// ggml-common.h; the tests compare them with llama.cpp's own dequantize_row_* on a file it wrote.
#include "model/decode_kernels.h"
#include "model/quant.h"
#include "model/quant_blocks.h"
#include "persona/error.h"

namespace persona::quant {

namespace {

using detail::halfToFloat;

void q4_0(const BlockQ4_0* b, float* y, int64_t nb) {
    for (int64_t i = 0; i < nb; ++i, y += kQK) {
        const float d = halfToFloat(b[i].d);
        for (int j = 0; j < 16; ++j) {
            y[j] = static_cast<float>((b[i].qs[j] & 0xF) - 8) * d;
            y[j + 16] = static_cast<float>((b[i].qs[j] >> 4) - 8) * d;
        }
    }
}

void q4_1(const BlockQ4_1* b, float* y, int64_t nb) {
    for (int64_t i = 0; i < nb; ++i, y += kQK) {
        const float d = halfToFloat(b[i].d), m = halfToFloat(b[i].m);
        for (int j = 0; j < 16; ++j) {
            y[j] = static_cast<float>(b[i].qs[j] & 0xF) * d + m;
            y[j + 16] = static_cast<float>(b[i].qs[j] >> 4) * d + m;
        }
    }
}

uint32_t highBits(const uint8_t* qh) {
    return uint32_t(qh[0]) | uint32_t(qh[1]) << 8 | uint32_t(qh[2]) << 16 | uint32_t(qh[3]) << 24;
}

// The 5-bit values of a Q5_0 / Q5_1 block, 0..31.
void five(const uint8_t* qh4, const uint8_t* qs, int* q) {
    const uint32_t qh = highBits(qh4);
    for (int j = 0; j < 16; ++j) {
        q[j] = (qs[j] & 0xF) | static_cast<int>(((qh >> j) & 1u) << 4);
        q[j + 16] = (qs[j] >> 4) | static_cast<int>(((qh >> (j + 16)) & 1u) << 4);
    }
}

void q5_0(const BlockQ5_0* b, float* y, int64_t nb) {
    int q[kQK];
    for (int64_t i = 0; i < nb; ++i, y += kQK) {
        const float d = halfToFloat(b[i].d);
        five(b[i].qh, b[i].qs, q);
        for (int j = 0; j < kQK; ++j) y[j] = static_cast<float>(q[j] - 16) * d;
    }
}

void q5_1(const BlockQ5_1* b, float* y, int64_t nb) {
    int q[kQK];
    for (int64_t i = 0; i < nb; ++i, y += kQK) {
        const float d = halfToFloat(b[i].d), m = halfToFloat(b[i].m);
        five(b[i].qh, b[i].qs, q);
        for (int j = 0; j < kQK; ++j) y[j] = static_cast<float>(q[j]) * d + m;
    }
}

void q8_0(const BlockQ8_0* b, float* y, int64_t nb) {
    for (int64_t i = 0; i < nb; ++i, y += kQK) {
        const float d = halfToFloat(b[i].d);
        for (int j = 0; j < kQK; ++j) y[j] = static_cast<float>(b[i].qs[j]) * d;
    }
}

// Q4_K and Q5_K: sub-block pairs (2c, 2c+1) share 32 bytes of nibbles; `qh` adds the fifth bit.
template <class Block>
void kQuants(const Block* b, float* y, int64_t nb, const uint8_t* (*high)(const Block&)) {
    for (int64_t i = 0; i < nb; ++i) {
        const float d = halfToFloat(b[i].d), dmin = halfToFloat(b[i].dmin);
        const uint8_t* qh = high(b[i]);
        for (int c = 0; c < 4; ++c) {
            uint8_t sc0, m0, sc1, m1;
            scaleMinK4(2 * c, b[i].scales, &sc0, &m0);
            scaleMinK4(2 * c + 1, b[i].scales, &sc1, &m1);
            const float d0 = d * sc0, mm0 = dmin * m0, d1 = d * sc1, mm1 = dmin * m1;
            const uint8_t* q = b[i].qs + 32 * c;
            for (int l = 0; l < 32; ++l) {
                const int h0 = qh ? ((qh[l] >> (2 * c)) & 1) << 4 : 0;
                const int h1 = qh ? ((qh[l] >> (2 * c + 1)) & 1) << 4 : 0;
                y[l] = d0 * static_cast<float>((q[l] & 0xF) | h0) - mm0;
                y[l + 32] = d1 * static_cast<float>((q[l] >> 4) | h1) - mm1;
            }
            y += 64;
        }
    }
}

const uint8_t* noHigh(const BlockQ4_K&) { return nullptr; }
const uint8_t* q5High(const BlockQ5_K& b) { return b.qh; }

void q6_k(const BlockQ6_K* b, float* y, int64_t nb) {
    for (int64_t i = 0; i < nb; ++i) {
        const float d = halfToFloat(b[i].d);
        for (int half = 0; half < 2; ++half, y += 128) {
            const uint8_t* ql = b[i].ql + 64 * half;
            const uint8_t* qh = b[i].qh + 32 * half;
            const int8_t* sc = b[i].scales + 8 * half;
            for (int l = 0; l < 32; ++l) {
                const int is = l / 16;
                const int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * static_cast<float>(sc[is]) * static_cast<float>(q1);
                y[l + 32] = d * static_cast<float>(sc[is + 2]) * static_cast<float>(q2);
                y[l + 64] = d * static_cast<float>(sc[is + 4]) * static_cast<float>(q3);
                y[l + 96] = d * static_cast<float>(sc[is + 6]) * static_cast<float>(q4);
            }
        }
    }
}

}  // namespace

bool isDecodable(GgmlType type) {
    const tensorio::GgmlTypeTraits* t = tensorio::ggmlTypeTraits(static_cast<uint32_t>(type));
    return t != nullptr && t->decodable;
}

uint64_t rowBytes(GgmlType type, int64_t n) {
    const tensorio::GgmlTypeTraits& t = tensorio::ggmlTypeTraits(type);
    return static_cast<uint64_t>(n) / t.blockElems * t.blockBytes;
}

void dequantizeRow(GgmlType type, const void* src, float* dst, int64_t n) {
    const tensorio::GgmlTypeTraits& t = tensorio::ggmlTypeTraits(type);
    if (!t.decodable || n % t.blockElems != 0)
        throw InvalidArgument(std::string("dequantizeRow: ") + t.name + " rows of " + std::to_string(n) +
                              " weights are not supported");
    const int64_t nb = n / t.blockElems;
    switch (type) {
        case GgmlType::F32: {
            const auto* f = static_cast<const float*>(src);
            std::copy(f, f + n, dst);
            return;
        }
        case GgmlType::F16:
            for (int64_t j = 0; j < n; ++j) dst[j] = halfToFloat(static_cast<const uint16_t*>(src)[j]);
            return;
        case GgmlType::BF16:
            for (int64_t j = 0; j < n; ++j) dst[j] = detail::bf16ToFloat(static_cast<const uint16_t*>(src)[j]);
            return;
        case GgmlType::Q4_0: q4_0(static_cast<const BlockQ4_0*>(src), dst, nb); return;
        case GgmlType::Q4_1: q4_1(static_cast<const BlockQ4_1*>(src), dst, nb); return;
        case GgmlType::Q5_0: q5_0(static_cast<const BlockQ5_0*>(src), dst, nb); return;
        case GgmlType::Q5_1: q5_1(static_cast<const BlockQ5_1*>(src), dst, nb); return;
        case GgmlType::Q8_0: q8_0(static_cast<const BlockQ8_0*>(src), dst, nb); return;
        case GgmlType::Q4_K: kQuants(static_cast<const BlockQ4_K*>(src), dst, nb, noHigh); return;
        case GgmlType::Q5_K: kQuants(static_cast<const BlockQ5_K*>(src), dst, nb, q5High); return;
        case GgmlType::Q6_K: q6_k(static_cast<const BlockQ6_K*>(src), dst, nb); return;
        default: break;
    }
    throw InvalidArgument(std::string("dequantizeRow: no dequantizer for ") + t.name);
}

}  // namespace persona::quant
