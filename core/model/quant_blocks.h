// The block layouts of ggml's quantized types, byte for byte as ggml-common.h defines them (the
// layout GGUF files hold). A row of n weights is n / block-size blocks, back to back. `d`, `m`,
// `dmin` are IEEE half floats; QK_K = 256 weights per "K" super-block.
#pragma once

#include <cstdint>

namespace persona::quant {

inline constexpr int kQK = 32;    // weights per block of the legacy types
inline constexpr int kQKK = 256;  // weights per K super-block

// w = d * (q - 8); q[j] in the low nibble of qs[j] for j < 16, the high nibble for j + 16.
struct BlockQ4_0 { uint16_t d; uint8_t qs[16]; };
// w = d * q + m
struct BlockQ4_1 { uint16_t d, m; uint8_t qs[16]; };
// w = d * (q - 16), q = nibble | bit j of qh (as the fifth bit) for weight j
struct BlockQ5_0 { uint16_t d; uint8_t qh[4]; uint8_t qs[16]; };
// w = d * q + m, q as Q5_0
struct BlockQ5_1 { uint16_t d, m; uint8_t qh[4]; uint8_t qs[16]; };
// w = d * q
struct BlockQ8_0 { uint16_t d; int8_t qs[32]; };
// 8 sub-blocks of 32 with 6-bit scales and mins packed in 12 bytes (scaleMinK4):
// w = d * sc * q - dmin * mn; sub-block 2c in the low nibbles of qs[32c .. 32c+32), 2c+1 in the high.
struct BlockQ4_K { uint16_t d, dmin; uint8_t scales[12]; uint8_t qs[128]; };
// As Q4_K with a fifth bit: bit s of qh[l] for weight l of sub-block s.
struct BlockQ5_K { uint16_t d, dmin; uint8_t scales[12]; uint8_t qh[32]; uint8_t qs[128]; };
// 16 sub-blocks of 16 with int8 scales: w = d * sc * (q - 32), q 6 bits: 4 in ql, 2 in qh.
struct BlockQ6_K { uint8_t ql[128]; uint8_t qh[64]; int8_t scales[16]; uint16_t d; };

static_assert(sizeof(BlockQ4_0) == 18 && sizeof(BlockQ4_1) == 20 && sizeof(BlockQ5_0) == 22 &&
              sizeof(BlockQ5_1) == 24 && sizeof(BlockQ8_0) == 34 && sizeof(BlockQ4_K) == 144 &&
              sizeof(BlockQ5_K) == 176 && sizeof(BlockQ6_K) == 210,
              "ggml block layouts");

// Scale and min of sub-block j (0..7) of a Q4_K / Q5_K block, 6 bits each (get_scale_min_k4).
inline void scaleMinK4(int j, const uint8_t* q, uint8_t* sc, uint8_t* mn) {
    if (j < 4) {
        *sc = q[j] & 63;
        *mn = q[j + 4] & 63;
    } else {
        *sc = static_cast<uint8_t>((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
        *mn = static_cast<uint8_t>((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

}  // namespace persona::quant
