// The fused GPT-2 decoding step on the CPU in F32: one new token of one sequence, every weight read
// once, straight from the module's own parameters (no packed copy, no layout change, so loading,
// saving and training see the same tensors). Plain C++ on raw pointers, no torch: the torch-facing
// part (model/gpt2.cpp) gathers the pointers and checks dtype, device and contiguity.
//
// Why: at batch 1 a decode step is a chain of matrix-vector products whose cost is streaming the
// weights from memory; libtorch's addmm on a 1-row input streams a Conv1D [in, out] weight at well
// below the machine's bandwidth, and the ~25 small ops per layer each allocate and dispatch. Here
// the threads split each weight into contiguous row blocks (pure sequential streams), the small
// ops (layer norm, attention over the cache, GELU, residuals) run in the same OpenMP region, and
// every buffer comes from a workspace sized once (nothing is allocated per step). Each thread
// owns a block of output columns of every matrix (so no partial sums to combine, five barriers
// per layer, and results independent of the thread count).
//
// Legend: C channels, NH heads, HD head size, S positions attended (cached + 1), V vocabulary.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace persona::detail {

enum class DecodeActivation { GeluTanh, GeluErf, Relu };

// How the step reads its weight matrices. F32: the module's own Conv1D parameters, [in, out], no
// copy. The others: a packed copy (model/packed_weights.h) in [out, in] layout, one contiguous row
// per output, so that each output is one dot product over a row (F32 accumulation): F16 and BF16
// (2 bytes per weight), I8 (1 byte per weight and one F32 scale per row: w = scale[r] * q).
enum class DecodeWeightType { F32, F16, BF16, I8 };

struct DecodeMatrix {
    const void* data = nullptr;     // (rows, cols) of the DecodeWeightType
    const float* scales = nullptr;  // (rows) for I8, else null
};

struct Gpt2DecodeLayer {
    const float *ln1W, *ln1B;          // (C)
    const float *attnW, *attnB;        // c_attn: (C, 3C), (3C)
    const float *attnProjW, *attnProjB;// attn.c_proj: (C, C), (C)
    const float *ln2W, *ln2B;          // (C)
    const float *fcW, *fcB;            // mlp.c_fc: (C, 4C), (4C)
    const float *mlpProjW, *mlpProjB;  // mlp.c_proj: (4C, C), (C)
    float* keys;                       // cache (NH, capacity, HD)
    float* values;                     // cache (NH, capacity, HD)
    // Packed [out, in] copies of the four matrices, used when the model's weights are not F32.
    DecodeMatrix attnP, attnProjP, fcP, mlpProjP;
};

struct Gpt2DecodeModel {
    int64_t C = 0, NH = 0, V = 0;
    double eps = 1e-5;
    DecodeActivation activation = DecodeActivation::GeluTanh;
    const float* wte = nullptr;  // (V, C), also the tied LM head
    const float* wpe = nullptr;  // (n_positions, C)
    const float *lnfW = nullptr, *lnfB = nullptr;
    std::vector<Gpt2DecodeLayer> layers;
    int64_t cacheCapacity = 0;   // positions per layer in keys/values
    DecodeWeightType weights = DecodeWeightType::F32;
    DecodeMatrix head;           // packed wte (V, C) for the LM head when weights is not F32
};

// Floats of scratch the step needs for this shape and thread count.
int64_t decodeScratchFloats(const Gpt2DecodeModel& model, int threads);

// Runs token `id` at position `pos` (its keys/values are written at `pos`; positions [0, pos) of
// the cache must hold the earlier tokens) and writes the V logits. `scratch` holds at least
// decodeScratchFloats(model, threads) floats. threads <= 0: one.
void gpt2DecodeStep(const Gpt2DecodeModel& model, int64_t id, int64_t pos, float* logits, float* scratch,
                    int threads);

// The building blocks, exposed for tests and the benchmark. Each runs on the calling thread over
// a range, with the instruction set chosen at start-up (AVX2 + FMA when the CPU has them). Every
// output element is computed by the same sequence of operations whatever the range it falls in,
// so splitting the work between threads never changes a result: the step gives the same logits,
// bit for bit, with any thread count (and sampling gives the same text).
//   accumulateColumns: y[o] = sum_{i < in} x[i] * W[i * ldw + o], o in [o0, o1)   (W: [in, ldw])
//   dotRows:           y[r] = sum_{j < n} W[r * n + j] * x[j],     r in [r0, r1)   (W: [rows, n])
void accumulateColumns(const float* x, const float* W, int64_t ldw, int64_t in, int64_t o0, int64_t o1, float* y);
void dotRows(const float* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y);
//   dotRowsF16:     the same over IEEE half-precision rows (F32 accumulation): half the bytes.
//   dotRowsBF16:    the same over bfloat16 rows (the top 16 bits of an F32).
//   dotRowsI8:      y[r] = scale[r] * sum_j q[r * n + j] * x[j], int8 rows with one F32 scale each.
void dotRowsF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y);
void dotRowsBF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y);
void dotRowsI8(const int8_t* W, const float* scale, const float* x, int64_t n, int64_t r0, int64_t r1, float* y);
// dotRows of any DecodeWeightType (F32 rows included).
void dotRowsTyped(DecodeWeightType type, const DecodeMatrix& W, const float* x, int64_t n, int64_t r0, int64_t r1,
                  float* y);
// IEEE 754 binary16 conversions (round to nearest even; inf/NaN kept).
uint16_t floatToHalf(float f);
float halfToFloat(uint16_t h);
// bfloat16: round to nearest even (NaN kept quiet); back is exact (a 16-bit shift).
uint16_t floatToBf16(float f);
float bf16ToFloat(uint16_t h);

// "avx512", "avx2-fma" or "generic": what the kernels above use (avx512 changes only the narrow
// row kernels). decodeKernelIsas(): every set this build has and this CPU runs, best last.
// forceKernelIsa(name) switches to one of them (false if not usable), "" back to the best; tests
// run every set, the benchmark can report any. forceGenericKernels(true) = forceKernelIsa("generic").
std::string decodeKernelIsa();
std::vector<std::string> decodeKernelIsas();
bool forceKernelIsa(const std::string& isa);
void forceGenericKernels(bool generic);

}  // namespace persona::detail
