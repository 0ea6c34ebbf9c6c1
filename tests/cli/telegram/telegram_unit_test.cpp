// The Telegram connector's parts that need no server: hashing, update parsing, the token file,
// message clipping and the store's queue.
#include "telegram/bot_api.h"
#include "telegram/replies.h"
#include "telegram/sha256.h"
#include "telegram/update.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "persona/store/telegram_repo.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace persona::telegram {
namespace {

using nlohmann::json;

template <class F>
std::string errorOf(F f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

TEST(Sha256, MatchesTheStandardVectors) {
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Update, TextMessagesAndButtonPressesBecomeEvents) {
    const auto text = parseUpdate(json::parse(
        R"({"update_id":7,"message":{"message_id":1,"chat":{"id":-100},"from":{"id":5,"language_code":"en"},"text":"Hi"}})"));
    ASSERT_TRUE(text);
    EXPECT_EQ(text->kind, Event::Kind::Text);
    EXPECT_EQ(text->chatId, -100);
    EXPECT_EQ(text->language, "en");
    EXPECT_EQ(eventFromJson(toJson(*text)).text, "Hi");
    const auto press = parseUpdate(json::parse(
        R"({"update_id":8,"callback_query":{"id":"q1","data":"d:3","message":{"message_id":44,"chat":{"id":9},"text":"t"}}})"));
    ASSERT_TRUE(press);
    EXPECT_EQ(press->kind, Event::Kind::Callback);
    EXPECT_EQ(press->messageId, 44);
    EXPECT_EQ(press->callbackId, "q1");
    const auto sticker = parseUpdate(json::parse(R"({"update_id":9,"message":{"chat":{"id":9},"sticker":{}}})"));
    ASSERT_TRUE(sticker);
    EXPECT_EQ(sticker->kind, Event::Kind::Other);
    EXPECT_FALSE(parseUpdate(json::parse(R"({"update_id":10,"poll":{}})")));
}

TEST(Update, MalformedUpdatesNameTheField) {
    EXPECT_EQ(errorOf([] { parseUpdate(json::parse(R"({"message":{}})")); }), "malformed update: no integer \"update_id\"");
    EXPECT_EQ(errorOf([] { parseUpdate(json::parse(R"({"update_id":3,"message":{"chat":{"id":"x"},"text":"a"}})")); }),
              "malformed update 3.message.chat: \"id\" is not an integer");
    EXPECT_EQ(errorOf([] { parseUpdate(json::parse(R"({"update_id":4,"message":{"chat":{"id":1},"text":5}})")); }),
              "malformed update 4.message: \"text\" is not a string");
    EXPECT_EQ(updateIdOf(json::parse(R"({"update_id":4,"message":[]})")), 4);
}

TEST(TokenFile, IsReadTrimmedAndCheckedWithoutShowingIt) {
    const std::string path = std::filesystem::temp_directory_path() / ("token_" + std::to_string(::getpid()));
    std::ofstream(path) << "  12345:ABC-def_9\n";
    EXPECT_EQ(readTokenFile(path), "12345:ABC-def_9");
    EXPECT_EQ(botRef("12345:ABC-def_9"), botRef("12345:other"));  // the bot, not the secret
    EXPECT_EQ(botRef("12345:x").find("12345"), std::string::npos);
    std::ofstream(path) << "12345 SECRETSECRET";
    const std::string err = errorOf([&] { readTokenFile(path); });
    EXPECT_NE(err.find("does not hold a bot token"), std::string::npos) << err;
    EXPECT_EQ(err.find("SECRET"), std::string::npos) << err;
    std::filesystem::remove(path);
    EXPECT_NE(errorOf([&] { readTokenFile(path); }).find("cannot read the token file"), std::string::npos);
    BotApi api("http://127.0.0.1:1", "1:SECRETSECRET");
    EXPECT_EQ(api.redact("x 1:SECRETSECRET y"), "x <token> y");
}

TEST(Replies, LongTextIsClippedAtACharacterBoundary) {
    std::string text;
    for (int i = 0; i < 3000; ++i) text += "я";  // 2 bytes each
    const auto clipped = clip(text, kMaxMessageBytes);
    EXPECT_LE(clipped.size(), kMaxMessageBytes);
    EXPECT_EQ(clipped.substr(clipped.size() - 3), "\xE2\x80\xA6");
    EXPECT_EQ(clipped.size() % 2, 1u);  // whole "я"s, then the 3-byte ellipsis
    EXPECT_EQ(clip("short", 10), "short");
}

TEST(TelegramRepo, TheOffsetMovesWithTheQueueAndAnUpdateLeavesWithItsReplies) {
    const std::string path = std::filesystem::temp_directory_path() / ("tgrepo_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path);
    auto db = store::Database::open(path);
    store::TelegramRepo repo(db, "bot1");
    const std::string salt = repo.ensureBot();
    EXPECT_EQ(salt.size(), 32u);
    EXPECT_EQ(repo.ensureBot(), salt);  // kept
    EXPECT_EQ(repo.nextOffset(), 0);
    repo.receive({{5, "c1", "{}", std::nullopt}, {6, "c2", "{}", std::nullopt}}, 7);
    repo.receive({{6, "c2", "{\"again\":1}", std::nullopt}}, 7);  // a repeat is ignored
    ASSERT_EQ(repo.inbox().size(), 2u);
    EXPECT_EQ(repo.inbox()[1].event, "{}");
    EXPECT_EQ(repo.nextOffset(), 7);
    repo.receive({}, 3);  // never backwards
    EXPECT_EQ(repo.nextOffset(), 7);
    store::TelegramChatState state{"c1", "validation", std::nullopt, std::nullopt, "{}"};
    repo.finish(5, state, {{0, "sendMessage", "{\"text\":\"a\"}"}, {0, "answerCallbackQuery", "{}"}});
    EXPECT_EQ(repo.inbox().size(), 1u);
    ASSERT_EQ(repo.outbox().size(), 2u);
    EXPECT_EQ(repo.outbox()[0].method, "sendMessage");
    EXPECT_EQ(repo.chat("c1")->mode, "validation");
    state.mode = "other";
    EXPECT_NE(errorOf([&] { repo.finish(6, state, {}); }).find("unknown Telegram chat mode \"other\""), std::string::npos);
    EXPECT_EQ(repo.inbox().size(), 1u);  // nothing changed
    repo.sent(repo.outbox()[0].id);
    EXPECT_EQ(repo.outbox().size(), 1u);
    store::TelegramRepo other(db, "bot2");
    EXPECT_NE(errorOf([&] { other.nextOffset(); }).find("not registered"), std::string::npos);
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace persona::telegram
