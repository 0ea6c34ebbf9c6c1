#include "persona/error.h"
#include "persona/retrieve/evaluation.h"
#include "persona/retrieve/retrieval.h"

#include <gtest/gtest.h>

using namespace persona;

namespace {

TEST(Selection, TopKThenThresholdWithReasons) {
    SelectionSettings s;
    s.topK = 2;
    s.threshold = 0.5;
    //                    0    1    2    3    4
    const std::vector<double> scores{0.9, 0.1, 0.4, 0.95, 0.6};
    const auto r = rankAndSelect(RetrievalMethod::BiEncoder, scores, {}, s);
    EXPECT_EQ(r.selected, (std::vector<size_t>{3, 0}));
    EXPECT_EQ(r.facts[3].rank, 1);
    EXPECT_EQ(r.facts[0].rank, 2);
    EXPECT_EQ(r.facts[4].reason, SelectionReason::NotInTopK);
    s.topK = 4;
    const auto r2 = rankAndSelect(RetrievalMethod::BiEncoder, scores, {}, s);
    EXPECT_EQ(r2.selected, (std::vector<size_t>{3, 0, 4}));
    EXPECT_EQ(r2.facts[2].reason, SelectionReason::BelowThreshold);
    EXPECT_EQ(r2.facts[1].reason, SelectionReason::NotInTopK);
}

TEST(Selection, PinnedExcludedAndDisabled) {
    SelectionSettings s;
    s.topK = 2;
    s.pinned = {1};
    s.excluded = {3};
    s.disabled = {0};
    const std::vector<double> scores{0.9, 0.1, 0.4, 0.95, 0.6};
    const auto r = rankAndSelect(RetrievalMethod::Bm25, scores, {}, s);
    // 3 excluded, 0 disabled: the top two by score are then 4 and 2; 1 is pinned on top of k.
    EXPECT_EQ(r.facts[3].reason, SelectionReason::Excluded);
    EXPECT_EQ(r.facts[0].reason, SelectionReason::Disabled);
    EXPECT_EQ(r.facts[1].reason, SelectionReason::Pinned);
    EXPECT_EQ(r.selected, (std::vector<size_t>{4, 2, 1}));
    // Ranks are over all facts, whatever the selection.
    EXPECT_EQ(r.facts[3].rank, 1);
    EXPECT_EQ(r.facts[1].rank, 5);
}

TEST(Selection, TiesKeepTheFactOrder) {
    const auto r = rankAndSelect(RetrievalMethod::Bm25, {1.0, 1.0, 1.0}, {}, SelectionSettings{});
    EXPECT_EQ(r.selected, (std::vector<size_t>{0, 1, 2}));
}

TEST(Fusion, ReciprocalRank) {
    // a ranks 1st and 3rd, b 2nd and 1st, c 3rd and 2nd (k = 60).
    const auto f = reciprocalRankFusion({{3, 2, 1}, {1, 3, 2}});
    EXPECT_DOUBLE_EQ(f[0], 1.0 / 61 + 1.0 / 63);
    EXPECT_DOUBLE_EQ(f[1], 1.0 / 62 + 1.0 / 61);
    EXPECT_DOUBLE_EQ(f[2], 1.0 / 63 + 1.0 / 62);
    EXPECT_THROW(reciprocalRankFusion({{1, 2}, {1}}), InvalidArgument);
}

TEST(Context, SeedFormatOfTheLastTurns) {
    const std::vector<DialogueTurn> d{{false, "a"}, {true, "b"}, {false, "c"}};
    EXPECT_EQ(formatContext(d, 0), "[P1u] a [P2u] b [P1u] c");
    EXPECT_EQ(formatContext(d, 2), "[P2u] b [P1u] c");
    EXPECT_EQ(formatContext(d, 10), "[P1u] a [P2u] b [P1u] c");
    EXPECT_EQ(formatContext({}, 3), "");
}

TEST(Evaluation, RecallAndMrrOnAHandMadeCase) {
    data::LabelledTurn a, b, c;
    a.facts = b.facts = c.facts = {"x", "y", "z", "w"};
    a.gold = {0};     // ranked 1st below
    b.gold = {2, 3};  // best gold ranked 2nd
    c.gold = {1};     // ranked 4th
    const std::vector<std::vector<double>> scores{{4, 3, 2, 1}, {4, 1, 2, 3}, {4, 1, 3, 2}};
    int call = 0;
    const auto m = evaluateRanking({a, b, c}, [&](const data::LabelledTurn&) { return scores[call++]; });
    EXPECT_EQ(m.turns, 3);
    EXPECT_DOUBLE_EQ(m.recallAt1, 1.0 / 3);
    EXPECT_DOUBLE_EQ(m.recallAt3, 2.0 / 3);
    EXPECT_DOUBLE_EQ(m.recallAt5, 1.0);
    EXPECT_DOUBLE_EQ(m.mrr, (1.0 + 0.5 + 0.25) / 3);
}

TEST(Methods, NamesRoundTrip) {
    for (auto m : {RetrievalMethod::Bm25, RetrievalMethod::BiEncoder, RetrievalMethod::Hybrid})
        EXPECT_EQ(parseRetrievalMethod(toString(m)), m);
    EXPECT_THROW(parseRetrievalMethod("tfidf"), InvalidArgument);
}

}  // namespace

namespace {

TEST(Selection, AScoreEqualToTheThresholdIsNotSelected) {
    // BM25 gives 0 to a fact sharing nothing with the context: with the default threshold 0 it
    // must not go into the prompt as knowledge.
    const auto r = rankAndSelect(RetrievalMethod::Bm25, {2.5, 0.0, 0.0}, {}, SelectionSettings{});
    EXPECT_EQ(r.selected, (std::vector<size_t>{0}));
    EXPECT_EQ(r.facts[1].reason, SelectionReason::BelowThreshold);
}

}  // namespace
