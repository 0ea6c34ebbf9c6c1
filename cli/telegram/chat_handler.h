// What the bot does with one Telegram update: commands, a message in simple or validation mode,
// a button press. Every store write of an update is committed in the same transaction that takes
// it off the queue and queues its replies, so handling it again after a crash repeats nothing;
// a generated reply already stored is found again rather than generated twice.
#pragma once

#include "telegram/bot_options.h"
#include "telegram/bot_texts.h"
#include "telegram/update.h"

#include "persona/agent/agent.h"
#include "persona/store/telegram_repo.h"

#include <functional>
#include <string>
#include <vector>

namespace persona::telegram {

class ChatHandler {
public:
    using Typing = std::function<void(std::int64_t telegramChatId)>;
    using Log = std::function<void(const std::string&)>;

    ChatHandler(store::Database& db, Agent& agent, AgentModels models, store::TelegramRepo& repo,
                const BotOptions& options, Log log);

    // Handles a queued update to the end (failures are logged and answered with an apology).
    void handle(const store::TelegramInboxItem& item, const Typing& typing);

private:
    struct Turn;
    void handleEvent(Turn& t);
    void command(Turn& t);
    void personaCommand(Turn& t, const std::string& args);
    void message(Turn& t);
    void callback(Turn& t);
    void pick(Turn& t, store::Id userMessageId, int index);
    void done(Turn& t, store::Id userMessageId);
    void mark(Turn& t, store::Id personaMessageId, char which);

    store::Id ensureChat(Turn& t);
    store::Id storeUserMessage(Turn& t);
    store::Id generate(Turn& t, store::Id userMessageId, const AgentSettings& settings);
    std::vector<store::Id> candidates(store::Id userMessageId);
    std::string simpleReply(Lang lang, store::Id personaMessageId);

    store::Database& m_db;
    Agent& m_agent;
    AgentModels m_models;
    store::TelegramRepo& m_repo;
    const BotOptions& m_options;
    Log m_log;
    store::Id m_defaultPersonaId = 0;
};

}  // namespace persona::telegram
