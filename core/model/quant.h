// GGUF tensor types on the CPU: dequantization of every type the decode step runs (F32, F16,
// BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K), the quantizers `convert` needs (F16,
// BF16, Q8_0, Q4_K, as ggml's reference quantizers), and the fused dequantize-dot row kernels of
// the decode step: y[r] = sum_j w(r, j) * x[j] computed in float on the dequantized weights (the
// activations are not rounded, unlike llama.cpp's Q8 dot products), with the instruction set the
// decode kernels use (model/decode_kernels.h: forceKernelIsa switches these too).
// No torch here.
#pragma once

#include "tensorio/gguf_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace persona::quant {

using tensorio::GgmlType;

// The types below: true for the eleven listed above.
bool isDecodable(GgmlType type);
// Bytes of a row of n weights (n a multiple of the type's block size).
uint64_t rowBytes(GgmlType type, int64_t n);

// dst[0, n) = the weights of one row; n a multiple of the block size.
void dequantizeRow(GgmlType type, const void* src, float* dst, int64_t n);

// quantize_row_q8_0_ref and quantize_row_q4_K_ref of ggml (the same bytes for the same input).
void quantizeRowQ8_0(const float* src, void* dst, int64_t n);
void quantizeRowQ4_K(const float* src, void* dst, int64_t n);
// rows x n floats into F32, F16, BF16, Q8_0 or Q4_K rows (InvalidArgument for other types or an
// n that is not a whole number of blocks).
std::vector<uint8_t> quantizeRows(GgmlType type, const float* src, int64_t rows, int64_t n);

// y[r] = dot(row r, x) for r in [r0, r1): W holds rows of n weights, rowBytes(type, n) apart.
void dotRows(GgmlType type, const void* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y);

// The instruction set dotRows uses now ("avx512", "avx2-fma", "generic"), as decodeKernelIsa().
std::string kernelIsa();

}  // namespace persona::quant
