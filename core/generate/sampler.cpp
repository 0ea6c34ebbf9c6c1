#include "generate/sampler.h"

#include "persona/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

namespace persona::detail {

void applyPenalties(torch::Tensor& logits, const std::vector<int64_t>& context,
                    const SamplingSettings& settings, size_t from) {
    float* l = logits.data_ptr<float>();
    const int64_t V = logits.size(0);
    from = std::min(from, context.size());
    if (settings.repetitionPenalty != 1.0f) {
        std::unordered_set<int64_t> seen(context.begin() + static_cast<std::ptrdiff_t>(from), context.end());
        for (int64_t id : seen) {
            if (id < 0 || id >= V) continue;
            l[id] = l[id] > 0 ? l[id] / settings.repetitionPenalty : l[id] * settings.repetitionPenalty;
        }
    }
    const int n = settings.noRepeatNgramSize;
    if (n > 0 && static_cast<int64_t>(context.size() - from) >= n) {
        // The last n-1 tokens; any earlier occurrence of them bans the token that followed it.
        const size_t L = context.size();
        const size_t prefix = static_cast<size_t>(n - 1);
        for (size_t start = from; start + prefix < L; ++start) {
            bool match = true;
            for (size_t k = 0; k < prefix && match; ++k) match = context[start + k] == context[L - prefix + k];
            if (!match) continue;
            const int64_t banned = context[start + prefix];
            if (banned >= 0 && banned < V) l[banned] = -std::numeric_limits<float>::infinity();
        }
    }
}

int64_t chooseToken(const torch::Tensor& logits, const SamplingSettings& settings, std::mt19937_64& rng) {
    const float* l = logits.data_ptr<float>();
    const int64_t V = logits.size(0);
    if (settings.greedy) return std::max_element(l, l + V) - l;

    // Candidates sorted by logit, most likely first; top-k keeps the first k.
    std::vector<int64_t> order(V);
    for (int64_t i = 0; i < V; ++i) order[i] = i;
    const int64_t k = settings.topK > 0 ? std::min<int64_t>(settings.topK, V) : V;
    auto byLogit = [l](int64_t a, int64_t b) { return l[a] > l[b] || (l[a] == l[b] && a < b); };
    std::partial_sort(order.begin(), order.begin() + k, order.end(), byLogit);
    order.resize(k);

    // Softmax at the temperature over the candidates.
    const double maxLogit = l[order[0]];
    if (std::isinf(maxLogit) && maxLogit < 0) return order[0];  // everything banned
    std::vector<double> p(order.size());
    double total = 0;
    for (size_t i = 0; i < order.size(); ++i) {
        p[i] = std::exp((l[order[i]] - maxLogit) / settings.temperature);
        total += p[i];
    }
    // Top-p: the smallest prefix whose mass reaches p (at least one token).
    size_t keep = order.size();
    if (settings.topP < 1.0f) {
        double cumulative = 0;
        for (size_t i = 0; i < order.size(); ++i) {
            cumulative += p[i] / total;
            if (cumulative >= settings.topP) {
                keep = i + 1;
                break;
            }
        }
        total = 0;
        for (size_t i = 0; i < keep; ++i) total += p[i];
    }
    // A draw in [0, total) from 53 random bits.
    const double u = static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0) * total;
    double acc = 0;
    for (size_t i = 0; i < keep; ++i) {
        acc += p[i];
        if (u < acc) return order[i];
    }
    return order[keep - 1];
}

}  // namespace persona::detail
