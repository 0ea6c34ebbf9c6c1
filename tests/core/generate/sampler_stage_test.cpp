// One test (or more) per sampler stage, on hand-made logits; each fails without its stage (the
// expected values are worked out by hand in the comments or recomputed here from the definitions).
#include "sampler_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace {

using sampler_test::once;
using sampler_test::Step;

float changeBy(const persona::detail::Attribution& a, const std::string& stage) {
    for (const auto& c : a.changes)
        if (c.stage == stage) return c.delta;
    return 0.0f;
}

TEST(LogitBiasStage, AddsToOneTokenAndMinusInfinityBansIt) {
    Step s;
    s.settings.greedy = true;
    s.settings.logitBias = {{2, 5.0f}, {0, -INFINITY}};
    const auto out = once(s, {3.0f, 2.0f, 1.0f});
    EXPECT_EQ(out.id, 2);  // 1 + 5 beats 2; token 0 is banned
    EXPECT_EQ(out.why[0].cutBy, "logit_bias");
    EXPECT_FLOAT_EQ(changeBy(out.why[2], "logit_bias"), 5.0f);
    EXPECT_EQ(out.why[1].cutBy, "");
}

TEST(MinLengthStage, MasksTheEndTokensOnlyBeforeTheMinimum) {
    Step s;
    s.settings.greedy = true;
    s.settings.minNewTokens = 3;
    s.inputs.endTokens = {0};
    s.step = 2;
    auto out = once(s, {5.0f, 1.0f});
    EXPECT_EQ(out.id, 1);
    EXPECT_EQ(out.why[0].cutBy, "min_length");
    s.step = 3;
    out = once(s, {5.0f, 1.0f});
    EXPECT_EQ(out.id, 0);
    EXPECT_EQ(out.why[0].cutBy, "");
}

TEST(KnowledgeBoostStage, RaisesKnowledgeWordsUntilTheReplyHoldsThem) {
    Step s;
    s.settings.greedy = true;
    s.settings.knowledgeBoost = 3.0f;
    s.inputs.boostedTokens = {2};
    auto out = once(s, {2.0f, 0.0f, 0.0f});
    EXPECT_EQ(out.id, 2);
    EXPECT_FLOAT_EQ(changeBy(out.why[2], "knowledge_boost"), 3.0f);
    s.reply = {2};
    s.sequence = {2};
    out = once(s, {2.0f, 0.0f, 0.0f});
    EXPECT_EQ(out.id, 0);
}

TEST(PenaltiesStage, RepetitionPresenceAndFrequencyAsDocumented) {
    Step s;
    s.settings.greedy = true;
    s.settings.repetitionPenalty = 2.0f;
    s.settings.presencePenalty = 0.5f;
    s.settings.frequencyPenalty = 0.25f;
    s.sequence = {0, 1, 1, 4};
    s.penaltyFrom = 1;  // token 0 is knowledge: not penalized
    const auto out = once(s, {1.0f, 1.0f, 0.0f, 0.0f, -1.0f});
    // token 1: 1 / 2, then - (2 x 0.25 + 0.5); token 4: -1 x 2, then - (0.25 + 0.5)
    EXPECT_FLOAT_EQ(changeBy(out.why[1], "penalties"), (0.5f - 1.0f) - 1.0f);
    EXPECT_FLOAT_EQ(changeBy(out.why[4], "penalties"), (-2.0f - 0.75f) - (-1.0f));
    EXPECT_FLOAT_EQ(changeBy(out.why[0], "penalties"), 0.0f);
    EXPECT_EQ(out.id, 0);
}

TEST(PenaltiesStage, TheWindowIsTheLastNTokens) {
    Step s;
    s.settings.greedy = true;
    s.settings.presencePenalty = 1.0f;
    s.settings.penaltyLastN = 1;
    s.sequence = {0, 1};
    const auto out = once(s, {1.0f, 1.0f});
    EXPECT_FLOAT_EQ(changeBy(out.why[0], "penalties"), 0.0f);
    EXPECT_FLOAT_EQ(changeBy(out.why[1], "penalties"), -1.0f);
}

TEST(NgramBanStage, BansWhatFollowedTheLastNMinusOneTokensAndSparesThePrefix) {
    Step s;
    s.settings.greedy = true;
    s.settings.noRepeatNgramSize = 3;
    s.sequence = {1, 2, 3, 1, 2};
    auto out = once(s, {0, 0, 0, 5.0f, 0});
    EXPECT_EQ(out.why[3].cutBy, "ngram_ban");  // "1 2" was followed by 3 before
    EXPECT_NE(out.id, 3);
    s.penaltyFrom = 3;  // only "1 2" after the prefix counts
    out = once(s, {0, 0, 0, 5.0f, 0});
    EXPECT_EQ(out.id, 3);
}

// DRY: penalty = multiplier x base^(repeat length - allowed length) on the token that continued
// the earlier occurrence of the context's tail (llama.cpp's documentation of --dry-*).
TEST(DryStage, LowersARepeatedSequencesContinuationByTheDocumentedAmount) {
    Step s;
    s.settings.dryMultiplier = 0.8f;
    s.settings.dryBase = 1.75f;
    s.settings.dryAllowedLength = 2;
    s.sequence = {7, 1, 2, 3, 4, 7, 1, 2, 3};  // the tail "7 1 2 3" (length 4) was followed by 4
    const auto out = once(s, {0, 0, 0, 0, 0, 0, 0, 0});
    EXPECT_NEAR(changeBy(out.why[4], "dry"), -0.8f * std::pow(1.75f, 4 - 2), 1e-5);
    for (int id : {0, 1, 2, 3, 5, 6, 7}) EXPECT_FLOAT_EQ(changeBy(out.why[id], "dry"), 0.0f) << id;
}

TEST(DryStage, ARepeatStopsAtASequenceBreakerAndShortRepeatsAreFree) {
    Step s;
    s.settings.dryMultiplier = 0.8f;
    s.settings.dryBase = 1.75f;
    s.settings.dryAllowedLength = 2;
    s.sequence = {7, 1, 2, 3, 4, 7, 1, 2, 3};
    s.inputs.dryBreakerTokens = {1};  // the repeat may reach back only to "2 3"
    auto out = once(s, std::vector<float>(8, 0.0f));
    EXPECT_NEAR(changeBy(out.why[4], "dry"), -0.8f, 1e-6);  // 0.8 x 1.75^0
    s.settings.dryAllowedLength = 3;
    out = once(s, std::vector<float>(8, 0.0f));
    EXPECT_FLOAT_EQ(changeBy(out.why[4], "dry"), 0.0f);
}

TEST(TemperatureStage, TheDistributionAfterIsSoftmaxOfLogitsOverT) {
    Step s;
    s.settings.temperature = 0.5f;
    const std::vector<float> l{2.0f, 1.0f, 0.0f};
    const auto out = once(s, l);
    const auto p = sampler_test::softmax(l, 0.5);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(out.why[i].probAfter, p[i], 1e-12);
}

// llama.cpp's dynamic temperature: T = (t - r) + 2r x (H / log n)^exponent, H at temperature 1.
TEST(TemperatureStage, DynamicTemperatureFollowsTheNormalisedEntropy) {
    Step s;
    s.settings.temperature = 1.0f;
    s.settings.dynatempRange = 0.5f;
    s.settings.dynatempExponent = 2.0f;
    const std::vector<float> l{3.0f, 1.0f, 0.0f, -1.0f};
    const auto p1 = sampler_test::softmax(l);
    double h = 0;
    for (double x : p1) h -= x * std::log(x);
    const double t = 0.5 + 1.0 * std::pow(h / std::log(4.0), 2.0);
    const auto expected = sampler_test::softmax(l, t);
    const auto out = once(s, l);
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(out.why[i].probAfter, expected[i], 1e-9);
    EXPECT_GT(std::fabs(out.why[0].probAfter - p1[0]), 1e-3);  // it did change the temperature
}

TEST(TopKStage, KeepsTheKMostLikely) {
    Step s;
    s.settings.topK = 2;
    const auto out = once(s, {0.0f, 3.0f, 1.0f, 2.0f});
    EXPECT_EQ(out.why[0].cutBy, "top_k");
    EXPECT_EQ(out.why[2].cutBy, "top_k");
    EXPECT_EQ(out.why[1].cutBy, "");
    EXPECT_EQ(out.why[3].cutBy, "");
    EXPECT_TRUE(out.id == 1 || out.id == 3);
}

TEST(TopPStage, KeepsTheSmallestPrefixReachingP) {
    Step s;
    s.settings.topP = 0.7f;
    const auto out = once(s, {std::log(0.5f), std::log(0.3f), std::log(0.2f)});
    EXPECT_EQ(out.why[2].cutBy, "top_p");  // 0.5 + 0.3 >= 0.7
    EXPECT_NEAR(out.why[0].probAfter, 0.5 / 0.8, 1e-6);
}

// With min-p 0.5, every chosen token's probability after temperature is >= 0.5 x the step's best.
TEST(MinPStage, EveryChosenTokenIsAtLeastHalfAsLikelyAsTheBest) {
    std::mt19937 gen(3);
    std::normal_distribution<float> normal(0.0f, 2.0f);
    int violationsWithout = 0;
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<float> l(20);
        for (float& x : l) x = normal(gen);
        const auto p = sampler_test::softmax(l, 1.5);
        const double best = *std::max_element(p.begin(), p.end());
        Step s;
        s.settings.temperature = 1.5f;
        s.settings.minP = 0.5f;
        const auto out = once(s, l, static_cast<uint64_t>(trial));
        EXPECT_GE(p[out.id], 0.5 * best - 1e-12) << trial;
        s.settings.minP = 0.0f;
        const auto without = once(s, l, static_cast<uint64_t>(trial));
        violationsWithout += p[without.id] < 0.5 * best;
    }
    EXPECT_GT(violationsWithout, 20);  // the property is min-p's doing, not the logits'
}

// Probabilities 0.5, 0.25, 0.125, 0.125: entropy 1.75 bits; |surprise - entropy| is smallest for
// token 1 (0.25 bits away), then token 0 (0.75), then 2 and 3 (1.25).
TEST(TypicalPStage, KeepsTheTokensWhoseSurpriseIsNearestTheEntropy) {
    Step s;
    s.settings.typicalP = 0.2f;
    const std::vector<float> l{std::log(0.5f), std::log(0.25f), std::log(0.125f), std::log(0.125f)};
    auto out = once(s, l);
    EXPECT_EQ(out.id, 1);
    EXPECT_EQ(out.why[0].cutBy, "typical_p");  // the most likely token is not typical
    s.settings.typicalP = 0.5f;                // 0.25, then + 0.5 > 0.5
    out = once(s, l);
    EXPECT_EQ(out.why[0].cutBy, "");
    EXPECT_EQ(out.why[2].cutBy, "typical_p");
    EXPECT_NEAR(out.why[1].probAfter, 1.0 / 3.0, 1e-6);
}

// Logits 10, 9, 0, 0, 0, 0: mean 3.17, std 4.49; n = 0.5 keeps logits >= 10 - 2.24.
TEST(TopNSigmaStage, KeepsLogitsWithinNStandardDeviationsOfTheMax) {
    Step s;
    s.settings.topNSigma = 0.5f;
    const std::vector<float> l{10, 9, 0, 0, 0, 0};
    auto out = once(s, l);
    for (int i = 2; i < 6; ++i) EXPECT_EQ(out.why[i].cutBy, "top_n_sigma");
    EXPECT_EQ(out.why[1].cutBy, "");
    s.settings.topNSigma = 3.0f;  // 10 - 13.5: everything stays
    out = once(s, l);
    for (int i = 0; i < 6; ++i) EXPECT_EQ(out.why[i].cutBy, "");
}

// With XTC threshold 0.1 and probability 1 the most probable token is never chosen while two or
// more exceed 0.1.
TEST(XtcStage, TheTopChoiceIsNeverChosenWhileTwoExceedTheThreshold) {
    Step s;
    s.settings.xtcThreshold = 0.1f;
    s.settings.xtcProbability = 1.0f;
    const std::vector<float> l{std::log(0.4f), std::log(0.3f), std::log(0.2f), std::log(0.05f), std::log(0.05f)};
    std::set<int> chosen, chosenWithout;
    for (uint64_t seed = 0; seed < 300; ++seed) {
        const auto out = once(s, l, seed);
        chosen.insert(out.id);
        EXPECT_EQ(out.why[0].cutBy, "xtc");
        EXPECT_EQ(out.why[1].cutBy, "xtc");
        Step plain;
        chosenWithout.insert(once(plain, l, seed).id);
    }
    EXPECT_EQ(chosen.count(0), 0u);
    EXPECT_EQ(chosen.count(1), 0u);
    EXPECT_EQ(chosenWithout.count(0), 1u);
    // One token above the threshold: nothing to exclude.
    const auto single = once(s, {std::log(0.9f), std::log(0.05f), std::log(0.05f)});
    EXPECT_EQ(single.why[0].cutBy, "");
}

// Mirostat v2: mu starts at 2 tau; tokens with surprise -log2 p > mu are cut; after each pick
// mu -= eta (surprise of the pick among the survivors - tau).
TEST(MirostatV2Stage, CutsBySurpriseAndLearnsMu) {
    Step s;
    s.settings.mirostat = 2;
    s.settings.mirostatTau = 1.05f;  // mu = 2.1: keep p >= 0.25 (2 bits), cut 0.125 (3 bits)
    s.settings.mirostatEta = 1.0f;
    s.settings.topK = 1;            // replaced by Mirostat, as in llama.cpp
    const std::vector<float> l{std::log(0.5f), std::log(0.25f), std::log(0.125f), std::log(0.125f)};
    persona::detail::SamplerChain chain(s.settings, s.inputs);
    const auto names = chain.stageNames();
    EXPECT_EQ(std::count(names.begin(), names.end(), "top_k"), 0);
    for (uint64_t seed = 0; seed < 20; ++seed) {
        persona::detail::SamplerChain c(s.settings, s.inputs);
        std::mt19937_64 rng(seed);
        const auto first = sampler_test::run(s, l, rng, &c);
        EXPECT_EQ(first.why[2].cutBy, "mirostat");
        EXPECT_EQ(first.why[1].cutBy, "");
        const double mu = 2.1 - 1.0 * (-std::log2(first.probAfter) - 1.05);
        const auto second = sampler_test::run(s, l, rng, &c);
        for (int i = 0; i < 4; ++i) {
            const double p = i == 0 ? 0.5 : i == 1 ? 0.25 : 0.125;
            const bool kept = -std::log2(p) <= mu || i == 0;
            EXPECT_EQ(second.why[i].cutBy, kept ? "" : "mirostat") << "seed " << seed << " token " << i << " mu " << mu;
        }
    }
}

}  // namespace
