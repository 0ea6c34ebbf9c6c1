// Validation mode in the engine: a turn that uses exactly the labeller's facts and stores them as
// its gold label, and the metrics panel's numbers (evaluateLabels) on a chat whose BM25 ranking
// and labels are worked out by hand.
#include "tiny_models.h"

#include "persona/agent/agent.h"
#include "persona/agent/label_evaluation.h"
#include "persona/error.h"
#include "persona/retrieve/biencoder.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"
#include "persona/text/tokenizer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

using namespace persona;

namespace {

const std::vector<std::string> kFacts{"apples are my favourite fruit", "I live in Paris", "I study mathematics",
                                      "I play chess every day"};

class LabelTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { models = new test::TinyModels; }
    static void TearDownTestSuite() { delete models; }

    LabelTest() : db(store::Database::open(models->root() + "/label_" + std::to_string(counter++) + ".db")) {
        store::Persona p;
        p.name = "Alice";
        std::vector<store::FactDraft> drafts;
        for (const auto& f : kFacts) drafts.push_back({0, f, store::FactOrigin::Typed, true});
        personaId = store::PersonaRepo(db).create(p, drafts).id;
        facts = store::PersonaRepo(db).currentRevision(personaId).facts;
        chatId = store::ChatRepo(db).create(personaId, "labelled").id;
    }

    AgentModels load() { return models->agentModels(); }

    static AgentSettings settings() {
        AgentSettings s;
        s.sampling.maxNewTokens = 6;
        s.sampling.seed = 3;
        s.sampling.stopAtEos = false;
        return s;
    }

    // A user message and a persona reply with the given settings, labelled with these facts.
    int64_t labelledTurn(const std::string& user, const std::vector<int>& gold, const std::string& generator) {
        store::ChatRepo chats(db);
        const auto path = chats.selectedPath(chatId);
        const auto u = chats.addMessage(chatId, path.empty() ? std::nullopt : std::optional<int64_t>(path.back().id),
                                        store::Role::User, user);
        store::PersonaTurn t;
        t.chatId = chatId;
        t.parentId = u.id;
        t.text = "ok";
        t.settingsJson = nlohmann::json{{"generator", generator}}.dump();
        const auto reply = chats.addPersonaTurn(t);
        std::vector<int64_t> ids;
        for (int g : gold) ids.push_back(facts[static_cast<size_t>(g)].id);
        store::TraceRepo(db).setHumanSelection(reply.id, ids);
        return reply.id;
    }

    static inline test::TinyModels* models = nullptr;
    static inline int counter = 0;
    store::Database db;
    int64_t personaId = 0, chatId = 0;
    std::vector<store::Fact> facts;
};

TEST_F(LabelTest, ExactFactsGoIntoThePromptAndAreStoredAsTheLabel) {
    Agent agent(db, load());
    auto s = settings();
    s.exactFactIds = std::vector<int64_t>{facts[3].id, facts[1].id};
    const auto result = agent.reply(chatId, "What do you do in the evening?", s);
    ASSERT_NE(result.personaMessageId, 0);
    EXPECT_NE(result.prompt.find("[Gk] " + kFacts[3]), std::string::npos) << result.prompt;
    EXPECT_NE(result.prompt.find("[Gk] " + kFacts[1]), std::string::npos) << result.prompt;
    EXPECT_LT(result.prompt.find(kFacts[3]), result.prompt.find(kFacts[1]));  // in the labeller's order
    EXPECT_EQ(result.prompt.find(kFacts[0]), std::string::npos);
    EXPECT_EQ(result.prompt.find(kFacts[2]), std::string::npos);

    store::TraceRepo traces(db);
    const auto human = traces.humanSelection(result.personaMessageId);
    EXPECT_EQ(std::set<int64_t>(human.begin(), human.end()), (std::set<int64_t>{facts[1].id, facts[3].id}));
    // The retriever still scored every fact for the trace, and its own choice is kept apart.
    const auto rows = traces.retrieval(result.personaMessageId);
    ASSERT_EQ(rows.size(), kFacts.size());
    int byModel = 0;
    for (const auto& r : rows) {
        byModel += r.selectedByModel;
        EXPECT_TRUE(r.score.has_value());
    }
    EXPECT_EQ(byModel, 3);
    const auto stored = nlohmann::json::parse(store::ChatRepo(db).message(result.personaMessageId).settingsJson);
    EXPECT_EQ(stored["exact_fact_ids"], (nlohmann::json{facts[3].id, facts[1].id}));
}

TEST_F(LabelTest, NoTickedFactsMeansAPromptWithoutFacts) {
    Agent agent(db, load());
    auto s = settings();
    s.exactFactIds = std::vector<int64_t>{};
    const auto result = agent.reply(chatId, "Hello", s);
    EXPECT_EQ(result.prompt.find("[Gk]"), std::string::npos) << result.prompt;
    EXPECT_TRUE(store::TraceRepo(db).humanSelection(result.personaMessageId).empty());
}

TEST_F(LabelTest, AFactOutsideTheRevisionIsAClearErrorAndNoReplyIsStored) {
    Agent agent(db, load());
    auto s = settings();
    s.exactFactIds = std::vector<int64_t>{facts[0].id, 987654};
    try {
        agent.reply(chatId, "Hello", s);
        FAIL() << "an unknown fact was accepted";
    } catch (const InvalidArgument& e) {
        EXPECT_STREQ(e.what(), "fact 987654 is not a fact of the persona's revision 1 (was it edited or removed?)");
    }
    const auto path = store::ChatRepo(db).selectedPath(chatId);
    ASSERT_EQ(path.size(), 1u);  // the user's message is kept, unanswered
    EXPECT_EQ(path[0].role, store::Role::User);
}

// BM25 (character 4-grams of the user's message) puts the one fact sharing its words first:
//   "apples apples" -> fact 0; "chess chess" -> fact 3; "Paris Paris" -> fact 1.
// Labels: {0, 3}, {2}, {1}. At k = 1: precision 1, 0, 1 -> 2/3; recall 1/2, 0, 1 -> 1/2.
TEST_F(LabelTest, MetricsOfTheLabelledTurnsByHand) {
    const int64_t first = labelledTurn("apples apples", {0, 3}, "gen-a");
    const int64_t second = labelledTurn("chess chess", {2}, "gen-b");
    labelledTurn("Paris Paris", {1}, "gen-b");
    store::TraceRepo traces(db);
    traces.setRating(first, {1, 1, 0, "", 0});
    traces.setRating(second, {1, 0, 0, "dull", 0});

    LabelQuery q;
    q.scope = LabelScope::Persona;
    q.personaId = personaId;
    q.k = 1;
    const LabelReport r = evaluateLabels(db, nullptr, q);
    EXPECT_EQ(r.labelledTurns, 3);
    ASSERT_EQ(r.methods.size(), 1u);  // no bi-encoder: BM25 alone
    EXPECT_EQ(r.methods[0].method, RetrievalMethod::Bm25);
    EXPECT_NEAR(r.methods[0].mean.precisionAtK, 2.0 / 3, 1e-12);
    EXPECT_NEAR(r.methods[0].mean.recallAtK, 0.5, 1e-12);
    ASSERT_EQ(r.methods[0].running.size(), 3u);
    EXPECT_NEAR(r.methods[0].running[0].precisionAtK, 1.0, 1e-12);
    EXPECT_NEAR(r.methods[0].running[1].precisionAtK, 0.5, 1e-12);

    ASSERT_EQ(r.byPersona.size(), 1u);
    EXPECT_EQ(r.byPersona[0].name, "Alice");
    EXPECT_EQ(r.byPersona[0].rated, 2);
    EXPECT_DOUBLE_EQ(*r.byPersona[0].logical, 1.0);
    EXPECT_DOUBLE_EQ(*r.byPersona[0].specific, 0.5);
    EXPECT_DOUBLE_EQ(*r.byPersona[0].personal, 0.0);
    ASSERT_EQ(r.byModel.size(), 2u);  // by name
    EXPECT_EQ(r.byModel[0].name, "gen-a");
    EXPECT_DOUBLE_EQ(*r.byModel[0].specific, 1.0);
    EXPECT_EQ(r.byModel[1].name, "gen-b");
    EXPECT_DOUBLE_EQ(*r.byModel[1].specific, 0.0);
}

TEST_F(LabelTest, ScopesAndMethodsWithABiEncoder) {
    labelledTurn("apples apples", {0}, "gen-a");
    const int64_t other = store::ChatRepo(db).create(personaId, "empty").id;
    const auto models = load();
    LabelQuery q;
    q.scope = LabelScope::Chat;
    q.chatId = other;
    EXPECT_EQ(evaluateLabels(db, models.retriever, q).labelledTurns, 0);
    q.scope = LabelScope::All;
    const auto all = evaluateLabels(db, models.retriever, q);
    EXPECT_EQ(all.labelledTurns, 1);
    ASSERT_EQ(all.methods.size(), 3u);
    EXPECT_EQ(all.methods[1].method, RetrievalMethod::BiEncoder);
    EXPECT_EQ(all.methods[2].method, RetrievalMethod::Hybrid);
    EXPECT_DOUBLE_EQ(all.methods[0].mean.mrr, 1.0);  // BM25 ranks the apples fact first
    std::atomic_bool cancel{true};
    EXPECT_THROW(evaluateLabels(db, models.retriever, q, &cancel), Cancelled);
}

}  // namespace
