// ChatHandler in-process, on the store state a SIGKILL can leave behind: a reply generated and
// stored, but its update still queued. It must be sent, not generated again.
#include "../../core/agent/tiny_models.h"

#include "telegram/chat_handler.h"

#include "persona/model/gpt2_model.h"
#include "persona/retrieve/biencoder.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/telegram_repo.h"
#include "persona/text/tokenizer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace persona::telegram {
namespace {

using nlohmann::json;

TEST(ChatHandler, AReplyStoredBeforeACrashIsSentNotGeneratedAgain) {
    test::TinyModels models;
    auto db = store::Database::open(models.root() + "/handler.db");
    store::Persona p;
    p.name = "Кирилл";
    const auto persona = store::PersonaRepo(db).create(p, {{0, "Я живу в Москве", store::FactOrigin::Typed, true}});
    AgentModels m;
    m.generator = std::make_shared<Gpt2Model>(Gpt2Model::load(models.generator()));
    m.tokenizer = std::shared_ptr<const Tokenizer>(loadTokenizer(models.generator()));
    m.retriever = std::make_shared<BiEncoder>(BiEncoder::load(models.retriever()));
    Agent agent(db, m);
    BotOptions options;
    options.personaName = "Кирилл";
    options.settings.sampling.maxNewTokens = 4;
    store::TelegramRepo repo(db, "bot");
    repo.ensureBot();
    std::vector<std::string> log;
    ChatHandler handler(db, agent, m, repo, options, [&](const std::string& line) { log.push_back(line); });

    // What the killed process left: the update queued, its message stored, the reply stored.
    Event e;
    e.updateId = 70;
    e.chatId = 555;
    e.text = "Где ты живёшь?";
    repo.receive({{70, "ref1", toJson(e).dump(), std::nullopt}}, 71);
    store::Chat chat;
    chat.personaId = persona.id;
    chat.sourceRef = "telegram:ref1";
    chat.id = store::ChatRepo(db).create(chat).id;
    const auto user = store::ChatRepo(db).addMessage(chat.id, std::nullopt, store::Role::User, e.text);
    repo.setUserMessage(70, user.id);
    const auto stored = agent.answer(user.id, options.settings);

    int typing = 0;
    handler.handle(repo.inbox().at(0), [&](std::int64_t) { ++typing; });
    EXPECT_EQ(typing, 0) << "nothing is generated";
    EXPECT_EQ(store::ChatRepo(db).messages(chat.id).size(), 2u);
    EXPECT_TRUE(repo.inbox().empty());
    const auto outbox = repo.outbox();
    ASSERT_EQ(outbox.size(), 1u);
    const auto body = json::parse(outbox[0].body);
    EXPECT_EQ(body["chat_id"], 555);
    const std::string text = body["text"];
    EXPECT_EQ(text.substr(0, text.find("\n\n")), stored.reply.empty() ? "\xE2\x80\xA6" : stored.reply);
    EXPECT_EQ(repo.chat("ref1")->chatId, std::optional<store::Id>(chat.id));
    EXPECT_TRUE(log.empty());
}

}  // namespace
}  // namespace persona::telegram
