// The fused Llama-family decode step (model/llama_decode.h). Compiled with -fopenmp like
// model/decode_kernels.cpp; the matrix work goes through that file's row kernels.
#include "model/llama_decode.h"

#include <omp.h>

#include <algorithm>
#include <cmath>

namespace persona::detail {
namespace {

constexpr int64_t padded(int64_t floats) { return (floats + 15) / 16 * 16; }

inline std::pair<int64_t, int64_t> share(int64_t n, int tid, int threads) {
    return {n * tid / threads, n * (tid + 1) / threads};
}

// HF LlamaRMSNorm in F32: x / sqrt(mean(x²) + eps) · w.
void rmsNorm(const float* x, const float* w, float* y, int64_t n, double eps) {
    double sq = 0;
    for (int64_t i = 0; i < n; ++i) sq += static_cast<double>(x[i]) * x[i];
    const auto r = static_cast<float>(1.0 / std::sqrt(sq / static_cast<double>(n) + eps));
    for (int64_t i = 0; i < n; ++i) y[i] = w[i] * (x[i] * r);
}

// HF's rotate-half RoPE on one head: (x1, x2) -> (x1 cos - x2 sin, x2 cos + x1 sin).
void rope(float* h, const float* cosv, const float* sinv, int64_t HD) {
    const int64_t half = HD / 2;
    for (int64_t i = 0; i < half; ++i) {
        const float x1 = h[i], x2 = h[i + half];
        h[i] = x1 * cosv[i] - x2 * sinv[i];
        h[i + half] = x2 * cosv[i] + x1 * sinv[i];
    }
}

inline float silu(float x) { return x / (1.0f + std::exp(-x)); }

struct StepArgs {
    const LlamaDecodeModel& m;
    int64_t pos;
    float* logits;
    float* scratch;
};

struct Buffers {
    float *x, *qkv, *att, *hid, *up, *proj, *cosv, *sinv, *a, *scores;
};

Buffers buffers(const LlamaDecodeModel& m, float* scratch, int tid) {
    const int64_t qDim = m.NH * m.HD, kvDim = m.NKV * m.HD;
    Buffers b{};
    b.x = scratch;                                // (C) the residual stream
    b.qkv = b.x + padded(m.C);                    // (NH HD + 2 NKV HD)
    b.att = b.qkv + padded(qDim + 2 * kvDim);     // (NH HD)
    b.hid = b.att + padded(qDim);                 // (I) gate, then silu(gate) · up
    b.up = b.hid + padded(m.I);                   // (I)
    b.proj = b.up + padded(m.I);                  // (C) a projection before the residual add
    b.cosv = b.proj + padded(m.C);                // (HD / 2)
    b.sinv = b.cosv + padded(m.HD / 2);           // (HD / 2)
    float* perThread = b.sinv + padded(m.HD / 2);
    b.a = perThread + tid * (padded(m.C) + padded(m.cacheCapacity));  // (C) this thread's norm(x)
    b.scores = b.a + padded(m.C);                                      // (S) one head's weights
    return b;
}

// Rows [o0, o1) of the stacked q | k | v outputs, each from its own matrix, plus biases.
void qkvRows(const LlamaDecodeModel& m, const LlamaDecodeLayer& L, const float* a, float* qkv, int64_t o0, int64_t o1) {
    const int64_t qDim = m.NH * m.HD, kvDim = m.NKV * m.HD;
    const DecodeMatrix* mats[3] = {&L.q, &L.k, &L.v};
    const float* biases[3] = {L.qBias, L.kBias, L.vBias};
    const int64_t begin[4] = {0, qDim, qDim + kvDim, qDim + 2 * kvDim};
    for (int part = 0; part < 3; ++part) {
        const int64_t r0 = std::max(o0, begin[part]) - begin[part], r1 = std::min(o1, begin[part + 1]) - begin[part];
        if (r0 >= r1) continue;
        float* y = qkv + begin[part];
        dotRowsTyped(m.weights, *mats[part], a, m.C, r0, r1, y);
        if (biases[part])
            for (int64_t r = r0; r < r1; ++r) y[r] += biases[part][r];
    }
}

// Query or key head `h` of this position: per-head RMSNorm (Qwen3), RoPE; keys and values go to
// the cache.
void finishHeads(const LlamaDecodeModel& m, const LlamaDecodeLayer& L, const Buffers& b, int64_t pos, int64_t h0,
                 int64_t h1) {
    const int64_t HD = m.HD, cap = m.cacheCapacity;
    float* q = b.qkv;
    float* k = b.qkv + m.NH * HD;
    float* v = k + m.NKV * HD;
    for (int64_t h = h0; h < h1; ++h) {
        const bool isKey = h >= m.NH;
        const int64_t head = isKey ? h - m.NH : h;
        float* vec = (isKey ? k : q) + head * HD;
        if (const float* w = isKey ? L.kNorm : L.qNorm) rmsNorm(vec, w, vec, HD, m.eps);
        rope(vec, b.cosv, b.sinv, HD);
        if (isKey) {
            std::copy(vec, vec + HD, L.keys + (head * cap + pos) * HD);
            std::copy(v + head * HD, v + (head + 1) * HD, L.values + (head * cap + pos) * HD);
        }
    }
}

void attendHeads(const LlamaDecodeModel& m, const LlamaDecodeLayer& L, const Buffers& b, int64_t pos, int64_t h0,
                 int64_t h1) {
    const int64_t HD = m.HD, cap = m.cacheCapacity, group = m.NH / m.NKV, S = pos + 1;
    const int64_t lo = L.window > 0 ? std::max<int64_t>(0, S - L.window) : 0;
    const float scale = 1.0f / std::sqrt(static_cast<float>(HD));
    for (int64_t h = h0; h < h1; ++h) {
        const int64_t kv = h / group;
        const float* keys = L.keys + kv * cap * HD;
        const float* values = L.values + kv * cap * HD;
        dotRows(keys, b.qkv + h * HD, HD, lo, S, b.scores);  // scores[s] = q · k_s
        float best = -INFINITY;
        for (int64_t s = lo; s < S; ++s) best = std::max(best, b.scores[s] *= scale);
        double total = 0;
        for (int64_t s = lo; s < S; ++s) total += (b.scores[s] = std::exp(b.scores[s] - best));
        const auto inv = static_cast<float>(1.0 / total);
        for (int64_t s = lo; s < S; ++s) b.scores[s] *= inv;
        accumulateColumns(b.scores + lo, values + lo * HD, HD, S - lo, 0, HD, b.att + h * HD);  // Σ p_s v_s
    }
}

void runLayer(const LlamaDecodeModel& m, const LlamaDecodeLayer& L, const Buffers& b, int64_t pos, int tid, int nt) {
    const int64_t C = m.C, qDim = m.NH * m.HD, kvDim = m.NKV * m.HD;
    // --- attention: x += o(attn(rope(q), rope(k), v)) of norm(x) ---
    rmsNorm(b.x, L.inputNorm, b.a, C, m.eps);  // every thread its own copy: no barrier
    {
        const auto [o0, o1] = share(qDim + 2 * kvDim, tid, nt);
        qkvRows(m, L, b.a, b.qkv, o0, o1);
    }
#pragma omp barrier
    {
        const auto [h0, h1] = share(m.NH + m.NKV, tid, nt);
        finishHeads(m, L, b, pos, h0, h1);
    }
#pragma omp barrier
    {
        const auto [h0, h1] = share(m.NH, tid, nt);
        attendHeads(m, L, b, pos, h0, h1);
    }
#pragma omp barrier
    {
        const auto [o0, o1] = share(C, tid, nt);
        dotRowsTyped(m.weights, L.o, b.att, qDim, o0, o1, b.proj);
        for (int64_t o = o0; o < o1; ++o) b.x[o] += b.proj[o] + (L.oBias ? L.oBias[o] : 0.0f);
    }
#pragma omp barrier
    // --- MLP: x += down(silu(gate(h)) · up(h)), h = norm(x) ---
    rmsNorm(b.x, L.postNorm, b.a, C, m.eps);
    {
        const auto [o0, o1] = share(m.I, tid, nt);
        dotRowsTyped(m.weights, L.gate, b.a, C, o0, o1, b.hid);
        dotRowsTyped(m.weights, L.up, b.a, C, o0, o1, b.up);
        for (int64_t o = o0; o < o1; ++o) {
            const float g = b.hid[o] + (L.gateBias ? L.gateBias[o] : 0.0f);
            const float u = b.up[o] + (L.upBias ? L.upBias[o] : 0.0f);
            b.hid[o] = silu(g) * u;
        }
    }
#pragma omp barrier
    {
        const auto [o0, o1] = share(C, tid, nt);
        dotRowsTyped(m.weights, L.down, b.hid, m.I, o0, o1, b.proj);
        for (int64_t o = o0; o < o1; ++o) b.x[o] += b.proj[o] + (L.downBias ? L.downBias[o] : 0.0f);
    }
#pragma omp barrier
}

void runStep(const StepArgs& args, int tid, int nt) {
    const LlamaDecodeModel& m = args.m;
    const Buffers b = buffers(m, args.scratch, tid);
    for (const LlamaDecodeLayer& L : m.layers) runLayer(m, L, b, args.pos, tid, nt);
    rmsNorm(b.x, m.norm, b.a, m.C, m.eps);
    const auto [r0, r1] = share(m.V, tid, nt);
    dotRowsTyped(m.weights, m.head, b.a, m.C, r0, r1, args.logits);
}

float embedValue(DecodeWeightType type, const void* row, int64_t i) {
    switch (type) {
        case DecodeWeightType::F16: return halfToFloat(static_cast<const uint16_t*>(row)[i]);
        case DecodeWeightType::BF16: return bf16ToFloat(static_cast<const uint16_t*>(row)[i]);
        default: return static_cast<const float*>(row)[i];
    }
}

}  // namespace

int64_t llamaDecodeScratchFloats(const LlamaDecodeModel& m, int threads) {
    threads = std::max(1, threads);
    const int64_t qDim = m.NH * m.HD, kvDim = m.NKV * m.HD;
    const int64_t shared =
        2 * padded(m.C) + padded(qDim + 2 * kvDim) + padded(qDim) + 2 * padded(m.I) + 2 * padded(m.HD / 2);
    return shared + threads * (padded(m.C) + padded(m.cacheCapacity));
}

void llamaDecodeStep(const LlamaDecodeModel& m, int64_t id, int64_t pos, float* logits, float* scratch, int threads) {
    threads = std::max(1, threads);
    const Buffers b = buffers(m, scratch, 0);
    const size_t elem = m.embedType == DecodeWeightType::F32 ? 4 : 2;
    const void* row = static_cast<const char*>(m.embed) + static_cast<size_t>(id * m.C) * elem;
    for (int64_t c = 0; c < m.C; ++c) b.x[c] = embedValue(m.embedType, row, c);
    // cos / sin of this position, once: angle = pos · inv_freq in F32, as transformers has it.
    for (int64_t i = 0; i < m.HD / 2; ++i) {
        const float angle = static_cast<float>(pos) * m.invFreq[i];
        b.cosv[i] = std::cos(angle);
        b.sinv[i] = std::sin(angle);
    }
    const StepArgs args{m, pos, logits, scratch};
    if (threads == 1) {  // libgomp mallocs a one-thread team per region: skip it
        runStep(args, 0, 1);
        return;
    }
#pragma omp parallel num_threads(threads)
    runStep(args, omp_get_thread_num(), omp_get_num_threads());
}

}  // namespace persona::detail
