// Persona test suites in the store (schema 8): questions with expected facts, runs with their
// per-question results, round trips and the errors for facts of another persona.
#include "temp_dir.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/suite_repo.h"

#include <gtest/gtest.h>

using namespace persona;
using namespace persona::store;
using persona::test::TempDir;

namespace {

class SuiteRepoTest : public ::testing::Test {
protected:
    TempDir dir;
    Database db = Database::open(dir.file("s.db"));
    PersonaRepo personas{db};
    SuiteRepo suites{db};

    PersonaRevision make(const std::string& name, const std::vector<std::string>& facts) {
        Persona p;
        p.name = name;
        std::vector<FactDraft> drafts;
        for (const auto& f : facts) drafts.push_back({0, f});
        return personas.currentRevision(personas.create(p, drafts).id);
    }
};

TEST_F(SuiteRepoTest, QuestionsKeepOrderAndExpectedFacts) {
    const auto rev = make("Анна", {"Я живу в Москве", "Я люблю чай", "У меня есть кошка"});
    const auto q1 = suites.addQuestion(rev.personaId, "Где ты живёшь?", {rev.facts[0].id});
    const auto q2 = suites.addQuestion(rev.personaId, "Что ты пьёшь?", {rev.facts[1].id, rev.facts[2].id});
    suites.addQuestion(rev.personaId, "Как дела?");
    auto qs = suites.questions(rev.personaId);
    ASSERT_EQ(qs.size(), 3u);
    EXPECT_EQ(qs[0].id, q1.id);
    EXPECT_EQ(qs[1].text, "Что ты пьёшь?");
    ASSERT_EQ(qs[1].expected.size(), 2u);
    EXPECT_EQ(qs[1].expected[0].factId, rev.facts[1].id);
    EXPECT_EQ(qs[1].expected[1].text, "У меня есть кошка");
    EXPECT_TRUE(qs[2].expected.empty());
    EXPECT_EQ(qs[2].position, 2);

    // A fact removed from the persona keeps its name in the question (the last text it had).
    personas.editFact(rev.personaId, rev.facts[2].id, "У меня есть две кошки");
    personas.removeFact(rev.personaId, rev.facts[2].id);
    EXPECT_EQ(suites.question(q2.id).expected[1].text, "У меня есть две кошки");

    suites.updateQuestion(q2.id, "Что ты любишь пить?", {rev.facts[1].id});
    suites.removeQuestion(q1.id);
    qs = suites.questions(rev.personaId);
    ASSERT_EQ(qs.size(), 2u);
    EXPECT_EQ(qs[0].text, "Что ты любишь пить?");
    EXPECT_EQ(qs[0].position, 0);
    EXPECT_EQ(qs[0].expected.size(), 1u);
    EXPECT_EQ(qs[1].position, 1);
}

TEST_F(SuiteRepoTest, RefusesFactsOfAnotherPersonaAndEmptyQuestions) {
    const auto anna = make("Анна", {"Я живу в Москве"});
    const auto oleg = make("Олег", {"Я живу в Казани"});
    try {
        suites.addQuestion(anna.personaId, "Где ты живёшь?", {oleg.facts[0].id});
        FAIL() << "a fact of another persona was accepted";
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("is not a fact of persona"), std::string::npos) << e.what();
    }
    EXPECT_THROW(suites.addQuestion(anna.personaId, ""), InvalidArgument);
    EXPECT_THROW(suites.addQuestion(9999, "Кто ты?"), StoreError);
    EXPECT_TRUE(suites.questions(anna.personaId).empty());
}

TEST_F(SuiteRepoTest, RunRoundTripWithResultsAndCounts) {
    const auto rev = make("Анна", {"Я живу в Москве", "Я люблю чай"});
    const auto q = suites.addQuestion(rev.personaId, "Где ты живёшь?", {rev.facts[0].id});
    SuiteRun run;
    run.personaId = rev.personaId;
    run.revisionId = rev.id;
    run.generator = "gen";
    run.retriever = "ret";
    run.settingsJson = R"({"top_k":3})";
    SuiteResult hit;
    hit.questionId = q.id;
    hit.question = q.text;
    hit.retrieved = {{rev.facts[0].id, rev.facts[0].text}, {rev.facts[1].id, rev.facts[1].text}};
    hit.expected = {{rev.facts[0].id, rev.facts[0].text}};
    hit.hit = true;
    hit.reply = "В Москве";
    hit.reliance = 2.5;
    hit.topFact = SuiteFact{rev.facts[0].id, rev.facts[0].text};
    hit.topFactInfluence = 1.25;
    SuiteResult unscored;
    unscored.question = "Как дела?";
    unscored.reply = "Хорошо";
    SuiteResult miss = hit;
    miss.question = "А где живёшь?";
    miss.hit = false;
    miss.reliance.reset();
    miss.topFact.reset();
    miss.topFactInfluence.reset();
    run.results = {hit, unscored, miss};
    const auto stored = suites.addRun(run);
    EXPECT_GT(stored.id, 0);
    EXPECT_EQ(stored.revisionNumber, 1);

    const auto back = suites.run(stored.id);
    EXPECT_EQ(back.generator, "gen");
    EXPECT_EQ(back.settingsJson, R"({"top_k":3})");
    ASSERT_EQ(back.results.size(), 3u);
    EXPECT_EQ(back.results[0].questionId, q.id);
    EXPECT_EQ(back.results[0].retrieved.size(), 2u);
    EXPECT_EQ(back.results[0].retrieved[1].text, "Я люблю чай");
    EXPECT_EQ(back.results[0].hit, std::optional<bool>(true));
    EXPECT_DOUBLE_EQ(*back.results[0].reliance, 2.5);
    EXPECT_EQ(back.results[0].topFact->factId, rev.facts[0].id);
    EXPECT_DOUBLE_EQ(*back.results[0].topFactInfluence, 1.25);
    EXPECT_FALSE(back.results[1].hit.has_value());
    EXPECT_FALSE(back.results[1].questionId.has_value());
    EXPECT_EQ(back.results[2].hit, std::optional<bool>(false));
    EXPECT_FALSE(back.results[2].reliance.has_value());
    EXPECT_EQ(back.hits, 1);
    EXPECT_EQ(back.scored, 2);
    EXPECT_DOUBLE_EQ(*back.hitRate(), 0.5);

    const auto listed = suites.runs(rev.personaId);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_TRUE(listed[0].results.empty());
    EXPECT_EQ(listed[0].questionCount, 3);

    // Removing the question keeps the run readable; removing the run removes its results.
    suites.removeQuestion(q.id);
    EXPECT_FALSE(suites.run(stored.id).results[0].questionId.has_value());
    suites.removeRun(stored.id);
    EXPECT_TRUE(suites.runs(rev.personaId).empty());
    EXPECT_THROW(suites.run(stored.id), StoreError);
}

TEST_F(SuiteRepoTest, RunOfAnotherPersonasRevisionIsRefused) {
    const auto anna = make("Анна", {"Я живу в Москве"});
    const auto oleg = make("Олег", {"Я живу в Казани"});
    SuiteRun run;
    run.personaId = anna.personaId;
    run.revisionId = oleg.id;
    try {
        suites.addRun(run);
        FAIL() << "accepted";
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("is not a revision of persona"), std::string::npos) << e.what();
    }
}

}  // namespace
