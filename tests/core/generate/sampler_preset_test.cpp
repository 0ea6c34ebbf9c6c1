// Sampler presets: our JSON round trip, SillyTavern's text-completion presets, hostile files.
#include "persona/error.h"
#include "persona/generate/sampler_preset.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>

namespace {

const std::string kPresets = std::string(PERSONA_FIXTURES_DIR) + "/presets";

persona::SamplingSettings everythingSet() {
    persona::SamplingSettings s;
    s.temperature = 0.7f;
    s.dynatempRange = 0.3f;
    s.dynatempExponent = 1.5f;
    s.topK = 40;
    s.topP = 0.9f;
    s.minP = 0.05f;
    s.typicalP = 0.95f;
    s.topNSigma = 1.5f;
    s.xtcThreshold = 0.15f;
    s.xtcProbability = 0.5f;
    s.repetitionPenalty = 1.1f;
    s.presencePenalty = 0.2f;
    s.frequencyPenalty = 0.1f;
    s.penaltyLastN = 64;
    s.noRepeatNgramSize = 3;
    s.dryMultiplier = 0.8f;
    s.dryBase = 1.5f;
    s.dryAllowedLength = 3;
    s.dryPenaltyLastN = 128;
    s.drySequenceBreakers = {"\n", "«"};
    s.mirostat = 2;
    s.mirostatTau = 4.0f;
    s.mirostatEta = 0.2f;
    s.logitBias = {{5, 1.5f}, {7, -INFINITY}};
    s.samplers = {"dry", "penalties", "ngram_ban", "top_k", "temperature", "min_p", "top_p", "typical_p", "top_n_sigma", "xtc"};
    s.knowledgeBoost = 2.0f;
    s.maxNewTokens = 80;
    s.minNewTokens = 4;
    s.greedy = true;
    return s;
}

TEST(SamplerPreset, OurFormatRoundTripsEveryField) {
    const auto s = everythingSet();
    const std::string text = persona::samplerPresetToJson(s, "Творческий");
    const auto back = persona::parseSamplerPreset(text, {}, "test.json");
    EXPECT_FALSE(back.sillyTavern);
    EXPECT_EQ(back.name, "Творческий");
    EXPECT_TRUE(back.ignored.empty());
    // Written again, the same text: nothing was lost or changed.
    EXPECT_EQ(persona::samplerPresetToJson(back.settings, "Творческий"), text);
    EXPECT_EQ(back.settings.samplers, s.samplers);
    ASSERT_EQ(back.settings.logitBias.size(), 2u);
    EXPECT_TRUE(std::isinf(back.settings.logitBias[1].bias));
    EXPECT_EQ(back.settings.drySequenceBreakers, s.drySequenceBreakers);
    EXPECT_FLOAT_EQ(back.settings.dynatempRange, 0.3f);
    EXPECT_EQ(back.settings.mirostat, 2);
    EXPECT_TRUE(back.settings.greedy);
}

TEST(SamplerPreset, ThePresetLeavesTheSeedAndStopsAlone) {
    persona::SamplingSettings base;
    base.seed = 99;
    base.stopStrings = {"\n"};
    const auto p = persona::parseSamplerPreset(persona::samplerPresetToJson(everythingSet()), base, "x");
    EXPECT_EQ(p.settings.seed, 99u);
    EXPECT_EQ(p.settings.stopStrings, base.stopStrings);
}

TEST(SamplerPreset, SaveAndLoadAFile) {
    const std::string path = ::testing::TempDir() + "/sampler_preset_test.json";
    persona::saveSamplerPresetFile(path, everythingSet());
    const auto p = persona::loadSamplerPresetFile(path, {});
    EXPECT_EQ(p.name, "sampler_preset_test");  // the file name when the preset has none
    EXPECT_EQ(p.settings.topK, 40);
    std::remove(path.c_str());
}

TEST(SamplerPreset, SillyTavernTextCompletionFieldsMap) {
    const auto p = persona::loadSamplerPresetFile(kPresets + "/sillytavern_textgen.json", {});
    const auto& s = p.settings;
    EXPECT_TRUE(p.sillyTavern);
    EXPECT_FLOAT_EQ(s.temperature, 1.0f);  // (0.5 + 1.5) / 2, dynatemp on
    EXPECT_FLOAT_EQ(s.dynatempRange, 0.5f);
    EXPECT_FLOAT_EQ(s.dynatempExponent, 1.25f);
    EXPECT_EQ(s.topK, 40);
    EXPECT_FLOAT_EQ(s.topP, 0.9f);
    EXPECT_FLOAT_EQ(s.typicalP, 0.95f);
    EXPECT_FLOAT_EQ(s.minP, 0.05f);
    EXPECT_FLOAT_EQ(s.repetitionPenalty, 1.15f);
    EXPECT_EQ(s.penaltyLastN, 256);
    EXPECT_FLOAT_EQ(s.frequencyPenalty, 0.2f);
    EXPECT_FLOAT_EQ(s.presencePenalty, 0.3f);
    EXPECT_EQ(s.minNewTokens, 4);
    EXPECT_FLOAT_EQ(s.dryMultiplier, 0.8f);
    EXPECT_EQ(s.dryAllowedLength, 3);
    EXPECT_EQ(s.dryPenaltyLastN, -1);  // SillyTavern's 0 = the whole context
    EXPECT_EQ(s.drySequenceBreakers, (std::vector<std::string>{"\n", ":", "\"", "*"}));
    EXPECT_EQ(s.mirostat, 2);
    EXPECT_FLOAT_EQ(s.mirostatTau, 4.0f);
    EXPECT_FLOAT_EQ(s.xtcProbability, 0.5f);
    EXPECT_FALSE(s.greedy);
    ASSERT_EQ(s.logitBias.size(), 2u);
    EXPECT_EQ(s.logitBias[0].id, 15);
    EXPECT_FLOAT_EQ(s.logitBias[1].bias, -2.5f);
    // The priority list in our names, temperature moved last (temperature_last).
    EXPECT_EQ(s.samplers, (std::vector<std::string>{"penalties", "dry", "top_n_sigma", "top_k", "top_p", "typical_p",
                                                    "min_p", "xtc", "ngram_ban", "temperature"}));
    // What has no stage here is reported, not dropped silently.
    auto has = [&](const std::string& key) {
        for (const auto& i : p.ignored)
            if (i.find(key) != std::string::npos) return true;
        return false;
    };
    EXPECT_TRUE(has("top_a"));
    EXPECT_TRUE(has("tfs"));
    EXPECT_TRUE(has("hello"));
    EXPECT_FALSE(has("rep_pen_slope"));  // at its "off" value
}

TEST(SamplerPreset, BadFilesAreClearErrorsNamingTheFileAndField) {
    auto error = [](const std::string& text) {
        try {
            persona::parseSamplerPreset(text, {}, "bad.json");
        } catch (const persona::ImportError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(error("{\"temp\": \"hot\"}").find("bad.json: \"temp\" must be a number"), std::string::npos);
    EXPECT_NE(error("[1, 2]").find("a JSON object"), std::string::npos);
    EXPECT_NE(error("{\"top_p\": 7}").find("top-p"), std::string::npos);  // validated
    EXPECT_NE(error("{\"format\": \"other\"}").find("unknown preset format"), std::string::npos);
    EXPECT_NE(error("{\"top_k\": 1.5}").find("whole number"), std::string::npos);
    EXPECT_NE(error(std::string(40, '[') + std::string(40, ']')).find("deeper than 16"), std::string::npos);
    EXPECT_NE(error("{\"a\":" + std::string(40, '[') + std::string(40, ']') + "}").find("deeper than 16"), std::string::npos);
    EXPECT_NE(error("{\"dry_sequence_breakers\": \"[1]\"}").find("list of strings"), std::string::npos);
    EXPECT_NE(error("{\"top_k\": ").find("not JSON"), std::string::npos);
    EXPECT_NE(error(std::string(2 << 20, ' ')).find("larger than 1 MiB"), std::string::npos);
    EXPECT_THROW(persona::loadSamplerPresetFile("/nonexistent/preset.json", {}), persona::IoError);
}

}  // namespace
