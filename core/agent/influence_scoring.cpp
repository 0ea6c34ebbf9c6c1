// Legend: T new time steps, C channels, NH heads, HD head size, R continuation tokens, V vocabulary.
#include "agent/influence_scoring.h"

#include "model/gpt2_impl.h"
#include "persona/error.h"

#include <algorithm>

namespace persona::detail {
namespace {

void checkInput(const Gpt2Config& cfg, const std::vector<int>& prompt, const std::vector<int>& continuation) {
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
torch::Tensor targetLogprobs(Gpt2Impl& net, const torch::Tensor& hidden, const std::vector<int64_t>& targets) {
    // log p(target) = logit(target) - logsumexp(logits): no (N, V) log-softmax is written.
    auto logits = net.lmHead(hidden).to(torch::kFloat32);                       // (N, V)
    auto index = idTensor(targets, logits.device()).view({-1, 1});              // (N, 1)
    auto picked = logits.gather(1, index).view({-1});                           // (N)
    return (picked - torch::logsumexp(logits, -1)).to(torch::kCPU, torch::kFloat64);  // (N)
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

std::vector<double> continuationLogprobs(const Gpt2Model& model, const std::vector<int>& prompt,
                                         const std::vector<int>& continuation) {
    auto& m = model.impl();
    checkInput(m.config, prompt, continuation);
    c10::InferenceMode inference;
    const auto seq = fedSequence(prompt, continuation);
    auto hidden = m.net->forward(idTensor(seq, m.device).view({1, -1}));  // (1, N, C)
    const auto R = static_cast<int64_t>(continuation.size());
    const std::vector<int64_t> targets(continuation.begin(), continuation.end());
    return toVector(targetLogprobs(*m.net, hidden[0].narrow(0, static_cast<int64_t>(prompt.size()) - 1, R), targets));
}

std::vector<std::vector<double>> continuationLogprobsShared(const Gpt2Model& model,
                                                            const std::vector<std::vector<int>>& prompts,
                                                            const std::vector<int>& continuation) {
    auto& m = model.impl();
    const Gpt2Config& cfg = m.config;
    if (prompts.empty()) return {};
    for (const auto& p : prompts) checkInput(cfg, p, continuation);
    c10::InferenceMode inference;
    const auto R = static_cast<int64_t>(continuation.size());
    const std::vector<int64_t> targets(continuation.begin(), continuation.end());

    // Every prompt's fed tokens from where it leaves the first prompt (at least its last token,
    // which predicts the first continuation token).
    std::vector<int64_t> start(prompts.size(), 0);
    int64_t capacity = 0;
    for (size_t v = 0; v < prompts.size(); ++v) {
        if (v) start[v] = static_cast<int64_t>(std::min(commonPrefix(prompts[v], prompts[0]), prompts[v].size() - 1));
        capacity = std::max<int64_t>(capacity, static_cast<int64_t>(prompts[v].size() + continuation.size() - 1));
    }
    const int64_t HD = cfg.nEmbd / cfg.nHead;
    KvCache cache(cfg.nLayer, 1, cfg.nHead, capacity, HD, torch::TensorOptions().dtype(m.dtype).device(m.device));

    // The first prompt, once, keeping every position's keys and values.
    std::vector<std::vector<double>> out(prompts.size());
    auto scoreFrom = [&](size_t v) {
        cache.truncate(start[v]);
        const auto seq = fedSequence(prompts[v], continuation);
        const std::vector<int64_t> rest(seq.begin() + start[v], seq.end());
        auto hidden = m.net->forward(idTensor(rest, m.device).view({1, -1}), &cache);  // (1, T, C)
        const int64_t first = static_cast<int64_t>(prompts[v].size()) - 1 - start[v];
        out[v] = toVector(targetLogprobs(*m.net, hidden[0].narrow(0, first, R), targets));
    };
    scoreFrom(0);
    // The others one at a time, longest shared prefix first: each overwrites the cache only from
    // its own prefix on, so the (shorter) prefixes of those after it stay intact.
    std::vector<size_t> order;
    for (size_t v = 1; v < prompts.size(); ++v) order.push_back(v);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return start[a] > start[b]; });
    for (size_t v : order) scoreFrom(v);
    return out;
}

double plainForward(const Gpt2Model& model, const std::vector<int>& ids) {
    auto& m = model.impl();
    c10::InferenceMode inference;
    const std::vector<int64_t> seq(ids.begin(), ids.end());
    auto logits = m.net->lmHead(m.net->forward(idTensor(seq, m.device).view({1, -1})));  // (1, N, V)
    return logits.sum().item<double>();
}

}  // namespace persona::detail
