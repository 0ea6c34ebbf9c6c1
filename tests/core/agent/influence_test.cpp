// Fact influence of stored replies: a model trained here to copy a fact finds that fact the most
// influential; the batched shared-prefix pass agrees with separate unbatched score calls; the
// agent's own prompt is rebuilt exactly; the result round-trips through the store; bad messages
// are refused with a reason.
#include "tiny_models.h"

#include "persona/agent/agent.h"
#include "persona/agent/influence.h"
#include "persona/error.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"
#include "persona/text/tokenizer.h"
#include "persona/train/training.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <functional>
#include <random>

using namespace persona;

namespace {

class InfluenceTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { tiny = new test::TinyModels; }
    static void TearDownTestSuite() { delete tiny; }

    InfluenceTest() : db(store::Database::open(tiny->root() + "/influence_" + std::to_string(counter++) + ".db")) {}

    static AgentModels load(const std::string& dir) {
        AgentModels m;
        m.generator = std::make_shared<Gpt2Model>(Gpt2Model::load(dir));
        m.tokenizer = std::shared_ptr<const Tokenizer>(loadTokenizer(dir));
        m.generatorName = dir;
        return m;
    }

    // A persona with these facts, a chat, and a user message in it.
    store::Message userMessage(const std::vector<std::string>& facts, const std::string& text) {
        std::vector<store::FactDraft> drafts;
        for (const auto& f : facts) drafts.push_back({0, f, store::FactOrigin::Typed, true});
        store::Persona p;
        p.name = "P" + std::to_string(counter++);
        const auto persona = store::PersonaRepo(db).create(p, drafts);
        personaId = persona.id;
        const auto chat = store::ChatRepo(db).create(persona.id, "influence");
        return store::ChatRepo(db).addMessage(chat.id, std::nullopt, store::Role::User, text);
    }

    // A stored reply whose prompt used the given facts (in this order) and whose generated tokens
    // are the reply's canonical tokens followed by end-of-text.
    int64_t storedReply(const store::Message& user, const std::vector<int>& usedPositions, const std::string& reply,
                        const Tokenizer& tok) {
        const auto revision = store::PersonaRepo(db).currentRevision(personaId);
        store::PersonaTurn turn;
        turn.chatId = user.chatId;
        turn.parentId = user.id;
        turn.text = reply;
        turn.personaRevisionId = revision.id;
        turn.settingsJson = R"({"history_turns": 8, "sampling": {"max_new_tokens": 16}})";
        for (size_t i = 0; i < revision.facts.size(); ++i) {
            store::RetrievalTraceRow row;
            row.factId = revision.facts[i].id;
            row.factText = revision.facts[i].text;
            const auto at = std::find(usedPositions.begin(), usedPositions.end(), static_cast<int>(i));
            row.selectedByModel = at != usedPositions.end();
            row.rank = row.selectedByModel ? static_cast<int>(at - usedPositions.begin()) + 1 : 100 + static_cast<int>(i);
            row.score = 10.0 - *row.rank;
            turn.retrieval.push_back(row);
        }
        auto ids = tok.encode(" " + reply);
        ids.push_back(*tok.eosId());
        for (size_t i = 0; i < ids.size(); ++i) turn.tokens.push_back({static_cast<int>(i), ids[i], tok.tokenBytes(ids[i]), 0.5, {}});
        return store::ChatRepo(db).addPersonaTurn(turn).id;
    }

    static inline test::TinyModels* tiny = nullptr;
    static inline int counter = 0;
    store::Database db;
    int64_t personaId = 0;
};

// ---- (a) a model trained here to copy the one digit fact into its reply ---------------------------

std::string trainCopyModel(const std::string& root) {
    namespace fs = std::filesystem;
    const std::string data = root + "/copy_digit.jsonl";
    std::mt19937 rng(5);
    {
        std::ofstream out(data);
        for (int d = 0; d < 600; ++d) {
            const std::string digit(1, static_cast<char>('0' + rng() % 10));
            std::vector<std::string> facts{digit, std::string(1, static_cast<char>('a' + rng() % 26)),
                                           std::string(1, static_cast<char>('a' + rng() % 26))};
            std::shuffle(facts.begin(), facts.end(), rng);
            nlohmann::json j;
            j["persons"] = {{{"id", "u"}, {"description", {"x"}}}, {{"id", "p" + std::to_string(d)}, {"description", facts}}};
            j["dialog"] = {{{"person", 0}, {"text", "?"}, {"gk", nlohmann::json::array()}},
                           {{"person", 1}, {"text", digit}, {"gk", {0, 1, 2}}}};
            out << j.dump() << "\n";
        }
    }
    GeneratorTrainOptions o;
    o.outDir = root + "/copy_model";
    o.tokenizerDir = std::string(PERSONA_FIXTURES_DIR) + "/text/tiny_bpe";
    o.dialogFiles = {data};
    o.config.nEmbd = 64, o.config.nLayer = 2, o.config.nHead = 4, o.config.nPositions = 64;
    o.contextLength = 64;
    o.batchSize = 16;
    o.learningRate = 2e-3;
    o.warmupRatio = 0.02;
    o.epochs = 100;
    o.maxSteps = 1500;
    o.seed = 7;
    trainGenerator(o);
    return o.outDir;
}

TEST_F(InfluenceTest, TheFactTheModelCopiesHasTheLargestInfluence) {
    const std::string dir = trainCopyModel(tiny->root());
    const auto models = load(dir);
    const std::vector<std::vector<std::string>> arrangements{{"4", "k", "w"}, {"r", "e", "8"}};
    for (const auto& facts : arrangements) {
        const std::string digit = std::isdigit(static_cast<unsigned char>(facts[0][0])) ? facts[0] : facts[2];
        const auto user = userMessage(facts, "?");
        const int64_t id = storedReply(user, {0, 1, 2}, digit, *models.tokenizer);
        const auto r = computeInfluence(db, models, id);
        ASSERT_EQ(r.facts.size(), 3u);
        // The model learned the task: with the facts it is confident, without them it guesses.
        EXPECT_GT(r.logprobUsed, std::log(0.3)) << "the copy model did not learn its task";
        EXPECT_GT(r.reliance, 1.0);
        size_t best = 0;
        for (size_t i = 1; i < r.facts.size(); ++i)
            if (r.facts[i].influence > r.facts[best].influence) best = i;
        EXPECT_EQ(r.facts[best].text, digit);
        EXPECT_GT(r.facts[best].influence, 1.0);
        for (const auto& f : r.facts)
            if (f.text != digit) {
                EXPECT_LT(f.influence, r.facts[best].influence - 0.5) << f.text;
            }
    }
}

// ---- (b) the batched pass against separate unbatched score calls ----------------------------------

TEST_F(InfluenceTest, MatchesSeparateUnbatchedScoreCallsOnTheShortenedPrompts) {
    const auto models = load(tiny->generator());
    const Tokenizer& tok = *models.tokenizer;
    const std::vector<std::string> facts{"I live in Moscow", "I have a cat", "I like football", "I study at ITMO"};
    const auto user = userMessage(facts, "Where do you live and what do you like?");
    const int64_t id = storedReply(user, {2, 0, 3}, "I like football and I live in Moscow", tok);
    const auto r = computeInfluence(db, models, id);
    ASSERT_EQ(r.facts.size(), 3u);
    EXPECT_EQ(r.facts[0].text, facts[2]);  // prompt order = rank order
    EXPECT_EQ(r.facts[1].text, facts[0]);
    EXPECT_EQ(r.facts[2].text, facts[3]);

    const PromptFormat format;
    const std::vector<DialogueTurn> dialogue{{false, user.text}};
    std::vector<int> replyIds;
    for (const auto& t : r.tokensUsed) replyIds.push_back(t.id);
    const std::string continuation = tok.decode(replyIds);
    // One unbatched score call on the prompt the agent builds with these facts, as the model is fed it.
    auto score = [&](const std::vector<std::string>& used) {
        const auto fed = tok.encodeForModel(format.buildTurn(used, dialogue, 8));
        const std::string prompt = tok.decode(fed);
        EXPECT_EQ(tok.encode(prompt), fed);
        const auto s = scoreContinuation(*models.generator, tok, prompt, continuation);
        EXPECT_EQ(s.tokens.size(), replyIds.size());
        return s;
    };
    const std::vector<std::string> used{facts[2], facts[0], facts[3]};
    const auto all = score(used);
    EXPECT_NEAR(r.logprobUsed, all.logprob, 1e-4);
    for (size_t t = 0; t < replyIds.size(); ++t) EXPECT_NEAR(r.tokensUsed[t].logprob, all.tokens[t].logprob, 1e-4);
    const auto none = score({});
    EXPECT_NEAR(r.logprobNone, none.logprob, 1e-4);
    EXPECT_NEAR(r.reliance, all.logprob - none.logprob, 1e-4);
    for (size_t i = 0; i < used.size(); ++i) {
        auto without = used;
        without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
        const auto s = score(without);
        EXPECT_NEAR(r.facts[i].logprobWithout, s.logprob, 1e-4) << i;
        EXPECT_NEAR(r.facts[i].influence, all.logprob - s.logprob, 1e-4) << i;
        ASSERT_EQ(r.facts[i].tokenDeltas.size(), replyIds.size());
        for (size_t t = 0; t < replyIds.size(); ++t)
            EXPECT_NEAR(r.facts[i].tokenDeltas[t], all.tokens[t].logprob - s.tokens[t].logprob, 1e-4) << i << "," << t;
    }
}

// The agent's prompt is rebuilt exactly: the teacher-forced log-probabilities are the ones the
// generator reported while it wrote the reply (its own softmax, before sampling).
TEST_F(InfluenceTest, RebuildsTheAgentsPromptExactly) {
    const auto models = load(tiny->generator());
    const std::vector<std::string> facts{"I live in Moscow", "I have a cat", "I like football"};
    const auto first = userMessage(facts, "hello there");
    Agent agent(db, models);
    AgentSettings s;
    s.topK = 0;
    for (const auto& f : store::PersonaRepo(db).currentRevision(personaId).facts) s.pinnedFactIds.insert(f.id);
    s.sampling.maxNewTokens = 10;
    s.sampling.stopAtEos = false;
    s.historyTurns = 2;  // the first exchange falls out of the prompt at the second turn
    const auto a = agent.answer(first.id, s);
    const auto b = agent.reply(first.chatId, "do you like football?", s);
    for (const auto* turn : {&a, &b}) {
        const auto r = computeInfluence(db, models, turn->personaMessageId);
        ASSERT_EQ(r.tokensUsed.size(), turn->generation.tokens.size());
        for (size_t t = 0; t < r.tokensUsed.size(); ++t)
            EXPECT_NEAR(r.tokensUsed[t].logprob, std::log(static_cast<double>(turn->generation.tokens[t].prob)), 1e-3);
        EXPECT_EQ(r.facts.size(), 3u);
    }
}

// ---- (d) stored with the message's traces ----------------------------------------------------------

TEST_F(InfluenceTest, StoredInfluenceRoundTrips) {
    const auto models = load(tiny->generator());
    const auto user = userMessage({"I live in Moscow", "I have a cat"}, "hi");
    const int64_t id = storedReply(user, {1, 0}, "I have a cat", *models.tokenizer);
    EXPECT_FALSE(storedInfluence(db, id).has_value());
    const auto r = computeInfluence(db, models, id);
    const auto back = storedInfluence(db, id);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->messageId, id);
    EXPECT_EQ(back->reply, "I have a cat");
    EXPECT_DOUBLE_EQ(back->logprobUsed, r.logprobUsed);
    EXPECT_DOUBLE_EQ(back->logprobNone, r.logprobNone);
    EXPECT_DOUBLE_EQ(back->reliance, r.reliance);
    EXPECT_EQ(back->tokenLogprobsNone, r.tokenLogprobsNone);
    ASSERT_EQ(back->tokensUsed.size(), r.tokensUsed.size());
    for (size_t t = 0; t < r.tokensUsed.size(); ++t) {
        EXPECT_EQ(back->tokensUsed[t].id, r.tokensUsed[t].id);
        EXPECT_DOUBLE_EQ(back->tokensUsed[t].logprob, r.tokensUsed[t].logprob);
    }
    ASSERT_EQ(back->facts.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(back->facts[i].factId, r.facts[i].factId);
        EXPECT_EQ(back->facts[i].text, r.facts[i].text);
        EXPECT_DOUBLE_EQ(back->facts[i].score, r.facts[i].score);
        EXPECT_TRUE(back->facts[i].selected);
        EXPECT_DOUBLE_EQ(back->facts[i].influence, r.facts[i].influence);
        EXPECT_EQ(back->facts[i].tokenDeltas, r.facts[i].tokenDeltas);
    }
    EXPECT_EQ(back->facts[0].text, "I have a cat");
}

TEST_F(InfluenceTest, FactUsageCountsSelectionsAndAveragesInfluenceOverThePersonasReplies) {
    const auto models = load(tiny->generator());
    const auto user = userMessage({"I live in Moscow", "I have a cat", "I sing"}, "hi");
    const auto revision = store::PersonaRepo(db).currentRevision(personaId);
    // Three replies: facts {cat, Moscow}, {cat}, {Moscow}; influence computed for the first two.
    const int64_t a = storedReply(user, {1, 0}, "I have a cat", *models.tokenizer);
    const int64_t b = storedReply(user, {1}, "a cat", *models.tokenizer);
    storedReply(user, {0}, "Moscow", *models.tokenizer);
    const auto ra = computeInfluence(db, models, a);
    const auto rb = computeInfluence(db, models, b);
    // Another persona's reply does not count.
    const auto other = userMessage({"I live in Moscow"}, "hi");
    computeInfluence(db, models, storedReply(other, {0}, "Moscow", *models.tokenizer));

    const auto usage = factUsage(db, revision.personaId);
    ASSERT_EQ(usage.size(), 3u);  // every fact has a trace row in each reply
    auto find = [&](int64_t id) { return *std::find_if(usage.begin(), usage.end(), [&](const FactUsage& u) { return u.factId == id; }); };
    const FactUsage moscow = find(revision.facts[0].id), cat = find(revision.facts[1].id), sing = find(revision.facts[2].id);
    EXPECT_EQ(moscow.scored, 3);
    EXPECT_EQ(moscow.selected, 2);
    EXPECT_EQ(cat.selected, 2);
    EXPECT_EQ(sing.selected, 0);
    EXPECT_EQ(sing.influenceReplies, 0);
    ASSERT_EQ(cat.influenceReplies, 2);
    EXPECT_NEAR(cat.meanInfluence, (ra.facts[0].influence + rb.facts[0].influence) / 2, 1e-9);
    ASSERT_EQ(moscow.influenceReplies, 1);
    EXPECT_NEAR(moscow.meanInfluence, ra.facts[1].influence, 1e-9);
}

// ---- (e) messages that have no influence --------------------------------------------------------

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const InvalidArgument& e) {
        return e.what();
    }
    return "(no InvalidArgument)";
}

TEST_F(InfluenceTest, UserMessagesAndRepliesWithoutTracesAreRefused) {
    const auto models = load(tiny->generator());
    const auto user = userMessage({"I live in Moscow"}, "hi");
    EXPECT_NE(errorOf([&] { computeInfluence(db, models, user.id); }).find("is the user's"), std::string::npos);
    const auto typed = store::ChatRepo(db).addMessage(user.chatId, user.id, store::Role::Persona, "typed by hand");
    EXPECT_NE(errorOf([&] { computeInfluence(db, models, typed.id); }).find("has no token trace"), std::string::npos);
    EXPECT_FALSE(storedInfluence(db, typed.id).has_value());
}

}  // namespace
