// Legend: N fed rows, C channels, R continuation tokens, V vocabulary.
#include "agent/influence_scoring.h"

#include "model/causal_lm_impl.h"
#include "persona/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace persona::detail {
namespace {

struct Limits {
    int vocabSize, nPositions;
};

Limits limitsOf(const CausalLm& model) {
    const auto info = model.info();
    return {info.vocabSize, info.contextLength};
}

void checkInput(const Limits& cfg, const std::vector<int>& prompt, const std::vector<int>& continuation) {
    if (prompt.empty()) throw InvalidArgument("scoring: the prompt has no tokens");
    if (continuation.empty()) throw InvalidArgument("scoring: the continuation has no tokens");
    for (const auto* ids : {&prompt, &continuation})
        for (int id : *ids)
            if (id < 0 || id >= cfg.vocabSize)
                throw InvalidArgument("scoring: token id " + std::to_string(id) + " is outside the vocabulary of " +
                                      std::to_string(cfg.vocabSize));
    if (prompt.size() + continuation.size() > static_cast<size_t>(cfg.nPositions))
        throw InvalidArgument("scoring: prompt (" + std::to_string(prompt.size()) + " tokens) and continuation (" +
                              std::to_string(continuation.size()) + ") exceed the model's n_positions of " +
                              std::to_string(cfg.nPositions));
}

// What the model is fed: the prompt and every continuation token but the last.
std::vector<int64_t> fedSequence(const std::vector<int>& prompt, const std::vector<int>& continuation) {
    std::vector<int64_t> seq(prompt.begin(), prompt.end());
    seq.insert(seq.end(), continuation.begin(), continuation.end() - 1);
    return seq;
}

torch::Tensor idTensor(const std::vector<int64_t>& ids, const torch::Device& device) {
    return torch::tensor(ids, torch::kLong).to(device);
}

// hidden (N, C) at the positions that predict targets (N) -> their log-probabilities, (N) F64 on the CPU.
// In blocks of rows whose logits stay under 16 MB: one (N, V) block would be a fresh mapping of
// hundreds of MB per call, written once and read twice (logsumexp).
torch::Tensor targetLogprobs(CausalLmBackend& net, const torch::Tensor& hidden, const std::vector<int64_t>& targets,
                             int64_t V) {
    const int64_t N = hidden.size(0);
    const int64_t rows = std::max<int64_t>(1, (int64_t{4} << 20) / V);
    const auto index = idTensor(targets, hidden.device()).view({-1, 1});  // (N, 1)
    std::vector<torch::Tensor> parts;
    for (int64_t r = 0; r < N; r += rows) {
        const int64_t n = std::min(rows, N - r);
        // log p(target) = logit(target) - logsumexp(logits): no (n, V) log-softmax is written.
        auto logits = net.lmHead(hidden.narrow(0, r, n)).to(torch::kFloat32);  // (n, V)
        auto picked = logits.gather(1, index.narrow(0, r, n)).view({-1});       // (n)
        parts.push_back(picked - torch::logsumexp(logits, -1));
    }
    return torch::cat(parts).to(torch::kCPU, torch::kFloat64);  // (N)
}

std::vector<double> toVector(const torch::Tensor& t) {
    const auto c = t.contiguous();
    return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

size_t commonPrefix(const std::vector<int>& a, const std::vector<int>& b) {
    size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
    return n;
}

}  // namespace

std::vector<double> continuationLogprobs(const CausalLm& model, const std::vector<int>& prompt,
                                         const std::vector<int>& continuation) {
    auto& m = model.backend();
    const Limits cfg = limitsOf(model);
    checkInput(cfg, prompt, continuation);
    c10::InferenceMode inference;
    const auto seq = fedSequence(prompt, continuation);
    auto hidden = m.hidden(idTensor(seq, m.computeDevice()).view({1, -1}), nullptr);  // (1, N, C)
    const auto R = static_cast<int64_t>(continuation.size());
    const std::vector<int64_t> targets(continuation.begin(), continuation.end());
    return toVector(targetLogprobs(m, hidden[0].narrow(0, static_cast<int64_t>(prompt.size()) - 1, R), targets,
                                   cfg.vocabSize));
}

std::vector<std::vector<double>> continuationLogprobsShared(const CausalLm& model,
                                                            const std::vector<std::vector<int>>& prompts,
                                                            const std::vector<int>& continuation) {
    auto& m = model.backend();
    const Limits cfg = limitsOf(model);
    if (prompts.empty()) return {};
    for (const auto& p : prompts) checkInput(cfg, p, continuation);
    c10::InferenceMode inference;
    const auto R = static_cast<int64_t>(continuation.size());
    const size_t n = prompts.size();

    // The pack: all of sequence 0, then each other sequence from where it leaves sequence 0 (at
    // least its last prompt token, which predicts the first continuation token), at its own
    // positions. One row per fed token: every matrix product runs once over all the rows.
    PackedSequences pack;
    pack.start.assign(n, 0), pack.offset.assign(n, 0), pack.length.assign(n, 0);
    auto &start = pack.start, &offset = pack.offset, &length = pack.length;
    auto &ids = pack.ids, &positions = pack.positions;
    std::vector<int64_t> picked;
    for (size_t v = 0; v < n; ++v) {
        if (v) start[v] = static_cast<int64_t>(std::min(commonPrefix(prompts[v], prompts[0]), prompts[v].size() - 1));
        const auto seq = fedSequence(prompts[v], continuation);
        offset[v] = static_cast<int64_t>(ids.size());
        length[v] = static_cast<int64_t>(seq.size()) - start[v];
        for (int64_t i = start[v]; i < static_cast<int64_t>(seq.size()); ++i) {
            ids.push_back(seq[static_cast<size_t>(i)]);
            positions.push_back(i);
        }
        const int64_t first = offset[v] + static_cast<int64_t>(prompts[v].size()) - 1 - start[v];
        for (int64_t t = 0; t < R; ++t) picked.push_back(first + t);  // rows predicting continuation[t]
    }
    auto hidden = m.packedHidden(pack).index_select(0, idTensor(picked, m.computeDevice()));  // (n R, C)
    std::vector<int64_t> targets;
    for (size_t v = 0; v < n; ++v) targets.insert(targets.end(), continuation.begin(), continuation.end());
    const auto all = toVector(targetLogprobs(m, hidden, targets, cfg.vocabSize));
    std::vector<std::vector<double>> out(n);
    for (size_t v = 0; v < n; ++v)
        out[v].assign(all.begin() + static_cast<std::ptrdiff_t>(v) * R, all.begin() + static_cast<std::ptrdiff_t>(v + 1) * R);
    return out;
}

double plainForward(const CausalLm& model, const std::vector<int>& ids) {
    auto& m = model.backend();
    c10::InferenceMode inference;
    const std::vector<int64_t> seq(ids.begin(), ids.end());
    auto logits = m.lmHead(m.hidden(idTensor(seq, m.computeDevice()).view({1, -1}), nullptr));  // (1, N, V)
    return logits.sum().item<double>();
}

}  // namespace persona::detail
