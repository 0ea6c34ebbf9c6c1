#include "persona/retrieve/label_metrics.h"

#include "persona/error.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace persona {

std::vector<std::size_t> rankOrder(const std::vector<double>& scores) {
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    return order;
}

LabelMetrics turnMetrics(const LabelledScores& turn, int k) {
    if (k < 1) throw InvalidArgument("k must be at least 1, not " + std::to_string(k));
    for (std::size_t g : turn.gold)
        if (g >= turn.scores.size())
            throw InvalidArgument("gold fact " + std::to_string(g) + " is outside the " +
                                  std::to_string(turn.scores.size()) + " scored facts");
    LabelMetrics m;
    m.k = k;
    if (turn.gold.empty()) return m;
    m.turns = 1;
    const auto order = rankOrder(turn.scores);
    const std::size_t cut = std::min<std::size_t>(static_cast<std::size_t>(k), order.size());
    int hits = 0;
    for (std::size_t i = 0; i < cut; ++i) hits += turn.gold.count(order[i]) ? 1 : 0;
    m.precisionAtK = cut ? double(hits) / double(cut) : 0.0;
    m.recallAtK = double(hits) / double(turn.gold.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        if (turn.gold.count(order[i])) {
            m.mrr = 1.0 / double(i + 1);
            break;
        }
    return m;
}

namespace {

// Adds b (a mean over b.turns) into the running mean a.
void accumulate(LabelMetrics& a, const LabelMetrics& b) {
    const int n = a.turns + b.turns;
    if (n == 0) return;
    auto mix = [&](double x, double y) { return (x * a.turns + y * b.turns) / n; };
    a.precisionAtK = mix(a.precisionAtK, b.precisionAtK);
    a.recallAtK = mix(a.recallAtK, b.recallAtK);
    a.mrr = mix(a.mrr, b.mrr);
    a.turns = n;
}

}  // namespace

LabelMetrics meanMetrics(const std::vector<LabelledScores>& turns, int k) {
    const auto running = runningMetrics(turns, k);
    if (running.empty()) {
        if (k < 1) throw InvalidArgument("k must be at least 1, not " + std::to_string(k));
        LabelMetrics m;
        m.k = k;
        return m;
    }
    return running.back();
}

std::vector<LabelMetrics> runningMetrics(const std::vector<LabelledScores>& turns, int k) {
    std::vector<LabelMetrics> out;
    LabelMetrics sum;
    sum.k = k;
    for (const auto& t : turns) {
        const LabelMetrics m = turnMetrics(t, k);
        if (!m.turns) continue;
        accumulate(sum, m);
        out.push_back(sum);
    }
    return out;
}

}  // namespace persona
