#include "model/causal_lm_impl.h"

#include "model/architecture.h"
#include "model/weights_io.h"
#include "persona/error.h"
#include "persona/model/gpt2_model.h"

namespace persona {

CausalLm::~CausalLm() = default;

void CausalLm::save(const std::string& dir, WeightDType) const {
    throw InvalidArgument("saving a " + info().architecture + " model is not supported (" + dir + ")");
}

std::unique_ptr<CausalLm> CausalLm::load(const std::string& dir, const ComputeOptions& options) {
    return detail::loadArchitecture(dir, options);
}

std::unique_ptr<CausalLm> CausalLm::random(const std::string& preset, uint64_t seed, const ComputeOptions& options,
                                           WeightDType storage) {
    return detail::randomArchitecture(preset, seed, options, storage);
}

std::vector<std::string> CausalLm::randomPresets() { return detail::architecturePresets(); }

bool CausalLm::isCausalLmFolder(const std::string& dir) {
    try {
        return detail::detectArchitecture(dir) != detail::ArchitectureFamily::None;
    } catch (const Error&) {
        return false;
    }
}

}  // namespace persona

namespace persona::detail {

torch::Tensor CausalLmBackend::hidden(const torch::Tensor& ids, KvCache* cache) {
    auto out = forwardHidden(ids, cache);  // (B, T, C)
    if (cache && ids.size(0) == 1) {
        const auto cpu = ids.to(torch::kCPU).contiguous();
        cache->recordTokens(cpu.data_ptr<int64_t>(), cpu.numel());
    }
    return out;
}

torch::Tensor CausalLmBackend::prefill(const std::vector<int64_t>& ids, KvCache& cache) {
    auto input = torch::tensor(ids, torch::kLong).view({1, -1}).to(computeDevice());            // (1, T)
    auto h = hidden(input, &cache);                                                      // (1, T, C)
    return lmHead(h[0][-1]).to(torch::kCPU, torch::kFloat32).contiguous();              // (V)
}

torch::Tensor CausalLmBackend::step(int64_t id, KvCache& cache) {
    auto logits = decodeStep(id, cache);  // (V)
    cache.recordTokens(&id, 1);
    return logits;
}

void checkTokenIds(const std::vector<int>& ids, int vocabSize, const char* what) {
    for (int id : ids)
        if (id < 0 || id >= vocabSize)
            throw InvalidArgument(std::string(what) + " token id " + std::to_string(id) +
                                  " is outside the vocabulary of " + std::to_string(vocabSize));
}

std::vector<std::vector<float>> fullLogits(CausalLmBackend& backend, const std::vector<int>& ids, int vocabSize) {
    if (ids.empty()) throw InvalidArgument("logits: no input ids");
    for (int id : ids)
        if (id < 0 || id >= vocabSize)
            throw InvalidArgument("token id " + std::to_string(id) + " is outside the vocabulary of " +
                                  std::to_string(vocabSize));
    c10::InferenceMode guard;
    auto input = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()), torch::kLong)
                     .view({1, -1})
                     .to(backend.computeDevice());                                // (1, T)
    return toRows(backend.lmHead(backend.hidden(input, nullptr))[0]);     // (T, V)
}

}  // namespace persona::detail
