#include "persona/retrieve/evaluation.h"

#include "persona/error.h"

#include <algorithm>
#include <numeric>

namespace persona {

RankingMetrics evaluateRanking(const std::vector<data::LabelledTurn>& turns, const FactScorer& scorer) {
    RankingMetrics m;
    for (const auto& turn : turns) {
        const auto scores = scorer(turn);
        if (scores.size() != turn.facts.size())
            throw InvalidArgument("evaluation: the scorer returned " + std::to_string(scores.size()) +
                                  " scores for " + std::to_string(turn.facts.size()) + " facts");
        std::vector<size_t> order(scores.size());
        std::iota(order.begin(), order.end(), size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
        size_t best = order.size();
        for (size_t pos = 0; pos < order.size(); ++pos) {
            if (std::find(turn.gold.begin(), turn.gold.end(), static_cast<int>(order[pos])) != turn.gold.end()) {
                best = pos;
                break;
            }
        }
        ++m.turns;
        if (best == order.size()) continue;
        m.mrr += 1.0 / double(best + 1);
        m.recallAt1 += best < 1;
        m.recallAt3 += best < 3;
        m.recallAt5 += best < 5;
    }
    if (m.turns > 0) {
        m.mrr /= m.turns;
        m.recallAt1 /= m.turns;
        m.recallAt3 /= m.turns;
        m.recallAt5 /= m.turns;
    }
    return m;
}

}  // namespace persona
