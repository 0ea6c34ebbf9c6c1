#include "persona/store/telegram_repo.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "store/statement.h"

#include <random>

namespace persona::store {

namespace {

std::string randomHex(int bytes) {
    std::random_device rd;
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < bytes; ++i) {
        const unsigned v = rd() & 0xffu;
        out += kHex[v >> 4];
        out += kHex[v & 15u];
    }
    return out;
}

}  // namespace

TelegramRepo::TelegramRepo(Database& db, std::string botRef) : m_db(db), m_botRef(std::move(botRef)) {}

std::string TelegramRepo::ensureBot() {
    std::string salt;
    m_db.transaction([&] {
        Statement ins(m_db.handle(), "INSERT OR IGNORE INTO telegram_bots(bot_ref, salt) VALUES (?, ?)");
        ins.bind(1, m_botRef).bind(2, randomHex(16)).run();
        Statement sel(m_db.handle(), "SELECT salt FROM telegram_bots WHERE bot_ref = ?");
        sel.bind(1, m_botRef);
        if (sel.step()) salt = sel.getText(0);
    });
    return salt;
}

std::int64_t TelegramRepo::nextOffset() {
    Statement st(m_db.handle(), "SELECT next_offset FROM telegram_bots WHERE bot_ref = ?");
    st.bind(1, m_botRef);
    if (!st.step()) throw StoreError("the Telegram bot is not registered in the store");
    return st.getInt(0);
}

void TelegramRepo::receive(const std::vector<TelegramInboxItem>& items, std::int64_t nextOffset) {
    m_db.transaction([&] {
        Statement ins(m_db.handle(),
                      "INSERT OR IGNORE INTO telegram_inbox(bot_ref, update_id, chat_ref, event) VALUES (?, ?, ?, ?)");
        for (const auto& item : items) {
            ins.bind(1, m_botRef).bind(2, item.updateId).bind(3, item.chatRef).bind(4, item.event).run();
        }
        Statement off(m_db.handle(), "UPDATE telegram_bots SET next_offset = max(next_offset, ?) WHERE bot_ref = ?");
        off.bind(1, nextOffset).bind(2, m_botRef).run();
        if (sqlite3_changes(m_db.handle()) != 1) throw StoreError("the Telegram bot is not registered in the store");
    });
}

std::vector<TelegramInboxItem> TelegramRepo::inbox() {
    Statement st(m_db.handle(),
                 "SELECT update_id, chat_ref, event, user_message_id FROM telegram_inbox WHERE bot_ref = ? "
                 "ORDER BY update_id");
    st.bind(1, m_botRef);
    std::vector<TelegramInboxItem> out;
    while (st.step()) out.push_back({st.getInt(0), st.getText(1), st.getText(2), st.getOptInt(3)});
    return out;
}

void TelegramRepo::setUserMessage(std::int64_t updateId, Id messageId) {
    m_db.transaction([&] {
        Statement st(m_db.handle(), "UPDATE telegram_inbox SET user_message_id = ? WHERE bot_ref = ? AND update_id = ?");
        st.bind(1, messageId).bind(2, m_botRef).bind(3, updateId).run();
    });
}

void TelegramRepo::finish(std::int64_t updateId, const TelegramChatState& state,
                          const std::vector<TelegramOutboxItem>& replies) {
    if (state.mode != "simple" && state.mode != "validation")
        throw InvalidArgument("unknown Telegram chat mode \"" + state.mode + "\"");
    sqlite3* db = m_db.handle();
    m_db.transaction([&] {
        Statement del(db, "DELETE FROM telegram_inbox WHERE bot_ref = ? AND update_id = ?");
        del.bind(1, m_botRef).bind(2, updateId).run();
        Statement up(db,
                     "INSERT INTO telegram_chats(bot_ref, chat_ref, mode, chat_id, persona_id, pending) "
                     "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(bot_ref, chat_ref) DO UPDATE SET "
                     "mode = excluded.mode, chat_id = excluded.chat_id, persona_id = excluded.persona_id, "
                     "pending = excluded.pending");
        up.bind(1, m_botRef).bind(2, state.chatRef).bind(3, state.mode).bind(4, state.chatId);
        up.bind(5, state.personaId).bind(6, state.pending).run();
        Statement ins(db, "INSERT INTO telegram_outbox(bot_ref, method, body, created_at) VALUES (?, ?, ?, ?)");
        for (const auto& r : replies) ins.bind(1, m_botRef).bind(2, r.method).bind(3, r.body).bind(4, nowMs()).run();
    });
}

std::optional<TelegramChatState> TelegramRepo::chat(const std::string& chatRef) {
    Statement st(m_db.handle(),
                 "SELECT chat_ref, mode, chat_id, persona_id, pending FROM telegram_chats "
                 "WHERE bot_ref = ? AND chat_ref = ?");
    st.bind(1, m_botRef).bind(2, chatRef);
    if (!st.step()) return std::nullopt;
    return TelegramChatState{st.getText(0), st.getText(1), st.getOptInt(2), st.getOptInt(3), st.getText(4)};
}

std::vector<TelegramOutboxItem> TelegramRepo::outbox() {
    Statement st(m_db.handle(), "SELECT id, method, body FROM telegram_outbox WHERE bot_ref = ? ORDER BY id");
    st.bind(1, m_botRef);
    std::vector<TelegramOutboxItem> out;
    while (st.step()) out.push_back({st.getInt(0), st.getText(1), st.getText(2)});
    return out;
}

void TelegramRepo::sent(Id outboxId) {
    m_db.transaction([&] {
        Statement st(m_db.handle(), "DELETE FROM telegram_outbox WHERE id = ? AND bot_ref = ?");
        st.bind(1, outboxId).bind(2, m_botRef).run();
    });
}

}  // namespace persona::store
