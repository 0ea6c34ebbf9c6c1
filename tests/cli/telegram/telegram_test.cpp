// persona-cli telegram against a fake Bot API on 127.0.0.1 (issue 14): both modes end to end, a
// restart after SIGKILL, HTTP 429, a malformed update; the stored chats and labels are checked.
#include "bot_process.h"
#include "fake_bot_api.h"
#include "../../core/agent/tiny_models.h"

#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/telegram_repo.h"
#include "persona/store/trace_repo.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

namespace persona::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::string kToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const std::vector<std::string> kFacts{
    "Я живу в Москве", "У меня есть кошка", "Я люблю футбол", "Я учусь в ИТМО", "Мне нравится машинное обучение",
    "Я играю на гитаре", "Я не ем мясо", "Я работаю программистом", "У меня две сестры", "Я люблю читать",
    "Я боюсь высоты", "Я часто путешествую"};

json textUpdate(long long id, long long chat, const std::string& text, const std::string& lang = "ru") {
    return {{"update_id", id},
            {"message",
             {{"message_id", id},
              {"date", 1700000000},
              {"chat", {{"id", chat}, {"type", "private"}}},
              {"from", {{"id", chat}, {"is_bot", false}, {"first_name", "Тест"}, {"language_code", lang}}},
              {"text", text}}}};
}

// A press of a button of a message the bot sent.
json callbackUpdate(long long id, long long chat, const FakeRequest& sent, const std::string& data) {
    return {{"update_id", id},
            {"callback_query",
             {{"id", "cb" + std::to_string(id)},
              {"from", {{"id", chat}, {"is_bot", false}, {"first_name", "Тест"}, {"language_code", "ru"}}},
              {"data", data},
              {"message", {{"message_id", sent.messageId}, {"chat", {{"id", chat}}}, {"text", sent.body.value("text", "")}}}}}};
}

std::vector<FakeRequest> delivered(const std::vector<FakeRequest>& rs, const std::string& method, long long chat = 0) {
    std::vector<FakeRequest> out;
    for (const auto& r : rs)
        if (r.method == method && r.answered && r.status == 200 && (chat == 0 || r.body.value("chat_id", 0LL) == chat))
            out.push_back(r);
    return out;
}

std::string queryText(store::Database& db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &st, nullptr);
    std::string out;
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}
long long queryInt(store::Database& db, const std::string& sql) { return std::stoll("0" + queryText(db, sql)); }

// The reply text before the facts section.
std::string replyPart(const std::string& text) { return text.substr(0, text.find("\n\n")); }

class TelegramBotTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { models = new TinyModels; }
    static void TearDownTestSuite() { delete models; }

    TelegramBotTest() : dir(fs::path(models->root()) / ("telegram_" + std::to_string(counter++))) {
        fs::create_directories(dir);
        dbPath = (dir / "store.db").string();
        tokenFile = (dir / "token").string();
        std::ofstream(tokenFile) << kToken << "\n";
        auto db = store::Database::open(dbPath);
        store::Persona p;
        p.name = "Кирилл";
        std::vector<store::FactDraft> drafts;
        for (const auto& f : kFacts) drafts.push_back({0, f, store::FactOrigin::Typed, true});
        personaId = store::PersonaRepo(db).create(p, drafts).id;
    }

    std::unique_ptr<BotProcess> start() {
        return std::make_unique<BotProcess>(
            std::vector<std::string>{PERSONA_CLI, "--threads", "1", "telegram", "--db", dbPath, "--persona", "Кирилл",
                                     "--token-file", tokenFile, "--api-url", api.url(), "--poll-timeout", "1",
                                     "--generator", models->generator(), "--retriever", models->retriever(),
                                     "--max-new-tokens", "6", "--seed", "5"},
            (dir / "stdout.txt").string(), (dir / "stderr.txt").string());
    }
    std::string log() const { return readFile((dir / "stderr.txt").string()); }
    std::string out() const { return readFile((dir / "stdout.txt").string()); }

    // The token never shows: not in the log, not on stdout, not in anything sent.
    void expectNoTokenLeak() {
        EXPECT_EQ(log().find(kToken.substr(kToken.find(':') + 1)), std::string::npos) << log();
        EXPECT_EQ(out().find(kToken.substr(kToken.find(':') + 1)), std::string::npos);
        for (const auto& r : api.requests()) {
            EXPECT_EQ(r.path, "/bot" + kToken + "/" + r.method);  // only where it belongs
            EXPECT_EQ(r.body.dump().find(kToken), std::string::npos);
        }
    }

    std::vector<store::Chat> telegramChats() {
        auto db = store::Database::open(dbPath);
        std::vector<store::Chat> out;
        for (auto& c : store::ChatRepo(db).list())
            if (c.sourceRef.rfind("telegram:", 0) == 0) out.push_back(c);
        return out;
    }

    static inline TinyModels* models = nullptr;
    static inline int counter = 0;
    fs::path dir;
    std::string dbPath, tokenFile;
    store::Id personaId = 0;
    FakeBotApi api;
};

TEST_F(TelegramBotTest, SimpleModeRepliesWithFactsAndStoresTheDialogue) {
    const long long chat = 4242001;
    api.addUpdate(textUpdate(10, chat, "/start"));
    api.addUpdate(textUpdate(11, chat, "Привет! Где ты живёшь?"));
    api.addUpdate(textUpdate(12, chat, "А чем ты занимаешься?"));
    api.addUpdate(textUpdate(13, chat, "/help en"));
    api.addUpdate(textUpdate(14, chat, "/persona Я люблю чай\n\nЯ живу в Казани"));
    api.addUpdate(textUpdate(15, chat, "Что ты любишь?"));
    api.addUpdate(textUpdate(16, chat, "/persona"));
    auto bot = start();
    ASSERT_TRUE(api.waitFor([&](const auto& rs) { return delivered(rs, "sendMessage").size() >= 7; }, 60)) << log();
    EXPECT_EQ(bot->terminate(), 0) << log();
    EXPECT_NE(out().find("\"stopped_by\":\"SIGTERM\""), std::string::npos) << out();

    const auto rs = api.requests();
    const auto sent = delivered(rs, "sendMessage", chat);
    ASSERT_EQ(sent.size(), 7u);
    EXPECT_NE(sent[0].body["text"].get<std::string>().find("Новый диалог"), std::string::npos);
    for (int i : {1, 2}) EXPECT_NE(sent[i].body["text"].get<std::string>().find("\n\nФакты"), std::string::npos);
    EXPECT_NE(sent[3].body["text"].get<std::string>().find("/start - begin a new dialogue"), std::string::npos);
    EXPECT_NE(sent[4].body["text"].get<std::string>().find("теперь 14 фактов"), std::string::npos) << sent[4].body;
    EXPECT_NE(sent[6].body["text"].get<std::string>().find("Персона по умолчанию: «Кирилл» (12 фактов)"), std::string::npos);
    // "typing..." before each generated reply.
    EXPECT_EQ(delivered(rs, "sendChatAction", chat).size(), 3u);

    auto chats = telegramChats();
    ASSERT_EQ(chats.size(), 2u);  // /persona with facts began a new dialogue with the chat's own persona
    std::sort(chats.begin(), chats.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
    {
        auto db = store::Database::open(dbPath);
        store::PersonaRepo personas(db);
        const auto own = personas.get(chats[1].personaId);
        EXPECT_NE(own.id, personaId);
        EXPECT_EQ(own.sourceRef, chats[1].sourceRef);
        // Enabled facts only: the model's proposals, if any, are stored disabled.
        auto enabled = [](const std::vector<store::Fact>& facts) {
            std::vector<std::string> out;
            for (const auto& f : facts)
                if (f.enabled) out.push_back(f.text);
            return out;
        };
        const auto facts = enabled(personas.revision(chats[1].personaRevisionId).facts);
        ASSERT_EQ(facts.size(), kFacts.size() + 2);
        EXPECT_EQ(facts.back(), "Я живу в Казани");
        EXPECT_EQ(enabled(personas.currentRevision(personaId).facts), kFacts) << "the bound persona is unchanged";
        EXPECT_EQ(store::ChatRepo(db).transcript(chats[1].id)[0].message.text, "Что ты любишь?");
        EXPECT_EQ(queryInt(db, "SELECT count(*) FROM telegram_chats WHERE persona_id = " + std::to_string(personaId)), 1);
    }
    EXPECT_EQ(chats[0].personaId, personaId);
    EXPECT_EQ(chats[0].sourceRef.find(std::to_string(chat)), std::string::npos) << "the Telegram id is opaque";
    EXPECT_EQ(chats[0].sourceRef.size(), std::string("telegram:").size() + 24);
    auto db = store::Database::open(dbPath);
    const auto path = store::ChatRepo(db).transcript(chats[0].id);
    ASSERT_EQ(path.size(), 4u);
    EXPECT_EQ(path[0].message.text, "Привет! Где ты живёшь?");
    EXPECT_EQ(path[2].message.text, "А чем ты занимаешься?");
    for (int i : {1, 3}) {
        EXPECT_EQ(path[i].message.role, store::Role::Persona);
        EXPECT_EQ(replyPart(sent[(i + 1) / 2].body["text"]), path[i].message.text.empty() ? "\xE2\x80\xA6" : path[i].message.text);
        EXPECT_FALSE(path[i].retrieval.empty());
    }
    // Nothing left in flight, and the offset is past the last update.
    EXPECT_EQ(queryInt(db, "SELECT count(*) FROM telegram_inbox") + queryInt(db, "SELECT count(*) FROM telegram_outbox"), 0);
    EXPECT_EQ(queryInt(db, "SELECT next_offset FROM telegram_bots"), 17);
    EXPECT_EQ(queryText(db, "SELECT group_concat(chat_ref) FROM telegram_chats").find(std::to_string(chat)), std::string::npos);
    expectNoTokenLeak();
}

TEST_F(TelegramBotTest, ValidationModeStoresPicksAndMarksLikeTheWindow) {
    const long long chat = 4242002;
    api.addUpdate(textUpdate(20, chat, "/set_validation"));
    api.addUpdate(textUpdate(21, chat, "Где ты живёшь?"));
    auto bot = start();
    // The picker: ten facts and "done".
    ASSERT_TRUE(api.waitFor([&](const auto& rs) { return delivered(rs, "sendMessage").size() >= 2; }, 60)) << log();
    const FakeRequest picker = delivered(api.requests(), "sendMessage")[1];
    const auto& keyboard = picker.body["reply_markup"]["inline_keyboard"];
    ASSERT_EQ(keyboard.size(), 11u) << picker.body.dump();
    EXPECT_EQ(keyboard[10][0]["text"], "Готово");
    auto factOf = [&](int row) {  // the fact a button stands for, by its text ("⬜ text")
        const std::string label = keyboard[row][0]["text"];
        return label.substr(label.find(' ') + 1);
    };
    // Pick 0 and 2, take 2 back, pick 4: the picks are facts 0 and 4.
    long long id = 22;
    for (int row : {0, 2, 2, 4}) api.addUpdate(callbackUpdate(id++, chat, picker, keyboard[row][0]["callback_data"]));
    api.addUpdate(callbackUpdate(id++, chat, picker, keyboard[10][0]["callback_data"]));
    ASSERT_TRUE(api.waitFor([&](const auto& rs) { return delivered(rs, "sendMessage").size() >= 3; }, 60)) << log();
    const FakeRequest reply = delivered(api.requests(), "sendMessage")[2];
    const auto& marks = reply.body["reply_markup"]["inline_keyboard"][0];
    ASSERT_EQ(marks.size(), 3u) << reply.body.dump();
    // Logical, personal, personal again (taken back): logical 1, specific 0, personal 0.
    for (int button : {0, 2, 2}) api.addUpdate(callbackUpdate(id++, chat, reply, marks[button]["callback_data"]));
    ASSERT_TRUE(api.waitFor([&](const auto& rs) { return delivered(rs, "answerCallbackQuery").size() >= 8; }, 60)) << log();
    ASSERT_TRUE(api.waitFor([&](const auto& rs) { return delivered(rs, "editMessageText").size() >= 8; }, 30)) << log();
    EXPECT_EQ(bot->terminate(), 0) << log();

    const auto rs = api.requests();
    EXPECT_EQ(delivered(rs, "answerCallbackQuery").size(), 8u);  // every press answered once
    const auto edits = delivered(rs, "editMessageText");
    ASSERT_EQ(edits.size(), 8u);  // 4 pick toggles, the picker closed, 3 mark toggles
    EXPECT_NE(edits[4].body["text"].get<std::string>().find(factOf(4)), std::string::npos);
    EXPECT_FALSE(edits[4].body.contains("reply_markup"));
    EXPECT_EQ(edits[7].body["reply_markup"]["inline_keyboard"][0][0]["text"], "\xE2\x9C\x85 логично");

    auto db = store::Database::open(dbPath);
    const auto chats = telegramChats();
    ASSERT_EQ(chats.size(), 1u);
    const auto path = store::ChatRepo(db).transcript(chats[0].id);
    ASSERT_EQ(path.size(), 2u);
    EXPECT_EQ(path[1].message.text.empty() ? "\xE2\x80\xA6" : path[1].message.text, reply.body["text"].get<std::string>());
    std::set<std::string> human, model;
    for (const auto& row : path[1].retrieval) {
        if (row.selectedByHuman) human.insert(row.factText);
        if (row.selectedByModel) model.insert(row.factText);
    }
    EXPECT_EQ(human, (std::set<std::string>{factOf(0), factOf(4)}));
    EXPECT_EQ(model, human) << "the reply is generated from exactly the picked facts";
    const auto settings = json::parse(path[1].message.settingsJson);
    EXPECT_EQ(settings["top_k"], 0);
    EXPECT_EQ(settings["pinned_fact_ids"].size(), 2u);
    ASSERT_TRUE(path[1].rating.has_value());
    EXPECT_EQ(path[1].rating->logical, std::optional<int>(1));
    EXPECT_EQ(path[1].rating->specific, std::optional<int>(0));
    EXPECT_EQ(path[1].rating->personal, std::optional<int>(0));
    EXPECT_EQ(queryText(db, "SELECT mode FROM telegram_chats"), "validation");
    EXPECT_EQ(queryText(db, "SELECT pending FROM telegram_chats"), "");
    expectNoTokenLeak();
}

TEST_F(TelegramBotTest, ARestartAfterSigkillAnswersEveryUpdateExactlyOnce) {
    const long long a = 4242003, b = 4242004;
    long long id = 30;
    std::vector<std::pair<long long, std::string>> texts;
    for (int i = 0; i < 4; ++i) {
        texts.emplace_back(a, "Сообщение A" + std::to_string(i));
        texts.emplace_back(b, "Сообщение B" + std::to_string(i));
    }
    for (const auto& [chat, text] : texts) api.addUpdate(textUpdate(id++, chat, text));
    // Three kills at three moments: while a turn is under way (its message stored, no reply
    // yet), with updates queued but not handled, and while a reply is being sent (not accepted).
    std::atomic<pid_t> pid{0};
    std::atomic_int kills{0};
    std::atomic_int typing{0}, polls{0}, sends{0};
    api.setHook([&](const FakeRequest& r) {
        bool kill = false;
        if (r.method == "sendChatAction" && ++typing == 2) kill = true;
        if (r.method == "getUpdates" && r.body.value("timeout", 1) == 0 && ++polls == 3) kill = true;
        if (r.method == "sendMessage" && ++sends == 5) kill = true;
        if (kill && pid > 0) {  // never kill(0, ...): that would be the test's own process group
            ::kill(pid, SIGKILL);
            ++kills;
        }
        return kill && pid > 0;
    });
    auto allAnswered = [&](const std::vector<FakeRequest>& rs) { return delivered(rs, "sendMessage").size() >= texts.size(); };
    for (int round = 0; round < 6 && !api.waitFor(allAnswered, 0.1); ++round) {
        auto bot = start();
        pid = bot->pid();
        const int before = kills;
        ASSERT_TRUE(api.waitFor([&](const auto& rs) { return kills > before || allAnswered(rs); }, 90)) << log();
        if (kills > before) {
            bot->wait();
        } else {
            EXPECT_EQ(bot->terminate(), 0) << log();
        }
    }
    EXPECT_EQ(kills, 3);
    ASSERT_TRUE(allAnswered(api.requests())) << log();

    auto db = store::Database::open(dbPath);
    for (long long chat : {a, b}) {
        const auto sent = delivered(api.requests(), "sendMessage", chat);
        ASSERT_EQ(sent.size(), 4u) << "chat " << chat;
        std::vector<store::Chat> mine;
        for (const auto& c : telegramChats())
            for (const auto& m : store::ChatRepo(db).messages(c.id))
                if (m.text.rfind(std::string("Сообщение ") + (chat == a ? "A" : "B"), 0) == 0 &&
                    std::none_of(mine.begin(), mine.end(), [&](const auto& x) { return x.id == c.id; }))
                    mine.push_back(c);
        ASSERT_EQ(mine.size(), 1u);
        const auto all = store::ChatRepo(db).messages(mine[0].id);
        EXPECT_EQ(all.size(), 8u) << "no message stored twice, no reply generated twice";
        const auto path = store::ChatRepo(db).transcript(mine[0].id);
        ASSERT_EQ(path.size(), 8u);
        for (int i = 0; i < 4; ++i) {
            EXPECT_EQ(path[2 * i].message.text, std::string("Сообщение ") + (chat == a ? "A" : "B") + std::to_string(i));
            const std::string stored = path[2 * i + 1].message.text;
            EXPECT_EQ(replyPart(sent[i].body["text"]), stored.empty() ? "\xE2\x80\xA6" : stored) << "reply " << i;
        }
    }
    EXPECT_EQ(queryInt(db, "SELECT count(*) FROM telegram_inbox") + queryInt(db, "SELECT count(*) FROM telegram_outbox"), 0);
    expectNoTokenLeak();
}

TEST_F(TelegramBotTest, TooManyRequestsIsWaitedOutAsAsked) {
    const long long chat = 4242005;
    api.failNext("sendMessage", 429,
                 {{"ok", false}, {"error_code", 429}, {"description", "Too Many Requests: retry after 2"},
                  {"parameters", {{"retry_after", 2}}}});
    api.addUpdate(textUpdate(40, chat, "Привет"));
    auto bot = start();
    ASSERT_TRUE(api.waitFor([&](const auto& rs) { return delivered(rs, "sendMessage").size() >= 1; }, 60)) << log();
    EXPECT_EQ(bot->terminate(), 0);
    std::vector<FakeRequest> sends;
    for (const auto& r : api.requests())
        if (r.method == "sendMessage") sends.push_back(r);
    ASSERT_EQ(sends.size(), 2u);
    EXPECT_EQ(sends[0].status, 429);
    EXPECT_EQ(sends[1].status, 200);
    EXPECT_EQ(sends[0].body, sends[1].body);
    EXPECT_GE(std::chrono::duration<double>(sends[1].at - sends[0].at).count(), 1.9);
    EXPECT_NE(log().find("waiting 2 s as asked (retry_after)"), std::string::npos) << log();
    expectNoTokenLeak();
}

TEST_F(TelegramBotTest, AMalformedUpdateIsLoggedAndSkipped) {
    const long long chat = 4242006;
    api.addUpdate({{"update_id", 50}, {"message", {{"chat", "not an object"}, {"text", "x"}}}});
    api.addUpdate({{"update_id", 51}, {"callback_query", {{"id", 7}}}});
    api.addUpdate({{"update_id", 52}, {"edited_message", {{"text", "ignored"}}}});
    api.addUpdate(textUpdate(53, chat, "Привет"));
    auto bot = start();
    ASSERT_TRUE(api.waitFor([&](const auto& rs) { return delivered(rs, "sendMessage").size() >= 1; }, 60)) << log();
    EXPECT_TRUE(bot->alive());
    EXPECT_EQ(bot->terminate(), 0);
    EXPECT_EQ(delivered(api.requests(), "sendMessage", chat).size(), 1u);
    EXPECT_EQ(delivered(api.requests(), "sendMessage").size(), 1u);
    const std::string text = log();
    EXPECT_NE(text.find("malformed update 50.message.chat: no \"id\"; skipped"), std::string::npos) << text;
    EXPECT_NE(text.find("malformed update 51.callback_query: \"id\" is not a string; skipped"), std::string::npos) << text;
    EXPECT_NE(text.find("update 52 ignored"), std::string::npos) << text;
    auto db = store::Database::open(dbPath);
    EXPECT_EQ(queryInt(db, "SELECT next_offset FROM telegram_bots"), 54);
    expectNoTokenLeak();
}

// The race behind AMalformedUpdateIsLoggedAndSkipped's rare second reply: a stop (SIGTERM) that
// came while a reply was on its way aborted the send after the API had it, and the way out sent
// it again. Here the fake holds the first sendMessage until the bot has had time to see its stop
// flag (curl checks it at least once a second), then answers it.
TEST_F(TelegramBotTest, AStopDuringASendDoesNotSendItTwice) {
    std::signal(SIGPIPE, SIG_IGN);  // the fake may answer a client that hung up
    const long long chat = 4242007;
    api.addUpdate(textUpdate(60, chat, "Привет"));
    std::atomic<pid_t> pid{0};
    std::atomic_int sends{0};
    std::atomic_bool stopped{false};
    api.setHook([&](const FakeRequest& r) {
        if (r.method == "sendMessage" && ++sends == 1 && pid > 0) {
            ::kill(pid, SIGTERM);
            stopped = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        }
        return false;  // answered
    });
    auto bot = start();
    pid = bot->pid();
    for (int i = 0; i < 3000 && bot->alive(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(stopped.load()) << log();
    ASSERT_FALSE(bot->alive()) << log();
    EXPECT_EQ(delivered(api.requests(), "sendMessage", chat).size(), 1u) << log();
    EXPECT_EQ(log().find("sendMessage: interrupted"), std::string::npos) << log();
}

TEST_F(TelegramBotTest, ABadTokenFileIsAnErrorThatDoesNotShowIt) {
    std::ofstream(tokenFile) << "not-a-token-" << kToken.substr(kToken.find(':') + 1) << "\n";
    auto bot = start();
    for (int i = 0; i < 500 && bot->alive(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_FALSE(bot->alive());
    EXPECT_NE(log().find("does not hold a bot token"), std::string::npos) << log();
    EXPECT_NE(log().find(tokenFile), std::string::npos);
    EXPECT_EQ(log().find(kToken.substr(kToken.find(':') + 1)), std::string::npos) << log();
    EXPECT_TRUE(api.requests().empty());
}

}  // namespace
}  // namespace persona::test
