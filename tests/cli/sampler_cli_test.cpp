// The shared sampling option table: every generating command takes the same options, and
// persona-cli generate prints the chain's attribution per alternative ("cut_by", "prob_after").
#include "cli.h"
#include "cli_test_util.h"

#include "persona/model/gpt2_model.h"
#include "persona/model/model_folder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {

using persona::test::runCli;

class CliSampler : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = persona::test::makeTinyGpt2Folder("persona_cli_sampler");
    }
    static void TearDownTestSuite() { std::filesystem::remove_all(dir); }
    static nlohmann::json generate(std::vector<std::string> extra) {
        std::vector<std::string> args{"generate", "--model", dir, "--prompt", "[P1u] hello [P2u]", "--max-new-tokens", "10",
                                      "--seed", "5", "--alternatives", "6"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = runCli(args);
        EXPECT_EQ(r.status, 0) << r.err;
        return r.status == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
    }
    static inline std::string dir;
};

// With top-k 2 (and nothing else moving logits) the model's own two best survive and share all the
// probability; the other four stored alternatives are "cut_by": "top_k" with "prob_after" 0.
TEST_F(CliSampler, GenerateSaysWhichStageCutEachAlternative) {
    const auto j = generate({"--top-k", "2", "--temperature", "0.8"});
    ASSERT_GE(j["tokens"].size(), 1u);
    for (const auto& t : j["tokens"]) {
        const auto& alts = t["alternatives"];
        ASSERT_EQ(alts.size(), 6u);
        double survivors = 0;
        for (size_t i = 0; i < alts.size(); ++i) {
            ASSERT_TRUE(alts[i].contains("cut_by") && alts[i].contains("prob_after")) << alts[i];
            if (i < 2) {
                EXPECT_TRUE(alts[i]["cut_by"].is_null()) << alts[i];
                survivors += alts[i]["prob_after"].get<double>();
            } else {
                EXPECT_EQ(alts[i]["cut_by"], "top_k") << alts[i];
                EXPECT_EQ(alts[i]["prob_after"].get<double>(), 0.0);
            }
        }
        EXPECT_NEAR(survivors, 1.0, 1e-5);
        EXPECT_TRUE(t["id"] == alts[0]["id"] || t["id"] == alts[1]["id"]);
        EXPECT_GT(t["prob_after"].get<double>(), 0.0);
    }
}

TEST_F(CliSampler, LogitBiasBansATokenAndThePenaltyShowsAsALogitChange) {
    const auto first = generate({"--greedy"});
    const int best = first["tokens"][0]["id"].get<int>();
    const auto banned = generate({"--greedy", "--logit-bias", std::to_string(best) + "-inf"});
    EXPECT_NE(banned["tokens"][0]["id"].get<int>(), best);
    EXPECT_EQ(banned["tokens"][0]["alternatives"][0]["cut_by"], "logit_bias");
    const auto dry = generate({"--presence-penalty", "0.5"});
    bool sawChange = false;
    for (const auto& t : dry["tokens"])
        for (const auto& a : t["alternatives"])
            if (a["logit_changes"].contains("penalties")) {
                EXPECT_FLOAT_EQ(a["logit_changes"]["penalties"].get<float>(), -0.5f);
                sawChange = true;
            }
    EXPECT_TRUE(sawChange);
}

TEST_F(CliSampler, BadSamplerOptionsAreUsageErrorsNamingTheSetting) {
    auto run = [](std::vector<std::string> extra) {
        std::vector<std::string> args{"generate", "--model", dir, "--prompt", "hi"};
        args.insert(args.end(), extra.begin(), extra.end());
        return runCli(args);
    };
    auto r = run({"--samplers", "top_k;bogus"});
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("unknown stage \"bogus\""), std::string::npos) << r.err;
    r = run({"--logit-bias", "12"});
    EXPECT_NE(r.err.find("ID+BIAS"), std::string::npos) << r.err;
    r = run({"--min-p", "2"});
    EXPECT_NE(r.err.find("min-p"), std::string::npos) << r.err;
    r = run({"--mirostat", "1"});
    EXPECT_NE(r.err.find("Mirostat v2"), std::string::npos) << r.err;
}

TEST_F(CliSampler, SamePresetFileSameTokensAsTheSameOptions) {
    const std::string preset = dir + "/preset.json";
    {
        std::ofstream out(preset);
        out << R"({"temp": 0.7, "min_p": 0.1, "rep_pen": 1.2, "xtc_probability": 0.5, "xtc_threshold": 0.2})";
    }
    const auto a = generate({"--sampler-preset", preset});
    const auto b = generate({"--temperature", "0.7", "--min-p", "0.1", "--repetition-penalty", "1.2",
                             "--xtc-probability", "0.5", "--xtc-threshold", "0.2"});
    EXPECT_EQ(a["text"], b["text"]);
    const auto c = generate({"--sampler-preset", preset, "--temperature", "1.5"});  // the option wins
    EXPECT_NE(a["text"], c["text"]);
}

// chat, suite run, selfplay and telegram share one table: the same options everywhere.
TEST(CliSamplerOptions, EveryAgentCommandTakesTheSameOptions) {
    const std::vector<std::vector<std::string>> commands{{"chat"}, {"suite", "run"}, {"selfplay"}, {"telegram"}};
    for (const auto& args : commands) {
        auto h = args;
        h.push_back("--help");
        const auto help = runCli(h).out;
        for (const char* option : {"--threshold", "--greedy", "--min-p", "--typical-p", "--top-n-sigma", "--xtc-threshold",
                                   "--xtc-probability", "--dry-multiplier", "--dry-base", "--dry-allowed-length",
                                   "--dry-penalty-last-n", "--mirostat", "--mirostat-tau", "--mirostat-eta",
                                   "--presence-penalty", "--frequency-penalty", "--dynatemp-range", "--logit-bias",
                                   "--samplers", "--sample-top-k", "--top-p", "--sampler-preset"})
            EXPECT_NE(help.find(option), std::string::npos) << args[0] << " lacks " << option;
    }
    const auto gen = runCli({"generate", "--help"}).out;
    for (const char* option : {"--top-k", "--min-p", "--dry-multiplier", "--mirostat", "--logit-bias", "--samplers"})
        EXPECT_NE(gen.find(option), std::string::npos) << "generate lacks " << option;
}

}  // namespace
