// Chats as trees, the agent's one-transaction turn, traces, labels and ratings.
#include "db_snapshot.h"
#include "temp_dir.h"

#include "persona/error.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace persona;
using namespace persona::store;
using persona::test::TempDir;

namespace {

class ChatRepoTest : public ::testing::Test {
protected:
    TempDir dir;
    Database db = Database::open(dir.file("c.db"));
    PersonaRepo personas{db};
    ChatRepo chats{db};
    TraceRepo traces{db};
    Persona p = personas.create(test::named("Кирилл"),
                                {{0, "Я живу в Санкт-Петербурге"}, {0, "Я учусь в ИТМО"}});
    PersonaRevision rev = personas.currentRevision(p.id);

    PersonaTurn turn(Id chatId, std::optional<Id> parent, const std::string& text) {
        PersonaTurn t;
        t.chatId = chatId;
        t.parentId = parent;
        t.text = text;
        t.settingsJson = R"({"temperature":0.7,"top_p":0.9})";
        RetrievalTraceRow a;
        a.factId = rev.facts[1].id;
        a.score = 0.91;
        a.rank = 1;
        a.selectedByModel = true;
        a.components = {{"biencoder", 0.88}, {"bm25", 3.5}};
        RetrievalTraceRow b;
        b.factId = rev.facts[0].id;
        b.score = 0.12;
        b.rank = 2;
        t.retrieval = {a, b};
        TokenTraceRow t0{0, 1234, "Я", 0.8, {{1234, "Я", 0.8}, {77, "Мы", 0.1}}};
        TokenTraceRow t1{1, 99, std::string("\xD1", 1), 0.5, {}};  // half of a UTF-8 character
        t.tokens = {t0, t1};
        return t;
    }
};

std::vector<std::string> texts(const std::vector<Message>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms)
        out.push_back(m.text);
    return out;
}

}  // namespace

TEST_F(ChatRepoTest, SelectedPathFollowsTheChosenAlternatives) {
    const Chat c = chats.create(p.id, "тест");
    EXPECT_EQ(c.personaRevisionId, rev.id);
    const Message u1 = chats.addMessage(c.id, std::nullopt, Role::User, "Привет");
    const Message a1 = chats.addMessage(c.id, u1.id, Role::Persona, "Здравствуй");
    const Message a2 = chats.addMessage(c.id, u1.id, Role::Persona, "Привет!");  // regenerated
    const Message u2 = chats.addMessage(c.id, a2.id, Role::User, "Где ты учишься?");
    EXPECT_EQ(texts(chats.selectedPath(c.id)),
              (std::vector<std::string>{"Привет", "Привет!", "Где ты учишься?"}));
    EXPECT_EQ(texts(chats.siblings(a1.id)), (std::vector<std::string>{"Здравствуй", "Привет!"}));
    EXPECT_FALSE(chats.message(a1.id).selected);

    chats.select(a1.id);  // back to the first alternative: its branch has no continuation
    EXPECT_EQ(texts(chats.selectedPath(c.id)), (std::vector<std::string>{"Привет", "Здравствуй"}));
    chats.select(a2.id);  // and forward again: the branch below a2 is still there
    EXPECT_EQ(chats.selectedPath(c.id).back().id, u2.id);
    EXPECT_EQ(chats.messages(c.id).size(), 4u);
}

TEST_F(ChatRepoTest, AParentFromAnotherChatIsRefused) {
    const Chat c1 = chats.create(p.id);
    const Chat c2 = chats.create(p.id);
    const Message m = chats.addMessage(c1.id, std::nullopt, Role::User, "Привет");
    try {
        chats.addMessage(c2.id, m.id, Role::Persona, "Нет");
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("belongs to another chat"), std::string::npos);
    }
    EXPECT_TRUE(chats.messages(c2.id).empty());
}

TEST_F(ChatRepoTest, PersonaTurnStoresEverythingTogether) {
    const Chat c = chats.create(p.id);
    const Message u = chats.addMessage(c.id, std::nullopt, Role::User, "Где учишься?");
    const Message m = chats.addPersonaTurn(turn(c.id, u.id, "Я учусь в ИТМО"));
    EXPECT_EQ(chats.message(m.id).settingsJson, R"({"temperature":0.7,"top_p":0.9})");
    const auto r = traces.retrieval(m.id);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].factText, "Я учусь в ИТМО");
    EXPECT_DOUBLE_EQ(*r[0].score, 0.91);
    EXPECT_EQ(r[0].rank, 1);
    EXPECT_TRUE(r[0].selectedByModel);
    EXPECT_FALSE(r[0].selectedByHuman);
    EXPECT_DOUBLE_EQ(r[0].components.at("bm25"), 3.5);
    EXPECT_EQ(r[1].rank, 2);
    const auto tokens = traces.tokens(m.id);
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(tokens[0].alternatives.size(), 2u);
    EXPECT_EQ(tokens[0].alternatives[1].text, "Мы");
    EXPECT_DOUBLE_EQ(tokens[0].alternatives[1].prob, 0.1);
    EXPECT_EQ(tokens[1].text, std::string("\xD1", 1));  // bytes kept as they were
}

TEST_F(ChatRepoTest, ABadTurnStoresNothing) {
    const Chat c = chats.create(p.id);
    const Message u = chats.addMessage(c.id, std::nullopt, Role::User, "Привет");
    const Persona other = personas.create(test::named("Чужой"), {{0, "Я чужой факт"}});
    const std::string before = test::snapshot(db);

    PersonaTurn badFact = turn(c.id, u.id, "ответ");
    badFact.retrieval[1].factId = personas.currentRevision(other.id).facts[0].id;
    PersonaTurn badTokens = turn(c.id, u.id, "ответ");
    badTokens.tokens[1].position = 0;
    PersonaTurn badSettings = turn(c.id, u.id, "ответ");
    badSettings.settingsJson = "{not json";
    const std::vector<std::pair<PersonaTurn, std::string>> cases = {
        {badFact, "not among the facts this chat was held with"},
        {badTokens, "token position 0 appears twice"},
        {badSettings, "not valid JSON"},
    };
    for (const auto& [t, expected] : cases) {
        try {
            chats.addPersonaTurn(t);
            ADD_FAILURE() << "accepted: " << expected;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
        }
        EXPECT_EQ(test::snapshot(db), before) << expected;
    }
}

TEST_F(ChatRepoTest, HumanLabelsAndRatings) {
    const Persona partner = personas.create(test::named("Максим"), {{0, "Меня зовут Максим"}});
    Chat c;
    c.personaId = p.id;
    c.partnerPersonaId = partner.id;
    c = chats.create(c);
    const Message u = chats.addMessage(c.id, std::nullopt, Role::User, "Меня зовут Максим");
    const Message m = chats.addPersonaTurn(turn(c.id, u.id, "Я учусь в ИТМО"));

    traces.setHumanSelection(m.id, {rev.facts[0].id});
    EXPECT_EQ(traces.humanSelection(m.id), std::vector<Id>{rev.facts[0].id});
    const auto r = traces.retrieval(m.id);
    EXPECT_FALSE(r[0].selectedByHuman);  // the model's pick, not the human's
    EXPECT_TRUE(r[1].selectedByHuman);
    // The user's turn is labelled against the partner's facts.
    const Id partnerFact = personas.currentRevision(partner.id).facts[0].id;
    traces.setHumanSelection(u.id, {partnerFact});
    ASSERT_EQ(traces.retrieval(u.id).size(), 1u);
    EXPECT_FALSE(traces.retrieval(u.id)[0].score);
    EXPECT_EQ(traces.retrieval(u.id)[0].factText, "Меня зовут Максим");
    EXPECT_THROW(traces.setHumanSelection(u.id, {rev.facts[0].id}), InvalidArgument);

    EXPECT_FALSE(traces.rating(m.id));
    Rating rating;
    rating.logical = 1;
    rating.specific = 0;
    rating.comment = "логично, но общо";
    traces.setRating(m.id, rating);
    const auto got = traces.rating(m.id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->logical, 1);
    EXPECT_EQ(got->specific, 0);
    EXPECT_FALSE(got->personal);
    EXPECT_EQ(got->comment, "логично, но общо");
    rating.logical = 11;
    EXPECT_THROW(traces.setRating(m.id, rating), InvalidArgument);
    traces.clearRating(m.id);
    EXPECT_FALSE(traces.rating(m.id));
}

TEST_F(ChatRepoTest, RemovingAChatRemovesItsTraces) {
    const Chat c = chats.create(p.id);
    const Message m = chats.addPersonaTurn(turn(c.id, std::nullopt, "Привет"));
    traces.setRating(m.id, Rating{1, 1, 1, "ok", 0});
    chats.remove(c.id);
    EXPECT_TRUE(traces.retrieval(m.id).empty());
    EXPECT_TRUE(traces.tokens(m.id).empty());
    EXPECT_FALSE(traces.rating(m.id));
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST_F(ChatRepoTest, TranscriptLoadsEachShownTurnWithItsTraces) {
    const Chat c = chats.create(p.id);
    const Message u = chats.addMessage(c.id, std::nullopt, Role::User, "Где учишься?");
    chats.addPersonaTurn(turn(c.id, u.id, "В ИТМО"));
    const Message second = chats.addPersonaTurn(turn(c.id, u.id, "Я учусь в ИТМО"));
    traces.setRating(second.id, Rating{1, 1, 0, "", 0});
    const std::vector<TurnView> t = chats.transcript(c.id);
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[0].message.text, "Где учишься?");
    EXPECT_EQ(t[0].alternativeCount, 1);
    EXPECT_TRUE(t[0].retrieval.empty());
    EXPECT_EQ(t[1].message.id, second.id);
    EXPECT_EQ(t[1].alternativeIndex, 1);
    EXPECT_EQ(t[1].alternativeCount, 2);
    EXPECT_EQ(t[1].retrieval.size(), 2u);
    EXPECT_EQ(t[1].tokens.size(), 2u);
    ASSERT_TRUE(t[1].rating);
    EXPECT_EQ(t[1].rating->personal, 0);
}

TEST_F(ChatRepoTest, NoWritesInsideAReadTransaction) {
    const Chat c = chats.create(p.id);
    try {
        db.readTransaction([&] { chats.addMessage(c.id, std::nullopt, Role::User, "x"); });
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot write inside a read transaction"),
                  std::string::npos);
    }
    EXPECT_TRUE(chats.messages(c.id).empty());
    chats.addMessage(c.id, std::nullopt, Role::User, "после");  // the connection still works
    EXPECT_EQ(chats.messages(c.id).size(), 1u);
}

TEST(ChatRepoThreads, EachThreadWithItsOwnConnection) {
    // The GUI reads while the agent's worker writes: two connections, neither sees an error.
    TempDir dir;
    const std::string path = dir.file("threads.db");
    Id chatId = 0;
    {
        Database db = Database::open(path);
        const Persona p = PersonaRepo(db).create(test::named("Поток"), {{0, "Я пишу"}});
        chatId = ChatRepo(db).create(p.id).id;
    }
    std::atomic<bool> done{false};
    std::string writerError;
    std::thread writer([&] {
        try {
            Database db = Database::open(path);
            ChatRepo chats(db);
            std::optional<Id> parent;
            for (int i = 0; i < 100; ++i)
                parent = chats
                             .addMessage(chatId, parent, i % 2 ? Role::Persona : Role::User,
                                         std::to_string(i))
                             .id;
        } catch (const std::exception& e) {
            writerError = e.what();
        }
        done = true;
    });
    Database reader = Database::open(path);
    ChatRepo chats(reader);
    size_t last = 0;
    while (!done) {
        const size_t n = chats.selectedPath(chatId).size();
        EXPECT_GE(n, last);  // a reader never sees a write half done or undone
        last = n;
    }
    writer.join();
    EXPECT_EQ(writerError, "");
    EXPECT_EQ(chats.selectedPath(chatId).size(), 100u);
}

namespace {

// Migration 9: each alternative keeps the sampler chain's attribution, and a trace written
// without it (as before the chain) reads back as "not recorded".
TEST_F(ChatRepoTest, TokenAlternativesKeepTheSamplerAttribution) {
    const Chat c = chats.create(p.id);
    const Message u = chats.addMessage(c.id, std::nullopt, Role::User, "Где учишься?");
    PersonaTurn t = turn(c.id, u.id, "Я учусь в ИТМО");
    auto& alts = t.tokens[0].alternatives;
    alts[0].probAfter = 0.93;
    alts[0].changes = {{"penalties", -0.25}, {"dry", -1.8}};
    alts[1].cutBy = "top_p";
    alts[1].probAfter = 0.0;
    const Message m = chats.addPersonaTurn(t);
    const auto back = traces.tokens(m.id);
    ASSERT_EQ(back[0].alternatives.size(), 2u);
    const auto& a0 = back[0].alternatives[0];
    EXPECT_EQ(a0.cutBy, "");
    EXPECT_DOUBLE_EQ(*a0.probAfter, 0.93);
    ASSERT_EQ(a0.changes.size(), 2u);
    EXPECT_EQ(a0.changes[1].first, "dry");
    EXPECT_DOUBLE_EQ(a0.changes[1].second, -1.8);
    EXPECT_EQ(back[0].alternatives[1].cutBy, "top_p");
    EXPECT_DOUBLE_EQ(*back[0].alternatives[1].probAfter, 0.0);
    const Message old = chats.addPersonaTurn(turn(c.id, u.id, "Старый ответ"));
    EXPECT_FALSE(traces.tokens(old.id)[0].alternatives[0].probAfter.has_value());
    EXPECT_TRUE(traces.tokens(old.id)[0].alternatives[0].changes.empty());
}

}  // namespace
