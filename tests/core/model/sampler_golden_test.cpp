// Generation with the settings that existed before the sampler chain (temperature, top-k, top-p,
// repetition penalty, n-gram ban, knowledge boost, minimum length, greedy) must give exactly the
// token ids the old code gave for the same seeds. The ids in tests/golden/sampler/old_settings_ids.json
// were written by the OLD code (main at cc081c9, before the chain) with
//   PERSONA_RECORD_GOLDEN=1 build/bin/test_generate --gtest_filter='OldSettingsGolden.*'
// and must never be re-recorded by the new code: they are the reference the refactor is held to.
#include "persona/generate/generator.h"
#include "persona/model/gpt2_model.h"
#include "persona/text/tokenizer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

namespace {

const std::string kFixtures = std::string(PERSONA_FIXTURES_DIR);
const std::string kDemoGenerator = kFixtures + "/../../resources/models/generator";
const std::string kGolden = kFixtures + "/../golden/sampler/old_settings_ids.json";

struct Case {
    std::string name;
    persona::SamplingSettings settings;
    std::vector<int> forced;
};

std::vector<Case> cases(int promptTokens) {
    std::vector<Case> out;
    auto add = [&](const std::string& name, auto edit, std::vector<int> forced = {}) {
        persona::SamplingSettings s;
        s.maxNewTokens = 40;
        s.stopAtEos = false;
        s.alternatives = 5;
        edit(s);
        out.push_back({name, s, std::move(forced)});
    };
    add("greedy", [](auto& s) { s.greedy = true; });
    add("greedy_penalties", [](auto& s) { s.greedy = true; s.repetitionPenalty = 1.3f; s.noRepeatNgramSize = 2; });
    add("t1_seed1", [](auto& s) { s.seed = 1; });
    add("t07_topk40_seed2", [](auto& s) { s.seed = 2; s.temperature = 0.7f; s.topK = 40; });
    add("t13_topp09_seed3", [](auto& s) { s.seed = 3; s.temperature = 1.3f; s.topP = 0.9f; });
    add("mixed_seed4", [](auto& s) {
        s.seed = 4; s.temperature = 0.9f; s.topK = 50; s.topP = 0.95f; s.repetitionPenalty = 1.3f;
    });
    add("ngram3_seed5", [](auto& s) { s.seed = 5; s.noRepeatNgramSize = 3; s.repetitionPenalty = 1.1f; });
    add("knowledge_seed6", [&](auto& s) {
        s.seed = 6; s.knowledgeTokens = promptTokens / 2; s.knowledgeBoost = 5.0f; s.repetitionPenalty = 1.2f;
    });
    add("minlen_seed7", [](auto& s) { s.seed = 7; s.minNewTokens = 30; s.stopAtEos = true; s.stopTokenIds = {5}; });
    add("forced_seed8", [](auto& s) { s.seed = 8; s.temperature = 0.8f; }, {10, 11, 12});
    add("nocache_topp08_seed9", [](auto& s) { s.seed = 9; s.topP = 0.8f; s.useCache = false; s.maxNewTokens = 16; });
    add("t05_topk3_seed10", [](auto& s) { s.seed = 10; s.temperature = 0.5f; s.topK = 3; });
    return out;
}

nlohmann::json runAll() {
    auto model = persona::Gpt2Model::load(kDemoGenerator);
    auto tok = persona::loadTokenizer(kDemoGenerator);
    persona::Generator gen(model, *tok);
    const std::vector<int> prompt = tok->encode("Привет! Я люблю собак и живу в Москве. А ты что любишь делать по выходным?");
    nlohmann::json out;
    out["prompt"] = prompt;
    for (const auto& c : cases(static_cast<int>(prompt.size()))) {
        const auto r = gen.generate(prompt, c.settings, {}, nullptr, c.forced);
        std::vector<int> ids;
        for (const auto& t : r.tokens) ids.push_back(t.id);
        out["cases"][c.name] = ids;
    }
    return out;
}

TEST(OldSettingsGolden, TheChainGivesTheOldCodesTokensForFixedSeeds) {
    const nlohmann::json now = runAll();
    if (std::getenv("PERSONA_RECORD_GOLDEN")) {
        std::ofstream(kGolden) << now.dump(1) << "\n";
        GTEST_SKIP() << "recorded " << kGolden;
    }
    std::ifstream in(kGolden);
    ASSERT_TRUE(in) << kGolden;
    const auto golden = nlohmann::json::parse(in);
    ASSERT_EQ(now["prompt"], golden["prompt"]);
    ASSERT_EQ(golden["cases"].size(), now["cases"].size());
    for (const auto& [name, ids] : golden["cases"].items()) {
        EXPECT_EQ(now["cases"][name], ids) << name;
        EXPECT_GE(ids.size(), 3u) << name;
    }
}

}  // namespace
