// persona-cli bench kernels: the fused dequantize-dot row kernels of the GGUF tensor types (and
// F32/F16/BF16) streaming a weight matrix larger than the caches at batch 1, on the same threads
// as a read-only streaming kernel measured in the same run: the honest roofline of a decode
// step, which reads its weights and writes almost nothing (the STREAM triad also writes, and
// varied from 24 to 64 GB/s between runs here).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace persona::bench {

// Read-only bandwidth: every thread sums its contiguous share of a buffer (8 independent vector
// accumulators, nothing written), best of `passes`; GB = 1e9 bytes. bytes <= 0: twice the
// last-level cache, at least 256 MiB. threads <= 0: one.
struct ReadBandwidth {
    double gbps = 0;
    int64_t bufferBytes = 0;
    int threads = 0;
};
ReadBandwidth measureReadBandwidth(int threads, int64_t bytes = 0, int passes = 5);

struct KernelBenchOptions {
    int threads = 2;
    std::vector<std::string> types;  // ggml names; empty: every decodable type
    std::string isa;                 // "" = the best this CPU runs; "generic", "avx2-fma", "avx512"
    int64_t cols = 4864;             // row length (Qwen2.5-0.5B's MLP width; a multiple of 256)
    int64_t matrixBytes = 0;         // <= 0: twice the last-level cache, at least 256 MiB
    int passes = 5;
    uint64_t seed = 1;
};

struct KernelBenchVariant {
    std::string type, isa;
    int64_t rows = 0, cols = 0, bytes = 0;
    double seconds = 0;         // best pass
    double gbps = 0;            // weight bytes / second
    double gweightsPerS = 0;    // 1e9 weights / second
    double rooflineRatio = 0;   // gbps / read bandwidth
};

struct KernelBenchResult {
    ReadBandwidth read;
    int threads = 0;
    int64_t lastLevelCacheBytes = 0;
    std::vector<KernelBenchVariant> variants;
};

KernelBenchResult runKernelBench(const KernelBenchOptions& options);

}  // namespace persona::bench
