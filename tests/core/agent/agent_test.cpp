// The agent turn end to end with small models made by the test: retrieval, streaming generation,
// persistence of the message and both traces, regeneration, continuation, the embedding cache.
#include "tiny_models.h"

#include "persona/agent/agent.h"
#include "persona/error.h"
#include "persona/retrieve/biencoder.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"
#include "persona/text/tokenizer.h"

#include <gtest/gtest.h>
#include <set>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using namespace persona;

namespace {

const std::vector<std::string> kFacts{"Я живу в Москве", "У меня есть кошка", "Я люблю футбол", "Я учусь в ИТМО",
                                      "Мне нравится машинное обучение"};

class AgentTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { models = new test::TinyModels; }
    static void TearDownTestSuite() { delete models; }

    AgentTest() : dbPath(models->root() + "/agent_" + std::to_string(counter++) + ".db"), db(store::Database::open(dbPath)) {
        store::Persona p;
        p.name = "Кирилл";
        std::vector<store::FactDraft> drafts;
        for (const auto& f : kFacts) drafts.push_back({0, f, store::FactOrigin::Typed, true});
        personaId = store::PersonaRepo(db).create(p, drafts).id;
        chatId = store::ChatRepo(db).create(personaId, "test").id;
    }

    AgentModels load(bool withRetriever = true) {
        AgentModels m;
        m.generator = std::make_shared<Gpt2Model>(Gpt2Model::load(models->generator()));
        m.tokenizer = std::shared_ptr<const Tokenizer>(loadTokenizer(models->generator()));
        m.generatorName = "tiny";
        if (withRetriever) {
            retriever = std::make_shared<BiEncoder>(BiEncoder::load(models->retriever()));
            m.retriever = retriever;
            m.retrieverName = "tiny";
        }
        return m;
    }

    static AgentSettings settings() {
        AgentSettings s;
        s.sampling.maxNewTokens = 12;
        s.sampling.seed = 3;
        s.sampling.stopAtEos = false;
        return s;
    }

    static inline test::TinyModels* models = nullptr;
    static inline int counter = 0;
    std::string dbPath;
    store::Database db;
    int64_t personaId = 0, chatId = 0;
    std::shared_ptr<BiEncoder> retriever;
};

TEST_F(AgentTest, ReplyRunsEndToEndAndItsTracesAreStored) {
    Agent agent(db, load());
    std::vector<std::string> order;
    AgentCallbacks callbacks;
    callbacks.onRetrieval = [&](const AgentRetrieval& r) {
        order.push_back("retrieval");
        EXPECT_EQ(r.facts.size(), kFacts.size());
    };
    callbacks.onToken = [&](const TokenEvent&) { order.push_back("token"); };
    const auto result = agent.reply(chatId, "Привет! Где ты живёшь?", settings(), callbacks);

    ASSERT_FALSE(order.empty());
    EXPECT_EQ(order.front(), "retrieval");
    EXPECT_EQ(std::count(order.begin(), order.end(), "token"), static_cast<long>(result.generation.tokens.size()));
    EXPECT_EQ(result.retrieval.method, RetrievalMethod::Hybrid);
    EXPECT_EQ(result.retrieval.selectedFactIds.size(), 3u);  // the seed's top-k
    // The prompt carries the selected facts and ends with the persona token.
    for (int64_t id : result.retrieval.selectedFactIds)
        for (const auto& f : result.retrieval.facts)
            if (f.factId == id) {
                EXPECT_NE(result.prompt.find("[Gk] " + f.text), std::string::npos);
            }
    EXPECT_EQ(result.prompt.substr(result.prompt.size() - 5), "[P2u]");

    store::ChatRepo chats(db);
    const auto path = chats.selectedPath(chatId);
    ASSERT_EQ(path.size(), 2u);
    EXPECT_EQ(path[0].role, store::Role::User);
    EXPECT_EQ(path[0].id, result.userMessageId);
    EXPECT_EQ(path[1].id, result.personaMessageId);
    EXPECT_EQ(path[1].text, result.reply);
    const auto settingsJson = nlohmann::json::parse(path[1].settingsJson);
    EXPECT_EQ(settingsJson["top_k"], 3);
    EXPECT_EQ(settingsJson["sampling"]["seed"], 3);
    // The boost the turn used: the tiny generator's own default, none.
    EXPECT_EQ(settingsJson["sampling"]["knowledge_boost"], 0.0);

    store::TraceRepo traces(db);
    const auto retrieval = traces.retrieval(result.personaMessageId);
    ASSERT_EQ(retrieval.size(), kFacts.size());
    int selected = 0;
    for (const auto& row : retrieval) {
        EXPECT_TRUE(row.score.has_value());
        EXPECT_TRUE(row.rank.has_value());
        EXPECT_TRUE(row.components.count("bm25"));
        EXPECT_TRUE(row.components.count("biencoder"));
        selected += row.selectedByModel;
    }
    EXPECT_EQ(selected, 3);
    const auto tokens = traces.tokens(result.personaMessageId);
    ASSERT_EQ(tokens.size(), result.generation.tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
        EXPECT_EQ(tokens[i].id, result.generation.tokens[i].id);
        EXPECT_NEAR(tokens[i].prob, result.generation.tokens[i].prob, 1e-6);
        EXPECT_EQ(tokens[i].alternatives.size(), 10u);
    }
}

TEST(AgentSettingsTest, TheKnowledgeBoostDefaultsToTheGenerators) {
    const AgentSettings defaults;
    EXPECT_LT(defaults.sampling.knowledgeBoost, 0);
    Gpt2Config c;
    c.vocabSize = 50, c.nEmbd = 8, c.nLayer = 1, c.nHead = 2, c.nPositions = 16;
    c.knowledgeBoost = 3.5;
    const auto model = Gpt2Model::random(c, 1);
    EXPECT_FLOAT_EQ(knowledgeBoostFor(defaults.sampling, model), 3.5f);
    SamplingSettings set = defaults.sampling;
    set.knowledgeBoost = 0;  // the user's own value wins, "off" included
    EXPECT_FLOAT_EQ(knowledgeBoostFor(set, model), 0.0f);
    set.knowledgeBoost = 1.5f;
    EXPECT_FLOAT_EQ(knowledgeBoostFor(set, model), 1.5f);
}

TEST_F(AgentTest, RegenerateKeepsASiblingAndContinueForcesTheChosenToken) {
    Agent agent(db, load());
    const auto first = agent.reply(chatId, "Привет", settings());
    auto s = settings();
    s.sampling.seed = 99;
    const auto second = agent.regenerate(first.personaMessageId, s);
    store::ChatRepo chats(db);
    const auto siblings = chats.siblings(first.personaMessageId);
    ASSERT_EQ(siblings.size(), 2u);
    EXPECT_EQ(chats.selectedPath(chatId).back().id, second.personaMessageId);

    // Continue from position 2 with the first token's second alternative... at position 2.
    const auto tokens = store::TraceRepo(db).tokens(first.personaMessageId);
    ASSERT_GE(tokens.size(), 3u);
    const int alt = tokens[2].alternatives[1].id;
    const auto third = agent.continueFrom(first.personaMessageId, 2, alt, settings());
    ASSERT_GE(third.generation.tokens.size(), 3u);
    EXPECT_EQ(third.generation.tokens[0].id, tokens[0].id);
    EXPECT_EQ(third.generation.tokens[1].id, tokens[1].id);
    EXPECT_EQ(third.generation.tokens[2].id, alt);
    EXPECT_TRUE(third.generation.tokens[2].forced);
    EXPECT_EQ(chats.siblings(first.personaMessageId).size(), 3u);
    EXPECT_THROW(agent.continueFrom(first.userMessageId, 0, alt, settings()), InvalidArgument);
}

TEST_F(AgentTest, FactsAreEncodedOnceAndAnEditReencodesOnlyThatFact) {
    Agent agent(db, load());
    agent.reply(chatId, "Привет", settings());
    EXPECT_EQ(retriever->encodedFactCount(), static_cast<int64_t>(kFacts.size()));
    agent.reply(chatId, "Как дела?", settings());
    EXPECT_EQ(retriever->encodedFactCount(), static_cast<int64_t>(kFacts.size()));  // all from the cache

    store::PersonaRepo personas(db);
    const auto revision = personas.currentRevision(personaId);
    personas.editFact(personaId, revision.facts[1].id, "У меня есть собака");
    const int64_t chat2 = store::ChatRepo(db).create(personaId, "after the edit").id;
    agent.reply(chat2, "Привет", settings());
    EXPECT_EQ(retriever->encodedFactCount(), static_cast<int64_t>(kFacts.size()) + 1);
}

// Editing while chatting: an edit made mid-chat counts from the very next reply of the same chat,
// and each reply records the revision it used (the inspector shows it).
TEST_F(AgentTest, AnEditMidChatCountsFromTheNextReplyOfTheSameChat) {
    Agent agent(db, load(/*withRetriever=*/false));
    auto s = settings();
    s.retrieval = RetrievalMethod::Bm25;
    const auto first = agent.reply(chatId, "Какое у тебя хобби?", s);
    store::PersonaRepo personas(db);
    const auto rev1 = personas.currentRevision(personaId);
    EXPECT_EQ(first.personaRevisionId, rev1.id);

    const auto rev2 = personas.addFact(personaId, "Моё хобби — вышивание крестиком");
    ASSERT_NE(rev2.id, rev1.id);
    const auto second = agent.reply(chatId, "Какое у тебя хобби? вышивание?", s);
    EXPECT_EQ(second.personaRevisionId, rev2.id);
    const int64_t newFact = rev2.facts.back().id;
    EXPECT_NE(std::find(second.retrieval.selectedFactIds.begin(), second.retrieval.selectedFactIds.end(), newFact),
              second.retrieval.selectedFactIds.end());

    store::ChatRepo chats(db);
    EXPECT_EQ(chats.message(first.personaMessageId).personaRevisionId, rev1.id);
    EXPECT_EQ(chats.message(second.personaMessageId).personaRevisionId, rev2.id);
    // The stored trace of the second reply holds the new fact; the first one's does not.
    store::TraceRepo traces(db);
    auto hasFact = [&](int64_t messageId) {
        for (const auto& row : traces.retrieval(messageId))
            if (row.factId == newFact) return true;
        return false;
    };
    EXPECT_FALSE(hasFact(first.personaMessageId));
    EXPECT_TRUE(hasFact(second.personaMessageId));
    // The chat itself still holds the revision it was created with.
    EXPECT_EQ(chats.get(chatId).personaRevisionId, rev1.id);
}

// The failure rule: the user's message is always kept; stopped before the first token, no reply is
// stored and answer() (Retry) replies to it later.
TEST_F(AgentTest, StoppedBeforeTheFirstTokenKeepsTheMessageUnansweredAndRetryAnswersIt) {
    Agent agent(db, load());
    std::atomic_bool cancel{true};
    const auto stopped = agent.reply(chatId, "Ты здесь?", settings(), {}, &cancel);
    EXPECT_EQ(stopped.personaMessageId, 0);
    EXPECT_EQ(stopped.generation.stopReason, StopReason::Cancelled);
    store::ChatRepo chats(db);
    auto path = chats.selectedPath(chatId);
    ASSERT_EQ(path.size(), 1u);
    EXPECT_EQ(path.back().id, stopped.userMessageId);
    EXPECT_EQ(path.back().role, store::Role::User);

    const auto retried = agent.answer(stopped.userMessageId, settings());
    EXPECT_NE(retried.personaMessageId, 0);
    path = chats.selectedPath(chatId);
    ASSERT_EQ(path.size(), 2u);
    EXPECT_EQ(path.back().id, retried.personaMessageId);
    EXPECT_EQ(*path.back().parentId, stopped.userMessageId);

    // A generation that fails (an invalid setting) leaves the user's message the same way.
    auto bad = settings();
    bad.sampling.temperature = -1;
    EXPECT_THROW(agent.reply(chatId, "Второй вопрос", bad), InvalidArgument);
    path = chats.selectedPath(chatId);
    ASSERT_EQ(path.size(), 3u);
    EXPECT_EQ(path.back().text, "Второй вопрос");
}

TEST_F(AgentTest, EditingASentMessageMakesANewBranchAndAnswersIt) {
    Agent agent(db, load());
    const auto first = agent.reply(chatId, "Привет", settings());
    const auto second = agent.reply(chatId, "Где ты живёшь?", settings());
    const auto edited = agent.edit(second.userMessageId, "Где ты учишься?", settings());
    store::ChatRepo chats(db);
    const auto path = chats.selectedPath(chatId);
    ASSERT_EQ(path.size(), 4u);
    EXPECT_EQ(path[2].text, "Где ты учишься?");
    EXPECT_EQ(path[3].id, edited.personaMessageId);
    const auto userSiblings = chats.siblings(edited.userMessageId);
    ASSERT_EQ(userSiblings.size(), 2u);
    EXPECT_EQ(userSiblings[0].id, second.userMessageId);
    EXPECT_EQ(*path[2].parentId, first.personaMessageId);
    EXPECT_THROW(agent.edit(first.personaMessageId, "x", settings()), InvalidArgument);
}

TEST_F(AgentTest, PinnedAndExcludedFactsOverrideTheScores) {
    Agent agent(db, load());
    const auto facts = store::PersonaRepo(db).currentRevision(personaId).facts;
    auto s = settings();
    const auto free = agent.retrieve(personaId, {{false, "Привет"}}, s);
    // Pin a fact that was not selected, exclude one that was.
    int64_t pin = 0, exclude = free.selectedFactIds.front();
    for (const auto& f : free.facts)
        if (!f.score.selected) pin = f.factId;
    s.pinnedFactIds = {pin};
    s.excludedFactIds = {exclude};
    const auto r = agent.retrieve(personaId, {{false, "Привет"}}, s);
    EXPECT_NE(std::find(r.selectedFactIds.begin(), r.selectedFactIds.end(), pin), r.selectedFactIds.end());
    EXPECT_EQ(std::find(r.selectedFactIds.begin(), r.selectedFactIds.end(), exclude), r.selectedFactIds.end());
    for (const auto& f : r.facts) {
        if (f.factId == pin) {
            EXPECT_EQ(f.score.reason, SelectionReason::Pinned);
        }
        if (f.factId == exclude) {
            EXPECT_EQ(f.score.reason, SelectionReason::Excluded);
        }
    }
}

TEST_F(AgentTest, AnswerAnswersAStoredUserMessageFromExactlyThePinnedFacts) {
    Agent agent(db, load());
    store::ChatRepo chats(db);
    const auto user = chats.addMessage(chatId, std::nullopt, store::Role::User, "Где ты живёшь?");
    const auto facts = store::PersonaRepo(db).currentRevision(personaId).facts;
    auto s = settings();
    s.pinnedFactIds = {facts[1].id, facts[3].id};  // what a person picked
    s.topK = 0;                                     // and nothing else
    const auto r = agent.answer(user.id, s);
    EXPECT_EQ(r.userMessageId, user.id);
    EXPECT_EQ(std::set<int64_t>(r.retrieval.selectedFactIds.begin(), r.retrieval.selectedFactIds.end()),
              s.pinnedFactIds);
    for (size_t i = 0; i < facts.size(); ++i) {
        const bool picked = i == 1 || i == 3;
        EXPECT_EQ(r.prompt.find(facts[i].text) != std::string::npos, picked) << facts[i].text;
    }
    const auto path = chats.selectedPath(chatId);
    ASSERT_EQ(path.size(), 2u);  // the stored message is answered, not repeated
    EXPECT_EQ(path[0].id, user.id);
    EXPECT_EQ(path[1].id, r.personaMessageId);
    EXPECT_EQ(path[1].parentId, std::optional<int64_t>(user.id));
    const std::string err = [&] {
        try {
            agent.answer(r.personaMessageId, s);
        } catch (const InvalidArgument& e) {
            return std::string(e.what());
        }
        return std::string();
    }();
    EXPECT_NE(err.find("is not a user message"), std::string::npos) << err;
}

TEST_F(AgentTest, ProposalsAreDisabledUntilApproved) {
    Agent agent(db, load());
    store::PersonaRepo personas(db);
    auto current = personas.currentRevision(personaId);
    std::vector<store::FactDraft> drafts;
    for (const auto& f : current.facts) drafts.push_back({f.id, f.text, f.origin, f.enabled});
    drafts.push_back({0, "Я играю на гитаре", store::FactOrigin::Proposed, false});
    const auto withProposal = personas.setFacts(personaId, drafts, "proposal");
    const int64_t proposalId = withProposal.facts.back().id;

    // A disabled proposal is scored but never selected, even with k covering every fact.
    auto s = settings();
    s.topK = 10;
    const auto before = agent.retrieve(personaId, {{false, "гитара"}}, s);
    EXPECT_EQ(std::find(before.selectedFactIds.begin(), before.selectedFactIds.end(), proposalId), before.selectedFactIds.end());

    agent.approveProposal(personaId, proposalId);
    const auto approved = personas.currentRevision(personaId).facts.back();
    EXPECT_EQ(approved.id, proposalId);
    EXPECT_TRUE(approved.enabled);
    EXPECT_EQ(approved.origin, store::FactOrigin::Approved);
    const auto after = agent.retrieve(personaId, {{false, "гитара"}}, s);
    EXPECT_NE(std::find(after.selectedFactIds.begin(), after.selectedFactIds.end(), proposalId), after.selectedFactIds.end());
    EXPECT_THROW(agent.approveProposal(personaId, proposalId), InvalidArgument);  // no longer a proposal
}

TEST_F(AgentTest, Bm25WorksWithoutABiEncoder) {
    Agent agent(db, load(/*withRetriever=*/false));
    const auto r = agent.retrieve(personaId, {{false, "Я живу в Москве, а ты?"}}, settings());
    EXPECT_EQ(r.method, RetrievalMethod::Bm25);
    EXPECT_EQ(r.selectedFactIds.front(), r.facts[0].factId);  // "Я живу в Москве"
    auto s = settings();
    s.retrieval = RetrievalMethod::BiEncoder;
    EXPECT_THROW(agent.retrieve(personaId, {{false, "x"}}, s), InvalidArgument);
}

TEST_F(AgentTest, AGeneratorWithoutSpeakerTokensIsAClearError) {
    const std::string plain = models->root() + "/plain-generator";
    Gpt2Config g;
    g.vocabSize = 272, g.nEmbd = 16, g.nLayer = 1, g.nHead = 2, g.nPositions = 32;
    Gpt2Model::random(g, 1).save(plain);
    for (const char* f : {"vocab.json", "merges.txt"})
        fs::copy_file(fs::path(PERSONA_FIXTURES_DIR) / "text" / "tiny_bpe" / f, fs::path(plain) / f, fs::copy_options::overwrite_existing);
    AgentModels m;
    m.generator = std::make_shared<Gpt2Model>(Gpt2Model::load(plain));
    m.tokenizer = std::shared_ptr<const Tokenizer>(loadTokenizer(plain));
    m.generatorName = plain;
    try {
        Agent agent(db, m);
        FAIL();
    } catch (const TokenizerError& e) {
        EXPECT_NE(std::string(e.what()).find("[P1u]"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(plain), std::string::npos) << e.what();
    }
}

}  // namespace
