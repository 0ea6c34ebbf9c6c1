// Ranking metrics of a fact scorer against a labeller's choices (validation mode's gold labels):
// precision@k, recall@k and the reciprocal rank of one turn, their means over turns, and the
// running means after each turn (the metrics panel's plot). Plain standard-library types.
#pragma once

#include <cstddef>
#include <set>
#include <vector>

namespace persona {

// One labelled turn: a score per fact (higher is better) and the facts the labeller ticked.
struct LabelledScores {
    std::vector<double> scores;
    std::set<std::size_t> gold;  // indexes into scores
};

struct LabelMetrics {
    int turns = 0;  // turns with at least one gold fact (the others are not counted)
    int k = 0;
    double precisionAtK = 0;  // hits among the best min(k, facts) / min(k, facts)
    double recallAtK = 0;     // hits among the best k / gold facts
    double mrr = 0;           // 1 / rank of the best-ranked gold fact
};

// The facts' indexes best first; ties go to the lower index (as selection ranks them).
std::vector<std::size_t> rankOrder(const std::vector<double>& scores);

// One turn's metrics (turns = 1), or turns = 0 when it has no gold fact. Throws InvalidArgument
// for k < 1 or a gold index outside the scores.
LabelMetrics turnMetrics(const LabelledScores& turn, int k);
// The mean over the turns that have gold facts.
LabelMetrics meanMetrics(const std::vector<LabelledScores>& turns, int k);
// The mean after each counted turn, in order: element i covers the first i + 1 counted turns.
std::vector<LabelMetrics> runningMetrics(const std::vector<LabelledScores>& turns, int k);

}  // namespace persona
