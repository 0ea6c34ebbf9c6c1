// Ranking metrics of a fact scorer on gk-labelled turns (persona-cli eval retrieval).
#pragma once

#include "persona/data/seed_dialogs.h"
#include "persona/retrieve/bm25.h"

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

// BM25 (the previous utterance against the facts) in its default form and each field alone,
// the bi-encoder, their fusion, and BM25 falling back to the bi-encoder on turns that match no
// fact lexically, on the same turns. Each turn is encoded once; the bi-encoder rows are absent
// without an encoder.
struct MethodComparison {
    RankingMetrics bm25;        // Bm25Options{} (the default: n-grams and stemmed words)
    RankingMetrics bm25Ngrams;  // character n-grams only (the default before issue 28)
    RankingMetrics bm25Words;   // stemmed words only
    std::optional<RankingMetrics> biencoder;
    std::optional<RankingMetrics> hybrid;
    std::optional<RankingMetrics> bm25Fallback;  // lexicalFallback(bm25, biencoder)
};
MethodComparison compareMethods(const std::vector<data::LabelledTurn>& turns, const BiEncoder* encoder);

// Per-turn scores of BM25 (with the given options) and (with an encoder) the bi-encoder,
// computed once for several uses.
struct TurnScores {
    std::vector<std::vector<double>> bm25;
    std::vector<std::vector<double>> dense;  // empty without an encoder
};
TurnScores scoreTurns(const std::vector<data::LabelledTurn>& turns, const BiEncoder* encoder,
                      const Bm25Options& lexical = {});
// BM25 alone with the given options on the turns.
std::vector<std::vector<double>> bm25Scores(const std::vector<data::LabelledTurn>& turns, const Bm25Options& lexical);
// The metrics of a fixed list of per-turn scores (in the order of the turns).
RankingMetrics evaluateScores(const std::vector<data::LabelledTurn>& turns, const std::vector<std::vector<double>>& scores);

// BM25's field weights measured on the given turns: the n-gram field alone, the word field
// alone, and both with the n-gram weight 1 and each word weight of kLexicalWordWeights. The best
// MRR wins; ties go to the middle of the tied grid points (as fitFusionWeight).
struct LexicalFitPoint {
    double ngramWeight = 0, wordWeight = 0;
    RankingMetrics metrics;
};
struct LexicalFit {
    Bm25Options best;
    std::vector<LexicalFitPoint> grid;
};
LexicalFit fitLexicalWeights(const std::vector<data::LabelledTurn>& turns);

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
