// precision@k, recall@k and MRR against a labeller's ticks, on cases worked out by hand.
#include "persona/error.h"
#include "persona/retrieve/label_metrics.h"

#include <gtest/gtest.h>

using namespace persona;

namespace {

// Two turns over five facts.
// Turn A: scores 0.9 0.1 0.5 0.7 0.3 -> order 0, 3, 2, 4, 1; gold {3, 1}.
//   top 3 = {0, 3, 2}: 1 hit -> P@3 = 1/3, R@3 = 1/2; best gold (3) at rank 2 -> RR = 1/2.
// Turn B: scores 0.2 0.2 0.8 0.2 0.0 -> order 2, 0, 1, 3, 4 (ties by index); gold {1}.
//   top 3 = {2, 0, 1}: 1 hit -> P@3 = 1/3, R@3 = 1; gold at rank 3 -> RR = 1/3.
// Means: P@3 = 1/3, R@3 = 3/4, MRR = 5/12.
const LabelledScores kTurnA{{0.9, 0.1, 0.5, 0.7, 0.3}, {3, 1}};
const LabelledScores kTurnB{{0.2, 0.2, 0.8, 0.2, 0.0}, {1}};

TEST(LabelMetrics, RankOrderBreaksTiesByIndex) {
    EXPECT_EQ(rankOrder(kTurnB.scores), (std::vector<std::size_t>{2, 0, 1, 3, 4}));
}

TEST(LabelMetrics, OneTurnByHand) {
    const auto a = turnMetrics(kTurnA, 3);
    EXPECT_EQ(a.turns, 1);
    EXPECT_DOUBLE_EQ(a.precisionAtK, 1.0 / 3);
    EXPECT_DOUBLE_EQ(a.recallAtK, 0.5);
    EXPECT_DOUBLE_EQ(a.mrr, 0.5);
    const auto b1 = turnMetrics(kTurnB, 1);  // top 1 = {2}: no hit
    EXPECT_DOUBLE_EQ(b1.precisionAtK, 0.0);
    EXPECT_DOUBLE_EQ(b1.recallAtK, 0.0);
    EXPECT_DOUBLE_EQ(b1.mrr, 1.0 / 3);  // the rank does not depend on k
}

TEST(LabelMetrics, MeansAndRunningMeansByHand) {
    const std::vector<LabelledScores> turns{kTurnA, {{0.5, 0.4}, {}}, kTurnB};  // the middle one has no label
    const auto mean = meanMetrics(turns, 3);
    EXPECT_EQ(mean.turns, 2);
    EXPECT_EQ(mean.k, 3);
    EXPECT_DOUBLE_EQ(mean.precisionAtK, 1.0 / 3);
    EXPECT_DOUBLE_EQ(mean.recallAtK, 0.75);
    EXPECT_DOUBLE_EQ(mean.mrr, 5.0 / 12);
    const auto running = runningMetrics(turns, 3);
    ASSERT_EQ(running.size(), 2u);
    EXPECT_DOUBLE_EQ(running[0].recallAtK, 0.5);
    EXPECT_DOUBLE_EQ(running[1].recallAtK, 0.75);
}

TEST(LabelMetrics, PrecisionWithFewerFactsThanKCountsTheFactsThereAre) {
    const LabelledScores two{{0.1, 0.9}, {1}};
    EXPECT_DOUBLE_EQ(turnMetrics(two, 5).precisionAtK, 0.5);  // 1 hit of 2 facts
}

TEST(LabelMetrics, NoTurnsGiveZeros) {
    const auto m = meanMetrics({}, 3);
    EXPECT_EQ(m.turns, 0);
    EXPECT_DOUBLE_EQ(m.precisionAtK, 0.0);
}

TEST(LabelMetrics, BadInputIsAnErrorThatSaysWhy) {
    try {
        turnMetrics(kTurnA, 0);
        FAIL() << "k = 0 was accepted";
    } catch (const InvalidArgument& e) {
        EXPECT_STREQ(e.what(), "k must be at least 1, not 0");
    }
    try {
        turnMetrics({{0.1, 0.2}, {2}}, 1);
        FAIL() << "a gold index outside the scores was accepted";
    } catch (const InvalidArgument& e) {
        EXPECT_STREQ(e.what(), "gold fact 2 is outside the 2 scored facts");
    }
}

}  // namespace
