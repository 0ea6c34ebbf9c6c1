// The Telegram bot: long polling of the Bot API, a queue per Telegram chat in the store, one
// generation at a time, and replies sent from a store outbox.
//
// The loop: send what the outbox holds -> getUpdates from the stored offset (a long poll when
// nothing is queued) -> queue the updates and move the offset past them in one transaction ->
// handle one queued update (chats take turns) -> repeat. A SIGKILL at any point loses no update
// and answers none twice: what was queued is handled on restart, a reply generated before the
// kill is found in the store instead of generated again, and queued replies are sent. The one
// window left is between Telegram accepting a message and the outbox row being deleted
// (milliseconds; no Bot API call can make a send idempotent).
#pragma once

#include "telegram/bot_options.h"

#include "persona/agent/agent.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace persona::store {
class Database;
}

namespace persona::telegram {

class TelegramBot {
public:
    using Log = std::function<void(const std::string&)>;

    // db: this thread's connection. Throws StoreError when the persona does not exist.
    TelegramBot(store::Database& db, AgentModels models, BotOptions options, Log log);
    ~TelegramBot();

    // Runs until *stop becomes true (a long poll in progress is abandoned at once; a reply being
    // generated is finished, stored and, when Telegram answers within seconds, sent first).
    void run(const std::atomic_bool& stop);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace persona::telegram
