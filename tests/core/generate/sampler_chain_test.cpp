// The chain as a whole: which stages it builds, their order, greedy, attribution, determinism, and
// the settings' validation and parsing.
#include "persona/error.h"
#include "sampler_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace {

using sampler_test::once;
using sampler_test::Step;

std::vector<std::string> stages(const persona::SamplingSettings& s) {
    return persona::detail::SamplerChain(s, {}).stageNames();
}

TEST(SamplerChain, TheDefaultsBuildOnlyThePick) {
    EXPECT_EQ(stages({}), std::vector<std::string>{"pick"});
}

TEST(SamplerChain, TheDefaultOrderIsTheWebuiOneAndLogitBiasComesFirst) {
    persona::SamplingSettings s;
    s.logitBias = {{1, 1.0f}};
    s.repetitionPenalty = 1.1f;
    s.temperature = 0.7f;
    s.topK = 40;
    s.topP = 0.9f;
    s.minP = 0.05f;
    s.xtcProbability = 0.5f;
    s.dryMultiplier = 0.8f;
    EXPECT_EQ(stages(s), (std::vector<std::string>{"logit_bias", "penalties", "dry", "temperature", "top_k", "top_p",
                                                   "min_p", "xtc", "pick"}));
    s.samplers = {"xtc", "top_p", "temp", "dry"};  // only the named configurable stages, in that order
    EXPECT_EQ(stages(s), (std::vector<std::string>{"logit_bias", "xtc", "top_p", "temperature", "dry", "pick"}));
}

// The order matters: min-p before the temperature judges the sharp distribution, after it the flat one.
TEST(SamplerChain, TheOrderSettingChangesWhatMinPCuts) {
    Step s;
    s.settings.temperature = 3.0f;
    s.settings.minP = 0.5f;  // log 0.5 = -0.69
    const std::vector<float> l{0.0f, -1.0f, -2.0f};
    s.settings.samplers = {"min_p", "temperature"};
    auto out = once(s, l);
    EXPECT_EQ(out.why[1].cutBy, "min_p");  // -1 < -0.69
    s.settings.samplers = {"temperature", "min_p"};
    out = once(s, l);
    EXPECT_EQ(out.why[1].cutBy, "");  // -1 / 3 >= -0.69
    EXPECT_EQ(out.why[2].cutBy, "");
}

TEST(SamplerChain, GreedyTakesTheArgmaxAfterTheLogitStagesAndSkipsTheRest) {
    Step s;
    s.settings.greedy = true;
    s.settings.xtcProbability = 1.0f;  // would remove the top choice
    s.settings.topK = 1;
    s.settings.temperature = 0.5f;
    s.settings.repetitionPenalty = 4.0f;
    s.sequence = {0};
    EXPECT_EQ(stages(s.settings), (std::vector<std::string>{"penalties", "greedy"}));
    const auto out = once(s, {2.0f, 1.0f, 0.5f});
    EXPECT_EQ(out.id, 1);  // 2 / 4 = 0.5 < 1
}

TEST(SamplerChain, AttributionSumsToOneOverTheSurvivorsAndNamesTheCutter) {
    Step s;
    s.settings.topK = 3;
    s.settings.topP = 0.9f;
    s.settings.repetitionPenalty = 1.5f;
    s.sequence = {1};
    const std::vector<float> l{4.0f, 3.5f, 3.0f, 0.0f, -1.0f};
    const auto out = once(s, l);
    double total = 0;
    for (const auto& a : out.why) {
        if (a.cutBy.empty()) total += a.probAfter;
        else EXPECT_EQ(a.probAfter, 0.0);
    }
    EXPECT_NEAR(total, 1.0, 1e-12);
    EXPECT_EQ(out.why[3].cutBy, "top_k");
    ASSERT_EQ(out.why[1].changes.size(), 1u);
    EXPECT_EQ(out.why[1].changes[0].stage, "penalties");
    EXPECT_NEAR(out.why[1].changes[0].delta, 3.5f / 1.5f - 3.5f, 1e-6);
    EXPECT_EQ(out.why[out.id].cutBy, "");
    EXPECT_NEAR(out.probAfter, out.why[out.id].probAfter, 1e-12);
}

TEST(SamplerChain, SameSeedSamePicksOtherSeedOtherPicks) {
    Step s;
    s.settings.temperature = 1.2f;
    s.settings.minP = 0.01f;
    s.settings.xtcProbability = 0.5f;
    std::vector<float> l(50);
    for (size_t i = 0; i < l.size(); ++i) l[i] = static_cast<float>(std::sin(i * 1.7) * 2.0);
    auto draw = [&](uint64_t seed) {
        std::mt19937_64 rng(seed);
        persona::detail::SamplerChain chain(s.settings, s.inputs);
        std::vector<int> ids;
        for (int i = 0; i < 30; ++i) ids.push_back(sampler_test::run(s, l, rng, &chain).id);
        return ids;
    };
    EXPECT_EQ(draw(5), draw(5));
    EXPECT_NE(draw(5), draw(6));
}

TEST(SamplerChain, EverythingBannedGivesTheLowestIdLikeTheOldSampler) {
    Step s;
    s.settings.logitBias = {{0, -INFINITY}, {1, -INFINITY}};
    EXPECT_EQ(once(s, {1.0f, 2.0f}).id, 0);
}

TEST(SamplingSettings, ValidationNamesTheSetting) {
    auto message = [](auto edit) {
        persona::SamplingSettings s;
        edit(s);
        try {
            persona::validate(s);
        } catch (const persona::InvalidArgument& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(message([](auto& s) { s.minP = 1.5f; }).find("min-p"), std::string::npos);
    EXPECT_NE(message([](auto& s) { s.typicalP = 0.0f; }).find("typical-p"), std::string::npos);
    EXPECT_NE(message([](auto& s) { s.xtcProbability = NAN; }).find("XTC probability"), std::string::npos);
    EXPECT_NE(message([](auto& s) { s.mirostat = 1; }).find("mirostat"), std::string::npos);
    EXPECT_NE(message([](auto& s) { s.dryBase = 0.5f; }).find("DRY base"), std::string::npos);
    EXPECT_NE(message([](auto& s) { s.dryAllowedLength = 0; }).find("DRY allowed length"), std::string::npos);
    EXPECT_NE(message([](auto& s) { s.dynatempRange = -1.0f; }).find("dynamic temperature"), std::string::npos);
    EXPECT_NE(message([](auto& s) { s.samplers = {"top_k", "bogus"}; }).find("unknown stage \"bogus\""), std::string::npos);
    EXPECT_NE(message([](auto& s) { s.samplers = {"top_k", "top-k"}; }).find("twice"), std::string::npos);
    EXPECT_NE(message([](auto& s) { s.logitBias = {{3, INFINITY}}; }).find("logit bias"), std::string::npos);
    EXPECT_EQ(message([](auto& s) { s.topNSigma = 1.0f; s.minP = 0.1f; s.mirostat = 2; }), "accepted");
}

TEST(SamplingSettings, SamplerOrderTakesLlamaCppNames) {
    EXPECT_EQ(persona::parseSamplerOrder("penalties;dry;top_n_sigma;top_k;typ_p;top_p;min_p;xtc;temperature"),
              (std::vector<std::string>{"penalties", "dry", "top_n_sigma", "top_k", "typical_p", "top_p", "min_p", "xtc",
                                        "temperature"}));
    EXPECT_EQ(persona::parseSamplerOrder("top-k, temp"), (std::vector<std::string>{"top_k", "temperature"}));
    EXPECT_THROW(persona::parseSamplerOrder(" ; "), persona::InvalidArgument);
}

TEST(SamplingSettings, LogitBiasSyntaxIsLlamaCpps) {
    auto b = persona::parseLogitBias("15043+1.5");
    EXPECT_EQ(b.id, 15043);
    EXPECT_FLOAT_EQ(b.bias, 1.5f);
    b = persona::parseLogitBias("7-0.25");
    EXPECT_FLOAT_EQ(b.bias, -0.25f);
    b = persona::parseLogitBias("7-inf");
    EXPECT_TRUE(std::isinf(b.bias) && b.bias < 0);
    for (const char* bad : {"7", "+1", "x+1", "7+", "7+inf", "7+-1", "7+nan", "-3+1", "7+1e999"})
        EXPECT_THROW(persona::parseLogitBias(bad), persona::InvalidArgument) << bad;
}

}  // namespace
