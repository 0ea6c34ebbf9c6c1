// persona-cli bench decode (persona/bench/decode_bench.h).
//
// Legend: P prompt tokens, N new tokens, C channels, V vocabulary.
#include "persona/bench/decode_bench.h"

#include "model/architecture.h"
#include "model/causal_lm_impl.h"
#include "model/weights_io.h"
#include "persona/bench/memory_bandwidth.h"
#include "persona/error.h"

#include <c10/core/CPUAllocator.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>

namespace persona::bench {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Counts every allocation libtorch makes on the CPU while installed (it wraps the allocator that
// was current and restores it on destruction). This is how "the decode step allocates nothing"
// is checked here; tests/core/bench checks it for every malloc with an interposed malloc.
class CountingCpuAllocator final : public c10::Allocator {
public:
    CountingCpuAllocator() : m_inner(c10::GetCPUAllocator()) { c10::SetCPUAllocator(this, /*priority=*/100); }
    ~CountingCpuAllocator() override { c10::SetCPUAllocator(m_inner, /*priority=*/100); }
    c10::DataPtr allocate(size_t n) const override {
        m_count.fetch_add(1, std::memory_order_relaxed);
        return m_inner->allocate(n);
    }
    c10::DeleterFnPtr raw_deleter() const override { return m_inner->raw_deleter(); }
    int64_t count() const { return m_count.load(); }

private:
    c10::Allocator* m_inner;
    mutable std::atomic<int64_t> m_count{0};
};

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<size_t>(std::lround(q * static_cast<double>(v.size() - 1)));
    return v[std::min(i, v.size() - 1)];
}

// Device memory bandwidth on CUDA: b + s·c into a (one kernel), the triad on the GPU.
double cudaTriadGBs(const torch::Device& device) {
    const int64_t n = int64_t{1} << 28;  // 2^28 floats = 1 GiB per array
    auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(device);
    auto a = torch::empty({n}, opts), b = torch::ones({n}, opts), c = torch::ones({n}, opts);
    double best = 1e30;
    for (int pass = 0; pass < 6; ++pass) {
        torch::cuda::synchronize();
        const auto t0 = Clock::now();
        at::add_out(a, b, c, 3.0);
        torch::cuda::synchronize();
        if (pass > 0) best = std::min(best, secondsSince(t0));
    }
    return 3.0 * static_cast<double>(n) * 4.0 / best / 1e9;
}

int64_t greedyId(const torch::Tensor& logits) {
    if (logits.device().is_cpu() && logits.scalar_type() == torch::kFloat32 && logits.is_contiguous()) {
        const float* l = logits.data_ptr<float>();
        return std::max_element(l, l + logits.numel()) - l;  // no tensor, no allocation
    }
    return logits.argmax().item<int64_t>();
}

}  // namespace

DecodeBenchResult runDecodeBench(const DecodeBenchOptions& o) {
    if (o.promptTokens < 1 || o.newTokens < 1)
        throw InvalidArgument("bench decode: --prompt-tokens and --new-tokens must be at least 1");
    const auto isas = detail::decodeKernelIsas();
    if (o.kernel != "auto" && o.kernel != "torch" && std::find(isas.begin(), isas.end(), o.kernel) == isas.end()) {
        std::string known = "auto, torch";
        for (const auto& isa : isas) known += ", " + isa;
        throw InvalidArgument("bench decode: unknown --kernel \"" + o.kernel + "\" (this build and CPU: " + known + ")");
    }
    if (o.kernel == "torch" && o.weights != DecodeWeights::F32)
        throw InvalidArgument("bench decode: --kernel torch reads the F32 parameters; --weights " + toString(o.weights) +
                              " needs the fused step (--kernel auto or a kernel set)");
    const CausalLmInfo config = detail::presetInfo(o.config);
    if (o.promptTokens + o.newTokens > config.contextLength)
        throw InvalidArgument("bench decode: prompt + new tokens exceed n_positions (" +
                              std::to_string(config.contextLength) + ")");
    checkAvailable(o.compute);
    const bool cuda = o.compute.device == DeviceKind::Cuda;

    DecodeBenchResult r;
    r.config = o.config;
    r.device = toString(o.compute.device);
    r.dtype = toString(o.compute.dtype);
    r.weights = toString(o.weights);
    r.kernel = o.kernel;
    r.threads = at::get_num_threads();
    r.promptTokens = o.promptTokens;
    r.newTokens = o.newTokens;

    // 1. The roofline's bandwidth, just before, in this process; its buffers are freed again and
    //    the peak RSS reset, so peak_rss_bytes is the model's.
    if (o.measureBandwidth)
        r.bandwidthGBs = cuda ? cudaTriadGBs(detail::toTorch(o.compute.device)) : measureTriadBandwidth(r.threads).triadGBs;
    resetPeakRss();

    // 2. The model, random weights of the real shapes.
    // The Llama family holds its matrices as the decode step reads them (int8: packed from BF16);
    // GPT-2 holds F32 parameters and packs the copy the step reads.
    const WeightDType storage = o.weights == DecodeWeights::F32   ? WeightDType::F32
                                : o.weights == DecodeWeights::F16 ? WeightDType::F16
                                                                  : WeightDType::BF16;
    const auto model = CausalLm::random(o.config, o.seed, o.compute, storage);
    setDecodeWeights(*model, o.weights);
    auto& m = model->backend();
    m.setFusedDecode(o.kernel != "torch");
    detail::forceKernelIsa(o.kernel == "auto" || o.kernel == "torch" ? "" : o.kernel);
    const auto device = m.computeDevice();
    const auto dtype = m.computeDtype();
    r.kernelIsa = device.is_cpu() && dtype == torch::kFloat32 && o.kernel != "torch" ? detail::decodeKernelIsa() : "torch";
    r.weightBytes = decodeWeightBytes(*model);
    r.modelBytes = heldWeightBytes(*model);
    const int64_t elem = torch::elementSize(dtype);
    const int64_t kvWidth = int64_t{config.kvHeads} * config.headDim;  // C without grouped-query attention
    // One step reads the weights as stored for decoding, plus the keys and values cached so far.
    const int64_t meanPositions = o.promptTokens + o.newTokens / 2;
    r.bytesPerToken = r.weightBytes + 2 * int64_t{config.layers} * meanPositions * kvWidth * elem;

    c10::InferenceMode inference;
    std::mt19937_64 rng(o.seed);
    std::vector<int64_t> prompt(o.promptTokens);
    for (auto& id : prompt) id = static_cast<int64_t>(rng() % static_cast<uint64_t>(config.vocabSize));
    const auto idOptions = torch::TensorOptions().dtype(torch::kLong).device(device);
    auto newCache = [&] { return m.newCache(o.promptTokens + o.newTokens); };
    auto prefill = [&](detail::KvCache& cache, int64_t tokens) {
        auto ids = torch::tensor(std::vector<int64_t>(prompt.begin(), prompt.begin() + tokens), torch::kLong)
                       .view({1, -1})
                       .to(idOptions.device());                       // (1, P)
        auto hidden = m.hidden(ids, &cache);                          // (1, P, C)
        return greedyId(m.lmHead(hidden[0][-1]).to(torch::kFloat32));  // on the last position (V)
    };
    auto sync = [&] {
        if (cuda) torch::cuda::synchronize();
    };

    // 3. Warm-up: a short prefill and a few steps (first-touch of pages, thread pool start-up).
    {
        auto cache = newCache();
        const int warmPrompt = std::min(o.promptTokens, 8);
        const int warmSteps = std::min(o.warmupTokens, o.promptTokens + o.newTokens - warmPrompt);
        int64_t id = prefill(*cache, warmPrompt);
        for (int i = 0; i < warmSteps; ++i) id = greedyId(m.step(id, *cache));
        sync();
    }

    // 4. Timed: prefill of P tokens, then N decode steps, each timed to the chosen token.
    auto cache = newCache();
    sync();
    auto t0 = Clock::now();
    int64_t id = prefill(*cache, o.promptTokens);
    sync();
    r.prefillTokS = o.promptTokens / secondsSince(t0);
    r.generatedIds.push_back(static_cast<int>(id));
    // The first step sizes the cache's scratch and logits buffers; the counter starts after it.
    id = greedyId(m.step(id, *cache));
    r.generatedIds.push_back(static_cast<int>(id));
    std::vector<double> stepMs;
    stepMs.reserve(o.newTokens);
    double total = 0;
    {
        CountingCpuAllocator counter;
        for (int i = 1; i < o.newTokens; ++i) {
            t0 = Clock::now();
            id = greedyId(m.step(id, *cache));
            const double s = secondsSince(t0);
            stepMs.push_back(s * 1e3);
            total += s;
            r.generatedIds.push_back(static_cast<int>(id));
        }
        r.torchAllocationsDuringDecode = cuda ? -1 : counter.count();
    }
    r.generatedIds.pop_back();  // N ids: the prefill's and N - 1 steps' (the last step's is extra)
    r.decodeTokS = static_cast<double>(stepMs.size()) / total;
    r.msPerTokenP50 = percentile(stepMs, 0.50);
    r.msPerTokenP95 = percentile(stepMs, 0.95);
    if (r.bandwidthGBs > 0) {
        r.rooflineTokS = r.bandwidthGBs * 1e9 / static_cast<double>(r.bytesPerToken);
        r.rooflineRatio = r.decodeTokS / r.rooflineTokS;
    }
    r.peakRssBytes = peakRssBytes();
    detail::forceKernelIsa("");
    return r;
}

}  // namespace persona::bench
