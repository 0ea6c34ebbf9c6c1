#include "persona/retrieve/evaluation.h"

#include "persona/error.h"
#include "persona/retrieve/biencoder.h"
#include "persona/retrieve/bm25.h"
#include "persona/retrieve/retrieval.h"

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

std::string contextOf(const data::LabelledTurn& turn, int turns) {
    std::vector<DialogueTurn> dialogue;
    for (const auto& c : turn.context) dialogue.push_back({c.fromSpeaker, c.text});
    return formatContext(dialogue, turns);
}

MethodComparison compareMethods(const std::vector<data::LabelledTurn>& turns, const BiEncoder* encoder) {
    std::vector<std::vector<double>> bm25, dense;
    for (const auto& t : turns) {
        bm25.push_back(Bm25Index(t.facts).score(t.context.back().text));
        if (encoder)
            dense.push_back(encoder->scores(encoder->encodeContext(contextOf(t, encoder->options().contextTurns)),
                                            encoder->encodeFacts(t.facts)));
    }
    // evaluateRanking visits the turns in order, so the k-th call is turn k.
    auto replay = [](const std::vector<std::vector<double>>& scores) {
        return [&scores, k = size_t{0}](const data::LabelledTurn&) mutable { return scores[k++]; };
    };
    MethodComparison out;
    out.bm25 = evaluateRanking(turns, replay(bm25));
    if (encoder) {
        out.biencoder = evaluateRanking(turns, replay(dense));
        std::vector<std::vector<double>> fused;
        for (size_t k = 0; k < turns.size(); ++k) fused.push_back(reciprocalRankFusion({dense[k], bm25[k]}));
        out.hybrid = evaluateRanking(turns, replay(fused));
    }
    return out;
}

}  // namespace persona
