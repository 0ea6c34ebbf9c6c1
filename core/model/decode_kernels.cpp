// The fused F32 decode step and the kernel dispatch (see model/decode_kernels.h). Compiled with
// -fopenmp (model/sources.cmake): the threads are libgomp's, the same pool libtorch uses, so the
// step and torch's own ops never compete with a second pool on a small machine.
#include "model/decode_kernels.h"

#include "model/decode_kernels_isa.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <vector>

namespace persona::detail {

namespace generic {

void accumulateColumns(const float* x, const float* W, int64_t ldw, int64_t in, int64_t o0, int64_t o1, float* y) {
    std::fill(y + o0, y + o1, 0.0f);
    for (int64_t i = 0; i < in; ++i) {
        const float xi = x[i];
        const float* w = W + i * ldw;
        for (int64_t o = o0; o < o1; ++o) y[o] += xi * w[o];
    }
}

float dot(const float* a, const float* b, int64_t n) {
    float s = 0;
    for (int64_t j = 0; j < n; ++j) s += a[j] * b[j];
    return s;
}

void dotRows(const float* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    for (int64_t r = r0; r < r1; ++r) y[r] = dot(W + r * n, x, n);
}

void axpy(float alpha, const float* x, float* y, int64_t n) {
    for (int64_t j = 0; j < n; ++j) y[j] += alpha * x[j];
}

void dotRowsF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    for (int64_t r = r0; r < r1; ++r) {
        float s = 0;
        for (int64_t j = 0; j < n; ++j) s += halfToFloat(W[r * n + j]) * x[j];
        y[r] = s;
    }
}

void dotRowsBF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    for (int64_t r = r0; r < r1; ++r) {
        float s = 0;
        for (int64_t j = 0; j < n; ++j) s += bf16ToFloat(W[r * n + j]) * x[j];
        y[r] = s;
    }
}

void dotRowsI8(const int8_t* W, const float* scale, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    for (int64_t r = r0; r < r1; ++r) {
        float s = 0;
        for (int64_t j = 0; j < n; ++j) s += static_cast<float>(W[r * n + j]) * x[j];
        y[r] = s * scale[r];
    }
}

}  // namespace generic

uint16_t floatToBf16(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // NaN stays NaN
    x += 0x7fffu + ((x >> 16) & 1u);                                                     // to nearest even
    return static_cast<uint16_t>(x >> 16);
}

float bf16ToFloat(uint16_t h) {
    const uint32_t x = static_cast<uint32_t>(h) << 16;
    float f;
    std::memcpy(&f, &x, 4);
    return f;
}

uint16_t floatToHalf(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    const uint32_t sign = (x >> 16) & 0x8000u;
    const uint32_t exp = (x >> 23) & 0xffu;
    uint32_t mant = x & 0x7fffffu;
    if (exp == 0xffu) return static_cast<uint16_t>(sign | 0x7c00u | (mant ? 0x200u : 0u));  // inf / NaN
    int e = static_cast<int>(exp) - 127 + 15;
    if (e >= 0x1f) return static_cast<uint16_t>(sign | 0x7c00u);                             // overflow
    if (e <= 0) {                                                                            // subnormal / zero
        if (e < -10) return static_cast<uint16_t>(sign);
        mant |= 0x800000u;
        const int shift = 14 - e;
        uint32_t half = mant >> shift;
        const uint32_t rest = mant & ((1u << shift) - 1), mid = 1u << (shift - 1);
        if (rest > mid || (rest == mid && (half & 1u))) ++half;
        return static_cast<uint16_t>(sign | half);
    }
    uint32_t half = (static_cast<uint32_t>(e) << 10) | (mant >> 13);
    const uint32_t rest = mant & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;  // may carry into the exponent: right
    return static_cast<uint16_t>(sign | half);
}

float halfToFloat(uint16_t h) {
    const uint32_t sign = (h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu, x;
    if (exp == 0x1fu) {
        x = sign | 0x7f800000u | (mant << 13);
    } else if (exp == 0) {
        if (mant == 0) {
            x = sign;
        } else {  // subnormal: normalise
            int e = -1;
            do {
                ++e;
                mant <<= 1;
            } while (!(mant & 0x400u));
            x = sign | (static_cast<uint32_t>(127 - 15 - e) << 23) | ((mant & 0x3ffu) << 13);
        }
    } else {
        x = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    float f;
    std::memcpy(&f, &x, 4);
    return f;
}

namespace {

struct Kernels {
    void (*accumulateColumns)(const float*, const float*, int64_t, int64_t, int64_t, int64_t, float*);
    void (*dotRows)(const float*, const float*, int64_t, int64_t, int64_t, float*);
    float (*dot)(const float*, const float*, int64_t);
    void (*axpy)(float, const float*, float*, int64_t);
    void (*dotRowsF16)(const uint16_t*, const float*, int64_t, int64_t, int64_t, float*);
    void (*dotRowsBF16)(const uint16_t*, const float*, int64_t, int64_t, int64_t, float*);
    void (*dotRowsI8)(const int8_t*, const float*, const float*, int64_t, int64_t, int64_t, float*);
    const char* name;
};

#define PERSONA_KERNEL_TABLE(ns, name)                                                                         \
    Kernels { ns::accumulateColumns, ns::dotRows, ns::dot, ns::axpy, ns::dotRowsF16, ns::dotRowsBF16, ns::dotRowsI8, \
              name }
constexpr Kernels kGeneric = PERSONA_KERNEL_TABLE(generic, "generic");
#ifdef PERSONA_HAVE_AVX2_KERNELS
constexpr Kernels kAvx2 = PERSONA_KERNEL_TABLE(avx2, "avx2-fma");
#endif
#ifdef PERSONA_HAVE_AVX512_KERNELS
constexpr Kernels kAvx512{avx2::accumulateColumns, avx2::dotRows,         avx2::dot,         avx2::axpy,
                          avx512::dotRowsF16,      avx512::dotRowsBF16,   avx512::dotRowsI8, "avx512"};
#endif
#undef PERSONA_KERNEL_TABLE

// Every kernel set this build has and this CPU runs, best last.
std::vector<const Kernels*> usableKernels() {
    std::vector<const Kernels*> sets{&kGeneric};
#ifdef PERSONA_HAVE_AVX2_KERNELS
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                      __builtin_cpu_supports("f16c");
    if (avx2) sets.push_back(&kAvx2);
#ifdef PERSONA_HAVE_AVX512_KERNELS
    if (avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl"))
        sets.push_back(&kAvx512);
#endif
#endif
    return sets;
}

const std::vector<const Kernels*>& kernelSets() {
    static const std::vector<const Kernels*> sets = usableKernels();
    return sets;
}

std::atomic<const Kernels*> g_forced{nullptr};

const Kernels& kernels() {
    const Kernels* forced = g_forced.load(std::memory_order_relaxed);
    return forced ? *forced : *kernelSets().back();
}

// Rounds a float count up to a whole cache line, so that per-thread buffers never share one.
constexpr int64_t padded(int64_t floats) { return (floats + 15) / 16 * 16; }

// [begin, end) of `n` items for thread `tid` of `threads`.
inline std::pair<int64_t, int64_t> share(int64_t n, int tid, int threads) {
    return {n * tid / threads, n * (tid + 1) / threads};
}

// The same over columns, with inner boundaries on whole cache lines (16 floats).
inline std::pair<int64_t, int64_t> shareColumns(int64_t n, int tid, int threads) {
    auto edge = [&](int t) { return t == threads ? n : std::min(n, n * t / threads / 16 * 16); };
    return {edge(tid), edge(tid + 1)};
}

// HF/torch layer norm over C: biased variance, eps inside the square root.
void layerNorm(const float* x, const float* w, const float* b, float* y, int64_t C, double eps) {
    double sum = 0;
    for (int64_t c = 0; c < C; ++c) sum += x[c];
    const double mean = sum / static_cast<double>(C);
    double sq = 0;
    for (int64_t c = 0; c < C; ++c) sq += (x[c] - mean) * (x[c] - mean);
    const float rstd = static_cast<float>(1.0 / std::sqrt(sq / static_cast<double>(C) + eps));
    const float m = static_cast<float>(mean);
    for (int64_t c = 0; c < C; ++c) y[c] = (x[c] - m) * rstd * w[c] + b[c];
}

inline float activate(DecodeActivation a, float x) {
    switch (a) {
        case DecodeActivation::GeluTanh: {
            constexpr float kBeta = 0.7978845608028654f;  // sqrt(2 / pi)
            return 0.5f * x * (1.0f + std::tanh(kBeta * (x + 0.044715f * x * x * x)));
        }
        case DecodeActivation::GeluErf: return 0.5f * x * (1.0f + std::erf(x * 0.7071067811865476f));
        case DecodeActivation::Relu: return x > 0 ? x : 0.0f;
    }
    return x;
}

// y[r0, r1) of a packed matrix of any type.
void typedRows(const Kernels& k, DecodeWeightType type, const DecodeMatrix& W, const float* x, int64_t n, int64_t r0,
               int64_t r1, float* y) {
    switch (type) {
        case DecodeWeightType::F32: k.dotRows(static_cast<const float*>(W.data), x, n, r0, r1, y); return;
        case DecodeWeightType::F16: k.dotRowsF16(static_cast<const uint16_t*>(W.data), x, n, r0, r1, y); return;
        case DecodeWeightType::BF16: k.dotRowsBF16(static_cast<const uint16_t*>(W.data), x, n, r0, r1, y); return;
        case DecodeWeightType::I8: k.dotRowsI8(static_cast<const int8_t*>(W.data), W.scales, x, n, r0, r1, y); return;
    }
}

}  // namespace

void accumulateColumns(const float* x, const float* W, int64_t ldw, int64_t in, int64_t o0, int64_t o1, float* y) {
    kernels().accumulateColumns(x, W, ldw, in, o0, o1, y);
}

void dotRows(const float* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    kernels().dotRows(W, x, n, r0, r1, y);
}

void dotRowsF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    kernels().dotRowsF16(W, x, n, r0, r1, y);
}

void dotRowsBF16(const uint16_t* W, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    kernels().dotRowsBF16(W, x, n, r0, r1, y);
}

void dotRowsI8(const int8_t* W, const float* scale, const float* x, int64_t n, int64_t r0, int64_t r1, float* y) {
    kernels().dotRowsI8(W, scale, x, n, r0, r1, y);
}

void dotRowsTyped(DecodeWeightType type, const DecodeMatrix& W, const float* x, int64_t n, int64_t r0, int64_t r1,
                  float* y) {
    typedRows(kernels(), type, W, x, n, r0, r1, y);
}

std::string decodeKernelIsa() { return kernels().name; }

std::vector<std::string> decodeKernelIsas() {
    std::vector<std::string> names;
    for (const Kernels* k : kernelSets()) names.emplace_back(k->name);
    return names;
}

bool forceKernelIsa(const std::string& isa) {
    if (isa.empty()) {
        g_forced = nullptr;
        return true;
    }
    for (const Kernels* k : kernelSets())
        if (isa == k->name) {
            g_forced = k;
            return true;
        }
    return false;
}

void forceGenericKernels(bool generic) { forceKernelIsa(generic ? "generic" : ""); }

int64_t decodeScratchFloats(const Gpt2DecodeModel& m, int threads) {
    threads = std::max(1, threads);
    const int64_t C = m.C;
    const int64_t shared = padded(C) + padded(3 * C) + padded(C) + padded(4 * C) + padded(C);
    const int64_t perThread = padded(C) + padded(m.cacheCapacity);
    return shared + threads * perThread;
}

namespace {

struct StepArgs {
    const Gpt2DecodeModel& m;
    int64_t pos;
    float* logits;
    float* scratch;
};

// The whole step as run by thread `tid` of `nt`; called inside an OpenMP parallel region, or
// directly for one thread (where the barriers are no-ops: libgomp mallocs a one-thread team for
// every parallel region, so one thread skips the region to stay allocation-free).
void runStep(const StepArgs& args, int tid, int nt) {
    const Gpt2DecodeModel& m = args.m;
    const Kernels& k = kernels();
    const int64_t pos = args.pos;
    const int64_t C = m.C, NH = m.NH, HD = C / NH, S = pos + 1, cap = m.cacheCapacity;
    const float scale = 1.0f / std::sqrt(static_cast<float>(HD));
    float* x = args.scratch;           // (C) the residual stream, set by the caller
    float* qkv = x + padded(C);        // (3C)
    float* att = qkv + padded(3 * C);  // (C) attention output, heads side by side
    float* hid = att + padded(C);      // (4C) MLP hidden
    float* proj = hid + padded(4 * C); // (C) output of a c_proj before the residual add
    float* a = proj + padded(C) + tid * (padded(C) + padded(cap));  // (C) this thread's ln(x)
    float* scores = a + padded(C);                                   // (S) one head's weights

    // y[o0, o1) = in · W[:, o0:o1] for this thread's columns of W [inDim, outDim] (F32), or the
    // same outputs as dot products over rows [o0, o1) of the packed copy P [outDim, inDim]; the
    // caller finishes its own outputs (bias, activation, residual) before the next barrier.
    const bool packed = m.weights != DecodeWeightType::F32;
    auto gemv = [&](const float* in, const float* W, const DecodeMatrix& P, int64_t inDim, int64_t outDim, float* y) {
        const auto range = shareColumns(outDim, tid, nt);
        if (packed)
            typedRows(k, m.weights, P, in, inDim, range.first, range.second, y);
        else
            k.accumulateColumns(in, W, outDim, inDim, range.first, range.second, y);
        return range;
    };

    for (const Gpt2DecodeLayer& L : m.layers) {
        // --- attention: x += c_proj(attn(ln_1(x))) ---
        layerNorm(x, L.ln1W, L.ln1B, a, C, m.eps);  // every thread its own copy: no barrier
        {
            const auto [o0, o1] = gemv(a, L.attnW, L.attnP, C, 3 * C, qkv);
            for (int64_t o = o0; o < o1; ++o) {
                const float v = qkv[o] + L.attnB[o];
                qkv[o] = v;
                // keys/values of this position go straight into the cache (NH, cap, HD)
                if (o >= C) {
                    const int64_t j = (o - C) % C, h = j / HD, d = j % HD;
                    (o < 2 * C ? L.keys : L.values)[(h * cap + pos) * HD + d] = v;
                }
            }
        }
#pragma omp barrier
        {
            const auto [h0, h1] = share(NH, tid, nt);
            for (int64_t h = h0; h < h1; ++h) {
                const float* q = qkv + h * HD;
                const float* keys = L.keys + h * cap * HD;
                const float* values = L.values + h * cap * HD;
                float best = -INFINITY;
                for (int64_t s = 0; s < S; ++s) {
                    scores[s] = k.dot(q, keys + s * HD, HD) * scale;
                    best = std::max(best, scores[s]);
                }
                double total = 0;
                for (int64_t s = 0; s < S; ++s) {
                    scores[s] = std::exp(scores[s] - best);
                    total += scores[s];
                }
                const float inv = static_cast<float>(1.0 / total);
                float* y = att + h * HD;
                std::fill(y, y + HD, 0.0f);
                for (int64_t s = 0; s < S; ++s) k.axpy(scores[s] * inv, values + s * HD, y, HD);
            }
        }
#pragma omp barrier
        {
            const auto [o0, o1] = gemv(att, L.attnProjW, L.attnProjP, C, C, proj);
            for (int64_t o = o0; o < o1; ++o) x[o] += proj[o] + L.attnProjB[o];
        }
#pragma omp barrier
        // --- MLP: x += c_proj(act(c_fc(ln_2(x)))) ---
        layerNorm(x, L.ln2W, L.ln2B, a, C, m.eps);
        {
            const auto [o0, o1] = gemv(a, L.fcW, L.fcP, C, 4 * C, hid);
            for (int64_t o = o0; o < o1; ++o) hid[o] = activate(m.activation, hid[o] + L.fcB[o]);
        }
#pragma omp barrier
        {
            const auto [o0, o1] = gemv(hid, L.mlpProjW, L.mlpProjP, 4 * C, C, proj);
            for (int64_t o = o0; o < o1; ++o) x[o] += proj[o] + L.mlpProjB[o];
        }
#pragma omp barrier
    }
    // --- ln_f and the tied LM head: logits = wte · ln_f(x), rows split between threads ---
    layerNorm(x, m.lnfW, m.lnfB, a, C, m.eps);
    const auto [r0, r1] = share(m.V, tid, nt);
    if (packed)
        typedRows(k, m.weights, m.head, a, C, r0, r1, args.logits);
    else
        k.dotRows(m.wte, a, C, r0, r1, args.logits);
}

}  // namespace

void gpt2DecodeStep(const Gpt2DecodeModel& m, int64_t id, int64_t pos, float* logits, float* scratch,
                    int threads) {
    threads = std::max(1, threads);
    const int64_t C = m.C;
    const float* te = m.wte + id * C;
    const float* pe = m.wpe + pos * C;
    for (int64_t c = 0; c < C; ++c) scratch[c] = te[c] + pe[c];  // x, the residual stream
    const StepArgs args{m, pos, logits, scratch};
    if (threads == 1) {
        runStep(args, 0, 1);
        return;
    }
#pragma omp parallel num_threads(threads)
    runStep(args, omp_get_thread_num(), omp_get_num_threads());
}

}  // namespace persona::detail
