// persona-cli suite add|run|list|compare and selfplay, in-process with the tiny models: the run's
// JSON has exactly the documented shape, hit follows the expected facts, a fact disabled in the
// next revision is a regression in `suite compare`, unknown facts are clear errors.
#include "cli_test_util.h"

#include "../core/agent/tiny_models.h"

#include "persona/store/database.h"
#include "persona/store/persona_repo.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

using persona::test::runCli;

namespace {

class CliSuite : public ::testing::Test {
protected:
    static void SetUpTestSuite() { models = new persona::test::TinyModels; }
    static void TearDownTestSuite() { delete models; }

    CliSuite() : db(models->root() + "/cli_suite_" + std::to_string(counter++) + ".db") {
        EXPECT_EQ(runCli({"persona", "add", "Кирилл", "--db", db}).status, 0);
        for (const char* f : {"Я живу в Москве", "У меня есть кошка", "Я люблю футбол"})
            EXPECT_EQ(runCli({"persona", "add-fact", "Кирилл", f, "--db", db}).status, 0);
    }

    std::vector<std::string> modelArgs() const {
        return {"--generator", models->generator(), "--retriever", models->retriever(), "--db", db,
                "--max-new-tokens", "6", "--seed", "3", "--top-k", "1", "--threshold", "-1000"};
    }
    persona::test::CliResult run(std::vector<std::string> args) const {
        for (const auto& a : modelArgs()) args.push_back(a);
        return runCli(args);
    }

    static inline persona::test::TinyModels* models = nullptr;
    static inline int counter = 0;
    std::string db;
};

TEST_F(CliSuite, AddAndRunPrintTheDocumentedJson) {
    auto r = runCli({"suite", "add", "--persona", "Кирилл", "--question", "Где ты живёшь?", "--expect",
                     "Я живу в Москве", "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["question"], "Где ты живёшь?");
    EXPECT_EQ(j["expected"], nlohmann::json::array({"Я живу в Москве"}));
    ASSERT_EQ(runCli({"suite", "add", "--persona", "Кирилл", "--question", "Как дела?", "--db", db}).status, 0);

    r = run({"suite", "run", "--persona", "Кирилл"});
    ASSERT_EQ(r.status, 0) << r.err;
    j = nlohmann::json::parse(r.out);
    std::set<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.insert(it.key());
    EXPECT_EQ(keys, (std::set<std::string>{"persona", "revision", "questions", "hit_rate"}));
    EXPECT_EQ(j["persona"], "Кирилл");
    EXPECT_EQ(j["revision"], 4);  // created empty, then three facts
    ASSERT_EQ(j["questions"].size(), 2u);
    const auto& q0 = j["questions"][0];
    std::set<std::string> qkeys;
    for (auto it = q0.begin(); it != q0.end(); ++it) qkeys.insert(it.key());
    EXPECT_EQ(qkeys, (std::set<std::string>{"question", "retrieved", "expected", "hit", "reply", "reliance"}));
    EXPECT_EQ(q0["question"], "Где ты живёшь?");
    EXPECT_EQ(q0["expected"], nlohmann::json::array({"Я живу в Москве"}));
    ASSERT_EQ(q0["retrieved"].size(), 1u);  // --top-k 1
    const bool hit = q0["retrieved"][0] == "Я живу в Москве";
    EXPECT_EQ(q0["hit"], hit);
    EXPECT_TRUE(q0["reply"].is_string());
    EXPECT_TRUE(q0["reliance"].is_number());
    EXPECT_TRUE(j["questions"][1]["hit"].is_null());  // no expected facts
    EXPECT_DOUBLE_EQ(j["hit_rate"].get<double>(), hit ? 1.0 : 0.0);

    r = runCli({"suite", "list", "--persona", "Кирилл", "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["questions"].size(), 2u);
    ASSERT_EQ(j["runs"].size(), 1u);
    EXPECT_EQ(j["runs"][0]["revision"], 4);
}

TEST_F(CliSuite, CompareMarksTheFactDisabledInTheNextRevision) {
    ASSERT_EQ(runCli({"suite", "add", "--persona", "Кирилл", "--question", "Где ты живёшь?", "--expect",
                      "Я живу в Москве", "--db", db}).status, 0);
    // Only the expected fact enabled: the retriever's top 1 is that fact, a hit.
    auto setEnabled = [&](const std::string& text, bool enabled) {
        auto store = persona::store::Database::open(db);
        persona::store::PersonaRepo personas(store);
        const auto persona = personas.getByName("Кирилл");
        for (const auto& f : personas.currentRevision(persona.id).facts)
            if (f.text == text) personas.setFactEnabled(persona.id, f.id, enabled);
    };
    setEnabled("У меня есть кошка", false);
    setEnabled("Я люблю футбол", false);
    auto r = run({"suite", "run", "--persona", "Кирилл"});
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_EQ(nlohmann::json::parse(r.out)["questions"][0]["hit"], true);
    // The next revisions disable it and enable another: a miss.
    setEnabled("Я живу в Москве", false);
    setEnabled("Я люблю футбол", true);
    r = run({"suite", "run", "--persona", "Кирилл"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto second = nlohmann::json::parse(r.out)["questions"][0];
    ASSERT_EQ(second["hit"], false);
    EXPECT_EQ(second["retrieved"], nlohmann::json::array({"Я люблю футбол"}));

    const auto runs = nlohmann::json::parse(runCli({"suite", "list", "--persona", "Кирилл", "--db", db}).out)["runs"];
    ASSERT_EQ(runs.size(), 2u);  // newest first
    r = runCli({"suite", "compare", std::to_string(runs[1]["id"].get<int64_t>()),
                std::to_string(runs[0]["id"].get<int64_t>()), "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["regressions"], 1);
    EXPECT_EQ(j["rows"][0]["change"], "regression");
    EXPECT_NE(j["rows"][0]["why"].get<std::string>().find("hit -> miss"), std::string::npos);
}

TEST_F(CliSuite, UnknownFactAndPersonaAreClearErrors) {
    auto r = runCli({"suite", "add", "--persona", "Кирилл", "--question", "Где?", "--expect", "Я живу в Казани", "--db", db});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("has no fact \"Я живу в Казани\" in its current revision"), std::string::npos) << r.err;
    r = run({"suite", "run", "--persona", "Кирилл"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("has no test questions"), std::string::npos) << r.err;
    r = runCli({"suite", "add", "--persona", "Никто", "--question", "Где?", "--db", db});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("Никто"), std::string::npos) << r.err;
}

TEST_F(CliSuite, SelfPlayPrintsTheLinesAndTheUsage) {
    ASSERT_EQ(runCli({"persona", "add", "Анна", "--db", db}).status, 0);
    ASSERT_EQ(runCli({"persona", "add-fact", "Анна", "Я пью чай", "--db", db}).status, 0);
    const auto r = run({"selfplay", "--persona", "Кирилл", "--partner", "Анна", "--turns", "2", "--opening", "Привет!"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["lines"].size(), 4u);
    EXPECT_EQ(j["lines"][0]["speaker"], "Анна");
    EXPECT_EQ(j["lines"][0]["text"], "Привет!");
    EXPECT_EQ(j["lines"][1]["speaker"], "Кирилл");
    int used = 0;
    for (const auto& u : j["usage"]["persona"]) used += u["count"].get<int>();
    EXPECT_EQ(used, 2);  // top 1 on each of Кирилл's two replies
    EXPECT_GT(j["chat"].get<int64_t>(), 0);
}

}  // namespace
