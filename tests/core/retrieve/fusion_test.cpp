// Hybrid retrieval's weighted fusion and its weight fitted on labelled turns (issue 15).
#include "persona/error.h"
#include "persona/retrieve/evaluation.h"
#include "persona/retrieve/retrieval.h"

#include <gtest/gtest.h>

using namespace persona;

namespace {

SelectionSettings sel() {
    SelectionSettings s;
    s.threshold = -1e9;
    return s;
}

std::vector<size_t> order(const std::vector<double>& scores) {
    return rankAndSelect(RetrievalMethod::Hybrid, scores, {}, sel()).selected;
}

TEST(WeightedFusion, NormalizesEachListAndMixes) {
    EXPECT_EQ(minMaxNormalized({2, 4, 3}), (std::vector<double>{0, 1, 0.5}));
    EXPECT_EQ(minMaxNormalized({5, 5}), (std::vector<double>{0, 0}));
    const std::vector<double> dense{10, 0, 5}, sparse{0, 2, 1};
    const auto half = weightedFusion(dense, sparse, 0.5);
    EXPECT_DOUBLE_EQ(half[0], 0.5);
    EXPECT_DOUBLE_EQ(half[1], 0.5);
    EXPECT_DOUBLE_EQ(half[2], 0.5);
    // The end points rank as one input alone.
    EXPECT_EQ(order(weightedFusion(dense, sparse, 1.0)), order(dense));
    EXPECT_EQ(order(weightedFusion(dense, sparse, 0.0)), order(sparse));
}

TEST(WeightedFusion, BadInputIsNamed) {
    try {
        weightedFusion({1, 2}, {1, 2}, 1.5);
        FAIL() << "no throw";
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("weight must be in [0, 1]"), std::string::npos);
    }
    EXPECT_THROW(weightedFusion({1, 2}, {1}, 0.5), InvalidArgument);
}

TEST(WeightedFusion, HybridWithoutAWeightIsReciprocalRankFusion) {
    const std::vector<double> dense{3, 2, 1}, bm25{1, 3, 2};
    EXPECT_EQ(hybridScores(dense, bm25, -1.0), reciprocalRankFusion({dense, bm25}));
    EXPECT_EQ(hybridScores(dense, bm25, 0.25), weightedFusion(dense, bm25, 0.25));
}

data::LabelledTurn turn(int gold) {
    data::LabelledTurn t;
    t.context = {{false, "?"}};
    t.facts = {"a", "b", "c"};
    t.gold = {gold};
    return t;
}

TEST(FusionFit, NeverWorseThanEitherPartOnTheFittedTurns) {
    // Turn 0: BM25 right, the bi-encoder a close second; turn 1: the bi-encoder right, BM25 a
    // close second; turn 2: both right. Each alone gets MRR 5/6; a mix gets all three first.
    const std::vector<data::LabelledTurn> turns{turn(0), turn(1), turn(2)};
    TurnScores s;
    s.bm25 = {{1.0, 0.0, 0.0}, {1.0, 0.9, 0.0}, {0.0, 0.0, 1.0}};
    s.dense = {{0.9, 1.0, 0.0}, {0.0, 1.0, 0.0}, {0.0, 0.0, 1.0}};
    const auto fit = fitFusionWeight(turns, s);
    ASSERT_EQ(fit.gridMrr.size(), 21u);
    const double bm25 = evaluateScores(turns, s.bm25).mrr, dense = evaluateScores(turns, s.dense).mrr;
    EXPECT_GE(fit.hybrid.mrr, std::max(bm25, dense));
    EXPECT_DOUBLE_EQ(fit.hybrid.mrr, 1.0);
    EXPECT_GT(fit.weight, 0.0);
    EXPECT_LT(fit.weight, 1.0);
    EXPECT_DOUBLE_EQ(fit.gridMrr.front(), bm25);
    EXPECT_DOUBLE_EQ(fit.gridMrr.back(), dense);
}

TEST(FusionFit, NeedsTurnsAndDenseScores) {
    TurnScores s;
    s.bm25 = {{1.0, 0.0, 0.0}};
    try {
        fitFusionWeight({turn(0)}, s);
        FAIL() << "no throw";
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("no bi-encoder scores"), std::string::npos);
    }
    EXPECT_THROW(fitFusionWeight({}, s), InvalidArgument);
}

}  // namespace
