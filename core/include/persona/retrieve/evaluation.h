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

// Per-turn scores of BM25 and (with an encoder) the bi-encoder, computed once for several uses.
struct TurnScores {
    std::vector<std::vector<double>> bm25;
    std::vector<std::vector<double>> dense;  // empty without an encoder
};
TurnScores scoreTurns(const std::vector<data::LabelledTurn>& turns, const BiEncoder* encoder);
// The metrics of a fixed list of per-turn scores (in the order of the turns).
RankingMetrics evaluateScores(const std::vector<data::LabelledTurn>& turns, const std::vector<std::vector<double>>& scores);

// The bi-encoder weight of weightedFusion with the best MRR on the given turns, by grid search
// over 0, 0.05, ..., 1 (so the fit is never worse than BM25 alone or the bi-encoder alone on them).
// Ties: the middle of the best weights. Throws InvalidArgument without turns or dense scores.
struct FusionFit {
    double weight = 0;
    RankingMetrics hybrid;             // at that weight
    std::vector<double> gridMrr;       // MRR at each grid weight, 21 values
};
FusionFit fitFusionWeight(const std::vector<data::LabelledTurn>& turns, const TurnScores& scores);

}  // namespace persona
