// persona-cli bench decode: causal-LM prefill and decode speed with random weights of the real shapes,
// set against the memory-bandwidth roofline measured in the same process just before.
#pragma once

#include "persona/model/compute.h"
#include "persona/model/decode_weights.h"

#include <cstdint>
#include <string>
#include <vector>

namespace persona::bench {

struct DecodeBenchOptions {
    std::string config = "gpt2";  // a CausalLm::randomPresets() name: gpt2, gpt2-medium, ...
    int promptTokens = 128;
    int newTokens = 128;
    ComputeOptions compute;
    DecodeWeights weights = DecodeWeights::F32;  // what the fused CPU step reads (packed from F32)
    // "auto": the model's decode step as the generator runs it (fused on CPU F32);
    // "generic": the fused step with the portable kernels; "torch": forward + lmHead with torch ops.
    std::string kernel = "auto";
    uint64_t seed = 1;
    int warmupTokens = 8;
    bool measureBandwidth = true;
};

struct DecodeBenchResult {
    std::string config, device, dtype, weights, kernel, kernelIsa;
    int threads = 0;
    int promptTokens = 0, newTokens = 0;
    double prefillTokS = 0;
    double decodeTokS = 0;
    double msPerTokenP50 = 0, msPerTokenP95 = 0;
    int64_t weightBytes = 0;       // weight bytes one decode step reads (decodeWeightBytes: + scales)
    int64_t modelBytes = 0;        // weight bytes the model holds (F32 parameters + packed copy)
    int64_t bytesPerToken = 0;     // what one decode step must read: weightBytes + mean KV cache
    double bandwidthGBs = 0;       // STREAM triad (CPU) or device copy (CUDA), GB = 1e9 bytes
    double rooflineTokS = 0;       // bandwidth / bytesPerToken
    double rooflineRatio = 0;      // decodeTokS / rooflineTokS
    int64_t peakRssBytes = 0;      // after the bandwidth buffers were freed (VmHWM reset)
    // Allocations seen by libtorch's CPU allocator during the timed decode steps (after warm-up).
    int64_t torchAllocationsDuringDecode = -1;
    std::vector<int> generatedIds;  // greedy ids (device comparisons)
};

DecodeBenchResult runDecodeBench(const DecodeBenchOptions& options);

}  // namespace persona::bench
