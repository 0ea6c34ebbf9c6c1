// persona-cli bench kernels (persona/bench/kernel_bench.h). No torch; OpenMP directly, the same
// libgomp pool as the decode step, so the read kernel and the row kernels run on the same threads.
#include "persona/bench/kernel_bench.h"

#include "model/decode_kernels.h"
#include "model/quant.h"
#include "persona/bench/memory_bandwidth.h"
#include "persona/error.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace persona::bench {

namespace {

using Clock = std::chrono::steady_clock;
using tensorio::GgmlType;

struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<uint8_t[], FreeDeleter>;

Buffer allocate(int64_t bytes) {
    const auto rounded = static_cast<size_t>((bytes + 63) / 64 * 64);
    auto* p = static_cast<uint8_t*>(std::aligned_alloc(64, rounded));
    if (p == nullptr) throw Error("bench kernels: cannot allocate " + std::to_string(bytes) + " bytes");
    return Buffer(p);
}

int64_t defaultBytes(int64_t requested) {
    return requested > 0 ? requested : std::max<int64_t>(int64_t{256} << 20, 2 * lastLevelCacheBytes());
}

inline std::pair<int64_t, int64_t> share(int64_t n, int tid, int threads) {
    return {n * tid / threads, n * (tid + 1) / threads};
}

typedef float V8 __attribute__((vector_size(32)));

// Sums floats [begin, end) with eight independent vector accumulators (no writes to memory).
float readRange(const float* p, int64_t begin, int64_t end) {
    V8 a[8] = {};
    int64_t i = begin;
    for (; i + 64 <= end; i += 64)
        for (int k = 0; k < 8; ++k) {
            V8 v;
            std::memcpy(&v, p + i + 8 * k, sizeof v);
            a[k] += v;
        }
    float s = 0;
    for (int k = 0; k < 8; ++k)
        for (int l = 0; l < 8; ++l) s += a[k][l];
    for (; i < end; ++i) s += p[i];
    return s;
}

// Random but valid rows of `type`: random bytes for the quantized values, sane half scales.
void fillRows(GgmlType type, uint8_t* W, int64_t rows, int64_t cols, uint64_t seed, int threads) {
    const uint64_t rb = quant::rowBytes(type, cols);
    const auto& traits = tensorio::ggmlTypeTraits(type);
    std::vector<float> row(static_cast<size_t>(cols));
    for (int64_t j = 0; j < cols; ++j) row[j] = static_cast<float>((j * 2654435761u + seed) % 2001) / 1000.f - 1.f;
    const std::vector<uint8_t> plain = traits.blockElems == 1 ? quant::quantizeRows(type, row.data(), 1, cols)
                                                              : std::vector<uint8_t>();
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
        uint8_t* dst = W + r * rb;
        if (!plain.empty()) {
            std::memcpy(dst, plain.data(), rb);
            continue;
        }
        uint64_t s = seed ^ (static_cast<uint64_t>(r) * 0x9E3779B97F4A7C15ull);
        for (uint64_t b = 0; b < rb; ++b) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            dst[b] = static_cast<uint8_t>(s);
        }
        const int halfAt = type == GgmlType::Q6_K ? 208 : 0;
        const bool twoHalves = type == GgmlType::Q4_1 || type == GgmlType::Q5_1 || type == GgmlType::Q4_K ||
                               type == GgmlType::Q5_K;
        const uint16_t h = detail::floatToHalf(0.01f);
        for (uint64_t b = 0; b < rb; b += traits.blockBytes) {
            std::memcpy(dst + b + halfAt, &h, 2);
            if (twoHalves) std::memcpy(dst + b + 2, &h, 2);
        }
    }
}

KernelBenchVariant runVariant(GgmlType type, const KernelBenchOptions& o, int64_t matrixBytes, int threads) {
    KernelBenchVariant v;
    v.type = tensorio::ggmlTypeName(type);
    v.isa = quant::kernelIsa();
    v.cols = o.cols;
    const uint64_t rb = quant::rowBytes(type, o.cols);
    v.rows = std::max<int64_t>(threads, matrixBytes / static_cast<int64_t>(rb));
    v.bytes = v.rows * static_cast<int64_t>(rb);
    Buffer W = allocate(v.bytes);
    fillRows(type, W.get(), v.rows, o.cols, o.seed, threads);
    std::vector<float> x(static_cast<size_t>(o.cols)), y(static_cast<size_t>(v.rows));
    for (int64_t j = 0; j < o.cols; ++j) x[j] = static_cast<float>(j % 17) / 17.f - 0.5f;
    double best = 1e30;
    for (int pass = 0; pass < std::max(1, o.passes) + 1; ++pass) {  // the first pass warms up
        const auto t0 = Clock::now();
#pragma omp parallel num_threads(threads)
        {
            const auto [r0, r1] = share(v.rows, omp_get_thread_num(), omp_get_num_threads());
            quant::dotRows(type, W.get(), x.data(), o.cols, r0, r1, y.data());
        }
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        if (pass > 0) best = std::min(best, s);
    }
    volatile float sink = y[static_cast<size_t>(v.rows / 2)];
    (void)sink;
    v.seconds = best;
    v.gbps = static_cast<double>(v.bytes) / best / 1e9;
    v.gweightsPerS = static_cast<double>(v.rows) * static_cast<double>(o.cols) / best / 1e9;
    return v;
}

}  // namespace

ReadBandwidth measureReadBandwidth(int threads, int64_t bytes, int passes) {
    threads = std::max(1, threads);
    bytes = defaultBytes(bytes);
    const int64_t n = bytes / 4;
    Buffer buf = allocate(n * 4);
    auto* p = reinterpret_cast<float*>(buf.get());
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t i = 0; i < n; ++i) p[i] = 1.0f;  // first touch by the threads that read it
    double best = 1e30;
    std::vector<float> sums(static_cast<size_t>(threads));
    for (int pass = 0; pass < std::max(1, passes) + 1; ++pass) {
        const auto t0 = Clock::now();
#pragma omp parallel num_threads(threads)
        {
            const int tid = omp_get_thread_num();
            const auto [b, e] = share(n, tid, omp_get_num_threads());
            sums[static_cast<size_t>(tid)] = readRange(p, b, e);
        }
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        if (pass > 0) best = std::min(best, s);
    }
    volatile float sink = sums[0];
    (void)sink;
    return {static_cast<double>(n) * 4.0 / best / 1e9, n * 4, threads};
}

KernelBenchResult runKernelBench(const KernelBenchOptions& o) {
    if (o.cols <= 0 || o.cols % 256 != 0)
        throw InvalidArgument("bench kernels: --cols must be a positive multiple of 256 (every type's block)");
    if (!o.isa.empty() && !detail::forceKernelIsa(o.isa))
        throw InvalidArgument("bench kernels: the " + o.isa + " kernels are not in this build or not on this CPU");
    std::vector<GgmlType> types;
    for (const std::string& name : o.types) {
        GgmlType t;
        if (!tensorio::ggmlTypeFromName(name, &t) || !quant::isDecodable(t))
            throw InvalidArgument("bench kernels: unknown or undecodable type '" + name + "'");
        types.push_back(t);
    }
    if (types.empty())
        types = {GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_1,
                 GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};
    const int threads = std::max(1, o.threads);
    KernelBenchResult r;
    r.threads = threads;
    r.lastLevelCacheBytes = lastLevelCacheBytes();
    r.read = measureReadBandwidth(threads, o.matrixBytes, o.passes);
    for (GgmlType t : types) {
        KernelBenchVariant v = runVariant(t, o, defaultBytes(o.matrixBytes), threads);
        v.rooflineRatio = v.gbps / r.read.gbps;
        r.variants.push_back(v);
    }
    detail::forceKernelIsa("");
    return r;
}

}  // namespace persona::bench
