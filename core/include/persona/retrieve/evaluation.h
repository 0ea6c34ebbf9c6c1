// Ranking metrics of a fact scorer on gk-labelled turns (persona-cli eval retrieval).
#pragma once

#include "persona/data/seed_dialogs.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace persona {

struct RankingMetrics {
    int turns = 0;
    // recall@k: the share of turns with at least one gold fact among the k best-scored facts.
    double recallAt1 = 0;
    double recallAt3 = 0;
    double recallAt5 = 0;
    // Mean reciprocal rank of the best-ranked gold fact.
    double mrr = 0;
};

using FactScorer = std::function<std::vector<double>(const data::LabelledTurn&)>;

// Scores every turn; ties are ranked by fact order, as selection does.
RankingMetrics evaluateRanking(const std::vector<data::LabelledTurn>& turns, const FactScorer& scorer);

class BiEncoder;

// The seed-format context of a labelled turn over its last `turns` turns (0 = all).
std::string contextOf(const data::LabelledTurn& turn, int turns);

// BM25 (the previous utterance against the facts), the bi-encoder and their fusion on the same
// turns. Each turn is encoded once; biencoder and hybrid are absent without an encoder.
struct MethodComparison {
    RankingMetrics bm25;
    std::optional<RankingMetrics> biencoder;
    std::optional<RankingMetrics> hybrid;
};
MethodComparison compareMethods(const std::vector<data::LabelledTurn>& turns, const BiEncoder* encoder);

}  // namespace persona
