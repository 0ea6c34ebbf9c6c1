// Legend: B batch (prompts after the first), T new time steps of a row, P shared prefix length
// (cached), S attended length (P + T), C channels, NH heads, HD head size, R continuation tokens,
// V vocabulary.
#include "agent/influence_scoring.h"

#include "model/gpt2_impl.h"
#include "persona/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

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

// The rows of the batched pass: each prompt's fed tokens from `start` on.
struct Rows {
    std::vector<int64_t> start, length;
    int64_t prefix = 0, width = 0;  // P (the longest shared prefix used), T (the longest row)
    torch::Tensor ids, positions;   // (B, T) each
    torch::Tensor hidden;           // (B, 1, T, P + T) true = not attended
};

// The rows of prompts[v] for v in `which`.
Rows makeRows(const Gpt2Config& cfg, const std::vector<std::vector<int>>& prompts, const std::vector<size_t>& which,
              const std::vector<int>& continuation, const torch::Device& device) {
    Rows r;
    std::vector<std::vector<int64_t>> seqs;
    for (size_t v : which) {
        // At least the prompt's last token is run: it predicts the first continuation token.
        const auto start = static_cast<int64_t>(std::min(commonPrefix(prompts[v], prompts[0]), prompts[v].size() - 1));
        auto seq = fedSequence(prompts[v], continuation);
        seqs.emplace_back(seq.begin() + start, seq.end());
        r.start.push_back(start);
        r.length.push_back(static_cast<int64_t>(seqs.back().size()));
        r.prefix = std::max(r.prefix, start);
        r.width = std::max(r.width, r.length.back());
    }
    const auto B = static_cast<int64_t>(seqs.size()), T = r.width, P = r.prefix;
    std::vector<int64_t> ids(B * T, 0), pos(B * T, 0);
    auto hidden = torch::ones({B, 1, T, P + T}, torch::kBool);  // (B, 1, T, S)
    auto causal = torch::ones({T, T}, torch::kBool).triu(1);     // (T, T) true = a later key
    for (int64_t b = 0; b < B; ++b) {
        for (int64_t t = 0; t < T; ++t) {
            ids[b * T + t] = t < r.length[b] ? seqs[b][t] : 0;  // padding: any valid id, never attended
            pos[b * T + t] = std::min<int64_t>(r.start[b] + t, cfg.nPositions - 1);
        }
        hidden[b][0].narrow(1, 0, r.start[b]).fill_(false);  // its shared prefix
        hidden[b][0].narrow(1, P, T).copy_(causal);          // itself, causally
    }
    r.ids = idTensor(ids, device).view({B, T});
    r.positions = idTensor(pos, device).view({B, T});
    r.hidden = hidden.to(device);
    return r;
}

// prompts[1..] longest first, in batches whose rows are within 15% of the batch's longest, so that
// right-padding wastes little (leaving out an early fact leaves a longer rest than a late one).
std::vector<std::vector<size_t>> lengthGroups(const std::vector<std::vector<int>>& prompts, size_t continuation) {
    std::vector<size_t> order;
    for (size_t v = 1; v < prompts.size(); ++v) order.push_back(v);
    auto rest = [&](size_t v) {
        return prompts[v].size() + continuation - std::min(commonPrefix(prompts[v], prompts[0]), prompts[v].size() - 1);
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rest(a) > rest(b); });
    std::vector<std::vector<size_t>> groups;
    for (size_t v : order) {
        if (groups.empty() || rest(v) < 0.85 * rest(groups.back().front())) groups.emplace_back();
        groups.back().push_back(v);
    }
    return groups;
}

// One block over the batch rows, attending to the cached prefix keys/values and to the rows' own.
torch::Tensor blockForward(Gpt2BlockImpl& block, const torch::Tensor& x, const KvCache& cache, int layer,
                           const Rows& rows, int64_t NH) {
    const int64_t B = x.size(0), T = x.size(1), C = x.size(2), HD = C / NH, P = rows.prefix;
    auto qkv = block.attn->c_attn(block.ln_1(x));                          // (B, T, 3C)
    auto parts = qkv.split(C, 2);
    auto q = parts[0].view({B, T, NH, HD}).transpose(1, 2);                // (B, NH, T, HD)
    auto k = parts[1].view({B, T, NH, HD}).transpose(1, 2);                // (B, NH, T, HD)
    auto v = parts[2].view({B, T, NH, HD}).transpose(1, 2);                // (B, NH, T, HD)
    auto k0 = cache.keyStorage(layer).narrow(2, 0, P).expand({B, NH, P, HD});    // (B, NH, P, HD)
    auto v0 = cache.valueStorage(layer).narrow(2, 0, P).expand({B, NH, P, HD});  // (B, NH, P, HD)
    auto keys = torch::cat({k0, k}, 2);                                    // (B, NH, S, HD)
    auto values = torch::cat({v0, v}, 2);                                  // (B, NH, S, HD)
    auto att = torch::matmul(q, keys.transpose(-2, -1));                   // (B, NH, T, S)
    att.mul_(1.0 / std::sqrt(static_cast<double>(HD)));
    att.masked_fill_(rows.hidden, -std::numeric_limits<float>::infinity());
    att = torch::softmax(att, -1);                                         // (B, NH, T, S)
    auto y = torch::matmul(att, values).transpose(1, 2).reshape({B, T, C});  // (B, T, C)
    auto h = x + block.attn->c_proj(y);                                    // (B, T, C)
    return h + block.mlp->forward(block.ln_2(h));                          // (B, T, C)
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

    // The first prompt, once, keeping every position's keys and values.
    const auto seq0 = fedSequence(prompts[0], continuation);
    const int64_t HD = cfg.nEmbd / cfg.nHead;
    KvCache cache(cfg.nLayer, 1, cfg.nHead, static_cast<int64_t>(seq0.size()), HD,
                  torch::TensorOptions().dtype(m.dtype).device(m.device));
    auto hidden0 = m.net->forward(idTensor(seq0, m.device).view({1, -1}), &cache);  // (1, N0, C)
    std::vector<std::vector<double>> out;
    out.push_back(toVector(
        targetLogprobs(*m.net, hidden0[0].narrow(0, static_cast<int64_t>(prompts[0].size()) - 1, R), targets)));
    if (prompts.size() == 1) return out;

    // The others batched, each from where it leaves the first prompt.
    out.resize(prompts.size());
    for (const auto& group : lengthGroups(prompts, continuation.size())) {
        const Rows rows = makeRows(cfg, prompts, group, continuation, m.device);
        auto x = m.net->wte(rows.ids) + m.net->wpe(rows.positions);  // (B, T, C)
        for (size_t l = 0; l < m.net->blocks.size(); ++l)
            x = blockForward(*m.net->blocks[l], x, cache, static_cast<int>(l), rows, cfg.nHead);
        const auto B = static_cast<int64_t>(group.size());
        std::vector<torch::Tensor> predicting;
        for (int64_t b = 0; b < B; ++b) {
            const auto first = static_cast<int64_t>(prompts[group[b]].size()) - 1 - rows.start[b];
            predicting.push_back(x[b].narrow(0, first, R));  // (R, C)
        }
        auto h = m.net->ln_f(torch::cat(predicting, 0));      // (B·R, C)
        std::vector<int64_t> allTargets;
        for (int64_t b = 0; b < B; ++b) allTargets.insert(allTargets.end(), targets.begin(), targets.end());
        const auto logp = targetLogprobs(*m.net, h, allTargets).view({B, R});  // (B, R)
        for (int64_t b = 0; b < B; ++b) out[group[b]] = toVector(logp[b]);
    }
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
