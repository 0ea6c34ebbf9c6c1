#include "cli.h"
#include "cli_test_util.h"

#include "persona/version.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

namespace {

using persona::test::runCli;

TEST(Cli, VersionPrintsProductAndVersion) {
    const auto r = runCli({"--version"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, std::string("Persona Studio ") + persona::kVersion + "\n");
}

TEST(Cli, HelpListsSubcommands) {
    const auto r = runCli({"--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("info"), std::string::npos) << r.out;
}

TEST(Cli, UnknownSubcommandIsAUsageError) {
    const auto r = runCli({"no-such-command"});
    EXPECT_EQ(r.status, persona::cli::kExitUsage);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("no-such-command"), std::string::npos) << r.err;
}

TEST(Cli, InfoIsJsonWithRuntimeFacts) {
    const auto r = runCli({"info"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("torch_version").get<std::string>().substr(0, 2), "1.");
    EXPECT_GE(j.at("threads").get<int>(), 1);
    EXPECT_TRUE(j.contains("sentencepiece_shim")) << r.out;
}

}  // namespace

// ---- the engine's command-line contract (issue 3) ----------------------------------------------

#include "persona/model/gpt2_model.h"
#include "persona/model/model_folder.h"
#include "persona/text/tokenizer.h"

#include <filesystem>
#include <fstream>

namespace {

const std::string kModels = std::string(PERSONA_FIXTURES_DIR) + "/models";

TEST(CliForward, Gpt2LogitsMatchTheReference) {
    const auto r = runCli({"forward", "--model", kModels + "/tiny-gpt2", "--ids", "5,17,3"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto ref = nlohmann::json::parse(std::ifstream(kModels + "/reference.json"))["gpt2"]["logits"][0];
    ASSERT_EQ(j["logits"].size(), 3u);  // a causal prefix of the reference's first sequence
    for (size_t t = 0; t < 3; ++t) {
        ASSERT_EQ(j["logits"][t].size(), 97u);
        for (size_t v = 0; v < 97; ++v) EXPECT_NEAR(j["logits"][t][v].get<double>(), ref[t][v].get<double>(), 1e-4);
    }
}

TEST(CliForward, BertPrintsHiddenStatesAndPooler) {
    const auto r = runCli({"forward", "--model", kModels + "/tiny-bert-bin", "--ids", "2,14,33,7,3"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["last_hidden_state"].size(), 5u);
    EXPECT_EQ(j["last_hidden_state"][0].size(), 32u);
    EXPECT_EQ(j["pooler_output"].size(), 32u);
}

TEST(CliForward, BadInputsAreErrorsOnStderr) {
    auto r = runCli({"forward", "--model", kModels + "/tiny-gpt2", "--ids", "5,x"});
    EXPECT_EQ(r.status, persona::cli::kExitError);
    EXPECT_NE(r.err.find("\"x\" is not a token id"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
    r = runCli({"forward", "--model", kModels + "/tiny-gpt2", "--ids", "97"});
    EXPECT_NE(r.err.find("outside the vocabulary"), std::string::npos) << r.err;
    r = runCli({"forward", "--model", kModels + "/tiny-gpt2", "--ids", "5", "--dtype", "f16"});
    EXPECT_NE(r.err.find("f16 compute needs CUDA"), std::string::npos) << r.err;
    r = runCli({"generate", "--model", kModels + "/tiny-gpt2", "--prompt", "hi"});
    EXPECT_EQ(r.status, persona::cli::kExitError);  // no tokenizer files in that folder
    EXPECT_NE(r.err.find("tiny-gpt2"), std::string::npos) << r.err;
}

// bench decode --weights (issue 17): what the step reads is what weight_bytes counts.
TEST(CliBenchDecode, WeightsChangeTheBytesReadPerToken) {
    auto run = [](const std::string& weights) {
        const auto r = runCli({"bench", "decode", "--config", "gpt2", "--prompt-tokens", "2", "--new-tokens", "3",
                               "--no-bandwidth", "--weights", weights});
        EXPECT_EQ(r.status, 0) << r.err;
        return nlohmann::json::parse(r.out);
    };
    const auto f32 = run("f32"), q8 = run("int8");
    EXPECT_EQ(f32["weights"], "f32");
    EXPECT_EQ(q8["weights"], "int8");
    const double ratio = q8["weight_bytes"].get<double>() / f32["weight_bytes"].get<double>();
    EXPECT_GT(ratio, 0.24);  // 1 byte per matrix weight instead of 4, plus scales and F32 norms
    EXPECT_LT(ratio, 0.27);
    EXPECT_GT(q8["model_bytes"].get<double>(), f32["model_bytes"].get<double>());  // F32 + the int8 copy
    EXPECT_EQ(q8["generated_ids"].size(), 3u);
}

TEST(CliBenchDecode, BadWeightsAreUsageErrors) {
    auto r = runCli({"bench", "decode", "--weights", "int4", "--no-bandwidth"});
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("int4"), std::string::npos) << r.err;
    r = runCli({"bench", "decode", "--weights", "int8", "--kernel", "torch", "--no-bandwidth"});
    EXPECT_EQ(r.status, persona::cli::kExitError);
    EXPECT_NE(r.err.find("--kernel torch reads the F32 parameters"), std::string::npos) << r.err;
}

// --knowledge-boost is shared by the agent commands and eval generator: a value outside -1..100
// is refused while the options are parsed, before a store or a model is opened.
TEST(CliKnowledgeBoost, OutOfRangeValuesAreUsageErrorsInEveryCommandThatTakesIt) {
    const std::vector<std::vector<std::string>> commands{
        {"chat", "--persona", "x"},
        {"suite", "run", "--persona", "x"},
        {"selfplay", "--persona", "x", "--partner", "y"},
        {"telegram", "--persona", "x", "--token-file", "/nonexistent"},
        {"eval", "generator", "--data", "/nonexistent.jsonl"}};
    for (auto args : commands) {
        for (const char* bad : {"-2", "101", "nan"}) {
            auto withBoost = args;
            withBoost.insert(withBoost.end(), {"--knowledge-boost", bad});
            const auto r = runCli(withBoost);
            EXPECT_EQ(r.status, persona::cli::kExitUsage) << args[0] << " " << bad << ": " << r.err;
            EXPECT_NE(r.err.find("--knowledge-boost"), std::string::npos) << args[0] << " " << bad << ": " << r.err;
        }
        const auto help = runCli([&] { auto h = args; h.push_back("--help"); return h; }());
        EXPECT_NE(help.out.find("--knowledge-boost"), std::string::npos) << args[0];
    }
}

class CliGenerate : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = persona::test::makeTinyGpt2Folder("persona_cli_gen");
    }
    static void TearDownTestSuite() { std::filesystem::remove_all(dir); }
    static inline std::string dir;
};

// persona-cli score: {"logprob", "tokens": [{"id", "text", "logprob"}]}, the continuation's own
// tokens (as the tokenizer gives them, nothing added), checked against log-softmax of the plain
// forward pass's logits.
TEST_F(CliGenerate, ScorePrintsTheContinuationsTokensAndTheirLogprobs) {
    const std::string prompt = "[P1u] hello [P2u]", continuation = " the cat is here";
    const auto r = runCli({"score", "--model", dir, "--prompt", prompt, "--continuation", continuation});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto tokenizer = persona::loadTokenizer(dir);
    const auto promptIds = tokenizer->encode(prompt), ids = tokenizer->encode(continuation);
    ASSERT_EQ(j["tokens"].size(), ids.size());
    const auto model = persona::Gpt2Model::load(dir);
    std::vector<int> fed = promptIds;
    fed.insert(fed.end(), ids.begin(), ids.end());
    const auto logits = model.logits(fed);
    double total = 0;
    std::string text;
    for (size_t t = 0; t < ids.size(); ++t) {
        const auto& row = logits[promptIds.size() - 1 + t];
        double mx = row[0];
        for (float v : row) mx = std::max(mx, static_cast<double>(v));
        double z = 0;
        for (float v : row) z += std::exp(v - mx);
        const double expected = row[ids[t]] - mx - std::log(z);
        EXPECT_EQ(j["tokens"][t]["id"].get<int>(), ids[t]);
        EXPECT_NEAR(j["tokens"][t]["logprob"].get<double>(), expected, 1e-4) << t;
        total += j["tokens"][t]["logprob"].get<double>();
        text += j["tokens"][t]["text"].get<std::string>();
    }
    EXPECT_NEAR(j["logprob"].get<double>(), total, 1e-9);
    EXPECT_EQ(text, continuation);

    const auto empty = runCli({"score", "--model", dir, "--prompt", prompt, "--continuation", ""});
    EXPECT_EQ(empty.status, persona::cli::kExitError);
    EXPECT_NE(empty.err.find("the continuation has no tokens"), std::string::npos) << empty.err;
}

TEST_F(CliGenerate, PrintsTextAndEveryTokenWithAlternatives) {
    const auto r = runCli({"generate", "--model", dir, "--prompt", "[P1u] hello [P2u]", "--max-new-tokens", "8",
                           "--seed", "3", "--alternatives", "4"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_TRUE(j["text"].is_string());
    ASSERT_GE(j["tokens"].size(), 1u);
    std::string joined;
    for (const auto& t : j["tokens"]) {
        EXPECT_TRUE(t["id"].is_number_integer());
        EXPECT_GT(t["prob"].get<double>(), 0.0);
        ASSERT_EQ(t["alternatives"].size(), 4u);
        EXPECT_GE(t["alternatives"][0]["prob"].get<double>(), t["alternatives"][3]["prob"].get<double>());
        joined += t["text"].get<std::string>();
    }
    if (j["stop_reason"] == "max_tokens") {
        EXPECT_EQ(joined, j["text"].get<std::string>());
    }
}

TEST_F(CliGenerate, GreedyIsTheSameWithAndWithoutTheCache) {
    const std::vector<std::string> base{"generate", "--model", dir, "--prompt", "[P1u] hi", "--max-new-tokens", "12", "--greedy"};
    auto noCache = base;
    noCache.push_back("--no-cache");
    const auto a = nlohmann::json::parse(runCli(base).out);
    const auto b = nlohmann::json::parse(runCli(noCache).out);
    ASSERT_EQ(a["tokens"].size(), b["tokens"].size());
    for (size_t i = 0; i < a["tokens"].size(); ++i) EXPECT_EQ(a["tokens"][i]["id"], b["tokens"][i]["id"]);
}

}  // namespace
