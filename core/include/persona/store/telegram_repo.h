// The Telegram connector's state in the store (schema 6): where a bot is in the update stream,
// each Telegram chat's mode and current dialogue, and the updates and replies in flight.
//
// Exactly-once: received updates are queued here in the same transaction that moves the offset
// past them, and an update leaves the queue in the same transaction that queues its replies. A
// Telegram chat is named by an opaque salted hash (chatRef); its raw id lives only inside the
// in-flight rows (event, body), deleted once handled or sent.
#pragma once

#include "persona/store/store_types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace persona::store {

class Database;

struct TelegramChatState {
    std::string chatRef;
    std::string mode = "simple";   // "simple" or "validation"
    std::optional<Id> chatId;      // the store chat of the current dialogue
    std::optional<Id> personaId;   // the persona of the current dialogue
    std::string pending;           // validation: JSON of the turn awaiting picks; empty when none
};

struct TelegramInboxItem {
    std::int64_t updateId = 0;
    std::string chatRef;
    std::string event;                 // the parsed update (JSON)
    std::optional<Id> userMessageId;   // set once the user's message is stored
};

struct TelegramOutboxItem {
    Id id = 0;            // 0 until queued
    std::string method;   // Bot API method: sendMessage, answerCallbackQuery, editMessageText
    std::string body;     // its JSON parameters
};

class TelegramRepo {
public:
    // botRef: an opaque name of the bot (never its token).
    TelegramRepo(Database& db, std::string botRef);

    // Registers the bot when first seen (with a new random salt); returns its salt.
    std::string ensureBot();
    std::int64_t nextOffset();

    // Queues received updates and moves the offset to nextOffset, in one transaction. Updates
    // already queued are ignored.
    void receive(const std::vector<TelegramInboxItem>& items, std::int64_t nextOffset);
    std::vector<TelegramInboxItem> inbox();  // oldest first
    // Records the stored user message of an update (call inside the transaction that stores it).
    void setUserMessage(std::int64_t updateId, Id messageId);
    // An update is handled: removes it, writes the chat's state and queues the replies, in one
    // transaction.
    void finish(std::int64_t updateId, const TelegramChatState& state, const std::vector<TelegramOutboxItem>& replies);

    std::optional<TelegramChatState> chat(const std::string& chatRef);
    std::vector<TelegramOutboxItem> outbox();  // oldest first
    void sent(Id outboxId);                    // removes it from the outbox

private:
    Database& m_db;
    std::string m_botRef;
};

}  // namespace persona::store
