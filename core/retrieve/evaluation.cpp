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

std::vector<std::vector<double>> bm25Scores(const std::vector<data::LabelledTurn>& turns, const Bm25Options& lexical) {
    std::vector<std::vector<double>> out;
    for (const auto& t : turns) out.push_back(Bm25Index(t.facts, lexical).score(t.context.back().text));
    return out;
}

TurnScores scoreTurns(const std::vector<data::LabelledTurn>& turns, const BiEncoder* encoder, const Bm25Options& lexical) {
    TurnScores out;
    out.bm25 = bm25Scores(turns, lexical);
    if (encoder)
        for (const auto& t : turns)
            out.dense.push_back(encoder->scores(encoder->encodeContext(contextOf(t, encoder->options().contextTurns)),
                                                encoder->encodeFacts(t.facts)));
    return out;
}

RankingMetrics evaluateScores(const std::vector<data::LabelledTurn>& turns, const std::vector<std::vector<double>>& scores) {
    if (scores.size() != turns.size()) throw InvalidArgument("evaluation: scores for a different number of turns");
    // evaluateRanking visits the turns in order, so the k-th call is turn k.
    return evaluateRanking(turns, [&scores, k = size_t{0}](const data::LabelledTurn&) mutable { return scores[k++]; });
}

MethodComparison compareMethods(const std::vector<data::LabelledTurn>& turns, const BiEncoder* encoder) {
    const TurnScores s = scoreTurns(turns, encoder);
    MethodComparison out;
    out.bm25 = evaluateScores(turns, s.bm25);
    out.bm25Ngrams = evaluateScores(turns, bm25Scores(turns, ngramOnlyBm25()));
    out.bm25Words = evaluateScores(turns, bm25Scores(turns, wordOnlyBm25()));
    if (encoder) {
        out.biencoder = evaluateScores(turns, s.dense);
        std::vector<std::vector<double>> fused, fallback;
        for (size_t k = 0; k < turns.size(); ++k) {
            fused.push_back(hybridScores(s.dense[k], s.bm25[k], encoder->options().fusionWeight));
            fallback.push_back(lexicalFallback(s.bm25[k], s.dense[k]));
        }
        out.hybrid = evaluateScores(turns, fused);
        out.bm25Fallback = evaluateScores(turns, fallback);
    }
    return out;
}

namespace {

// The index of the best value; ties: the middle one of the tied.
size_t middleOfBest(const std::vector<double>& values) {
    const double best = *std::max_element(values.begin(), values.end());
    std::vector<size_t> ties;
    for (size_t i = 0; i < values.size(); ++i)
        if (values[i] >= best - 1e-12) ties.push_back(i);
    return ties[ties.size() / 2];
}

}  // namespace

LexicalFit fitLexicalWeights(const std::vector<data::LabelledTurn>& turns) {
    if (turns.empty()) throw InvalidArgument("BM25 fit: no labelled turns");
    static const double kWordWeights[] = {0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0};
    std::vector<std::pair<double, double>> points{{1.0, 0.0}};
    for (double w : kWordWeights) points.emplace_back(1.0, w);
    points.emplace_back(0.0, 1.0);
    LexicalFit fit;
    std::vector<double> mrr;
    for (const auto& [ngram, word] : points) {
        Bm25Options o;
        o.ngramWeight = ngram;
        o.wordWeight = word;
        fit.grid.push_back({ngram, word, evaluateScores(turns, bm25Scores(turns, o))});
        mrr.push_back(fit.grid.back().metrics.mrr);
    }
    const auto& chosen = fit.grid[middleOfBest(mrr)];
    fit.best.ngramWeight = chosen.ngramWeight;
    fit.best.wordWeight = chosen.wordWeight;
    return fit;
}

FusionFit fitFusionWeight(const std::vector<data::LabelledTurn>& turns, const TurnScores& scores) {
    if (turns.empty()) throw InvalidArgument("fusion fit: no labelled turns");
    if (scores.dense.size() != turns.size()) throw InvalidArgument("fusion fit: no bi-encoder scores for the turns");
    constexpr int kSteps = 20;
    FusionFit fit;
    std::vector<RankingMetrics> metrics;
    for (int g = 0; g <= kSteps; ++g) {
        std::vector<std::vector<double>> fused;
        for (size_t k = 0; k < turns.size(); ++k) fused.push_back(weightedFusion(scores.dense[k], scores.bm25[k], double(g) / kSteps));
        metrics.push_back(evaluateScores(turns, fused));
        fit.gridMrr.push_back(metrics.back().mrr);
    }
    const int chosen = static_cast<int>(middleOfBest(fit.gridMrr));
    fit.weight = double(chosen) / kSteps;
    fit.hybrid = metrics[chosen];
    return fit;
}

}  // namespace persona
