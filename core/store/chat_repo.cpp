#include "persona/store/chat_repo.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "persona/store/trace_repo.h"
#include "store/statement.h"
#include "store/text_check.h"

#include <nlohmann/json.hpp>

#include <map>

namespace persona::store {

namespace {

constexpr const char* kChatColumns =
    "SELECT id, persona_id, persona_revision_id, partner_persona_id, partner_revision_id, title, "
    "source_ref, "
    "created_at, updated_at FROM chats ";

Chat readChat(const Statement& st) {
    Chat c;
    c.id = st.getInt(0);
    c.personaId = st.getInt(1);
    c.personaRevisionId = st.getInt(2);
    c.partnerPersonaId = st.getOptInt(3);
    c.partnerRevisionId = st.getOptInt(4);
    c.title = st.getText(5);
    c.sourceRef = st.getText(6);
    c.createdAtMs = st.getInt(7);
    c.updatedAtMs = st.getInt(8);
    return c;
}

constexpr const char* kMessageColumns =
    "SELECT id, chat_id, parent_id, role, text, created_at, selected, emotion, settings_json, "
    "persona_revision_id FROM messages ";

Message readMessage(const Statement& st) {
    Message m;
    m.id = st.getInt(0);
    m.chatId = st.getInt(1);
    m.parentId = st.getOptInt(2);
    m.role = parseRole(st.getText(3));
    m.text = st.getText(4);
    m.createdAtMs = st.getInt(5);
    m.selected = st.getInt(6) != 0;
    m.emotion = st.getText(7);
    m.settingsJson = st.getText(8);
    m.personaRevisionId = st.getOptInt(9);
    return m;
}

void checkRevision(sqlite3* db, Id personaId, Id revisionId) {
    Statement st(db, "SELECT persona_id FROM persona_revisions WHERE id = ?");
    st.bind(1, revisionId);
    if (!st.step() || st.getInt(0) != personaId)
        throw InvalidArgument("revision " + std::to_string(revisionId) +
                              " is not a revision of persona " + std::to_string(personaId));
}

Id currentRevisionId(sqlite3* db, Id personaId) {
    Statement st(
        db, "SELECT id FROM persona_revisions WHERE persona_id = ? ORDER BY number DESC LIMIT 1");
    st.bind(1, personaId);
    if (!st.step())
        throw StoreError("no persona with id " + std::to_string(personaId));
    return st.getInt(0);
}

Message insertMessage(sqlite3* db, Id chatId, std::optional<Id> parentId, Role role,
                      const std::string& text, const std::string& emotion,
                      const std::string& settingsJson) {
    if (parentId) {
        Statement st(db, "SELECT chat_id FROM messages WHERE id = ?");
        st.bind(1, *parentId);
        if (!st.step())
            throw InvalidArgument("no message with id " + std::to_string(*parentId));
        if (st.getInt(0) != chatId)
            throw InvalidArgument("message " + std::to_string(*parentId) +
                                  " belongs to another chat");
    }
    Message m;
    m.chatId = chatId;
    m.parentId = parentId;
    m.role = role;
    m.text = text;
    m.emotion = emotion;
    m.settingsJson = settingsJson;
    m.createdAtMs = nowMs();
    m.selected = true;
    Statement unselect(db, "UPDATE messages SET selected = 0 WHERE chat_id = ? AND parent_id IS ?");
    unselect.bind(1, chatId).bind(2, parentId).run();
    Statement ins(
        db,
        "INSERT INTO messages(chat_id, parent_id, role, text, created_at, selected, emotion, "
        "settings_json) VALUES (?, ?, ?, ?, ?, 1, ?, ?)");
    ins.bind(1, chatId)
        .bind(2, parentId)
        .bind(3, toString(role))
        .bind(4, text)
        .bind(5, m.createdAtMs)
        .bind(6, emotion)
        .bind(7, settingsJson)
        .run();
    m.id = sqlite3_last_insert_rowid(db);
    Statement touch(db, "UPDATE chats SET updated_at = ? WHERE id = ?");
    touch.bind(1, m.createdAtMs).bind(2, chatId).run();
    return m;
}

void checkMessageFields(const std::string& text, const std::string& emotion,
                        const std::string& settingsJson) {
    checkText(text, "message text", kMaxTextBytes, true);
    checkText(emotion, "emotion", kMaxNameBytes, true);
    checkText(settingsJson, "generation settings", kMaxTextBytes, true);
    if (!settingsJson.empty() && !nlohmann::json::accept(settingsJson))
        throw InvalidArgument("generation settings are not valid JSON");
}

}  // namespace

ChatRepo::ChatRepo(Database& db) : m_db(db) {}

Chat ChatRepo::create(Id personaId, const std::string& title, Id revisionId) {
    Chat c;
    c.personaId = personaId;
    c.personaRevisionId = revisionId;
    c.title = title;
    return create(c);
}

Chat ChatRepo::create(const Chat& chat) {
    checkText(chat.title, "chat title", kMaxTextBytes, true);
    checkText(chat.sourceRef, "chat source id", kMaxNameBytes, true);
    if (chat.partnerRevisionId && !chat.partnerPersonaId)
        throw InvalidArgument("a partner revision needs a partner persona");
    sqlite3* db = m_db.handle();
    Chat c = chat;
    m_db.transaction([&] {
        if (c.personaRevisionId == 0)
            c.personaRevisionId = currentRevisionId(db, c.personaId);
        checkRevision(db, c.personaId, c.personaRevisionId);
        if (c.partnerPersonaId) {
            if (!c.partnerRevisionId)
                c.partnerRevisionId = currentRevisionId(db, *c.partnerPersonaId);
            checkRevision(db, *c.partnerPersonaId, *c.partnerRevisionId);
        }
        c.createdAtMs = c.updatedAtMs = nowMs();
        Statement ins(db,
                      "INSERT INTO chats(persona_id, persona_revision_id, partner_persona_id, "
                      "partner_revision_id, "
                      "title, source_ref, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        ins.bind(1, c.personaId)
            .bind(2, c.personaRevisionId)
            .bind(3, c.partnerPersonaId)
            .bind(4, c.partnerRevisionId)
            .bind(5, c.title)
            .bind(6, c.sourceRef)
            .bind(7, c.createdAtMs)
            .bind(8, c.updatedAtMs)
            .run();
        c.id = sqlite3_last_insert_rowid(db);
    });
    return c;
}

std::optional<Chat> ChatRepo::find(Id chatId) {
    Statement st(m_db.handle(), std::string(kChatColumns) + "WHERE id = ?");
    st.bind(1, chatId);
    if (!st.step())
        return std::nullopt;
    return readChat(st);
}

Chat ChatRepo::get(Id chatId) {
    if (auto c = find(chatId))
        return *c;
    throw StoreError("no chat with id " + std::to_string(chatId));
}

std::vector<Chat> ChatRepo::list() {
    Statement st(m_db.handle(), std::string(kChatColumns) + "ORDER BY id");
    std::vector<Chat> out;
    while (st.step())
        out.push_back(readChat(st));
    return out;
}

std::vector<Chat> ChatRepo::listForPersona(Id personaId) {
    Statement st(m_db.handle(), std::string(kChatColumns) + "WHERE persona_id = ? ORDER BY id");
    st.bind(1, personaId);
    std::vector<Chat> out;
    while (st.step())
        out.push_back(readChat(st));
    return out;
}

void ChatRepo::rename(Id chatId, const std::string& title) {
    checkText(title, "chat title", kMaxTextBytes, true);
    m_db.transaction([&] {
        Statement st(m_db.handle(), "UPDATE chats SET title = ?, updated_at = ? WHERE id = ?");
        st.bind(1, title).bind(2, nowMs()).bind(3, chatId).run();
        if (sqlite3_changes(m_db.handle()) == 0)
            throw StoreError("no chat with id " + std::to_string(chatId));
    });
}

void ChatRepo::remove(Id chatId) {
    m_db.transaction([&] {
        Statement st(m_db.handle(), "DELETE FROM chats WHERE id = ?");
        st.bind(1, chatId).run();
        if (sqlite3_changes(m_db.handle()) == 0)
            throw StoreError("no chat with id " + std::to_string(chatId));
    });
}

Message ChatRepo::addMessage(Id chatId, std::optional<Id> parentId, Role role,
                             const std::string& text, const std::string& emotion) {
    checkMessageFields(text, emotion, {});
    Message m;
    m_db.transaction([&] {
        get(chatId);
        m = insertMessage(m_db.handle(), chatId, parentId, role, text, emotion, {});
    });
    return m;
}

Message ChatRepo::addPersonaTurn(const PersonaTurn& turn) {
    checkMessageFields(turn.text, {}, turn.settingsJson);
    Message m;
    m_db.transaction([&] {
        const Chat chat = get(turn.chatId);
        m = insertMessage(m_db.handle(), turn.chatId, turn.parentId, Role::Persona, turn.text, {},
                          turn.settingsJson);
        if (turn.personaRevisionId != 0) {
            checkRevision(m_db.handle(), chat.personaId, turn.personaRevisionId);
            Statement rev(m_db.handle(), "UPDATE messages SET persona_revision_id = ? WHERE id = ?");
            rev.bind(1, turn.personaRevisionId).bind(2, m.id).run();
            m.personaRevisionId = turn.personaRevisionId;
        }
        TraceRepo traces(m_db);
        if (!turn.retrieval.empty())
            traces.writeRetrieval(m.id, turn.retrieval);
        if (!turn.tokens.empty())
            traces.writeTokens(m.id, turn.tokens);
    });
    return m;
}

Message ChatRepo::message(Id messageId) {
    Statement st(m_db.handle(), std::string(kMessageColumns) + "WHERE id = ?");
    st.bind(1, messageId);
    if (!st.step())
        throw StoreError("no message with id " + std::to_string(messageId));
    return readMessage(st);
}

std::vector<Message> ChatRepo::messages(Id chatId) {
    Statement st(m_db.handle(), std::string(kMessageColumns) + "WHERE chat_id = ? ORDER BY id");
    st.bind(1, chatId);
    std::vector<Message> out;
    while (st.step())
        out.push_back(readMessage(st));
    return out;
}

std::vector<Message> ChatRepo::selectedPath(Id chatId) {
    std::vector<Message> all = messages(chatId);
    // children by parent (0 = root), oldest first; the selected one, else the newest.
    std::map<Id, std::vector<size_t>> children;
    for (size_t i = 0; i < all.size(); ++i)
        children[all[i].parentId.value_or(0)].push_back(i);
    std::vector<Message> path;
    Id parent = 0;
    for (;;) {
        auto it = children.find(parent);
        if (it == children.end())
            break;
        size_t pick = it->second.back();
        for (size_t i : it->second)
            if (all[i].selected)
                pick = i;
        path.push_back(all[pick]);
        parent = all[pick].id;
    }
    return path;
}

std::vector<TurnView> ChatRepo::transcript(Id chatId, std::size_t tracesForLast) {
    TraceRepo traces(m_db);
    std::vector<TurnView> out;
    // One read transaction: a writer on another connection cannot slip in between the queries.
    m_db.readTransaction([&] {
        Statement sib(
            m_db.handle(),
            "SELECT count(*), sum(id < ?) FROM messages WHERE chat_id = ? AND parent_id IS ?");
        std::vector<Message> path = selectedPath(chatId);
        const std::size_t tracedFrom = path.size() > tracesForLast ? path.size() - tracesForLast : 0;
        for (Message& m : path) {
            TurnView t;
            sib.bind(1, m.id).bind(2, chatId).bind(3, m.parentId);
            if (sib.step()) {
                t.alternativeCount = static_cast<int>(sib.getInt(0));
                t.alternativeIndex = static_cast<int>(sib.getInt(1));
            }
            sib.reset();
            if (out.size() >= tracedFrom) {
                t.retrieval = traces.retrieval(m.id);
                t.tokens = traces.tokens(m.id);
                t.rating = traces.rating(m.id);
            }
            t.message = std::move(m);
            out.push_back(std::move(t));
        }
    });
    return out;
}

std::vector<Message> ChatRepo::siblings(Id messageId) {
    const Message m = message(messageId);
    Statement st(m_db.handle(),
                 std::string(kMessageColumns) + "WHERE chat_id = ? AND parent_id IS ? ORDER BY id");
    st.bind(1, m.chatId).bind(2, m.parentId);
    std::vector<Message> out;
    while (st.step())
        out.push_back(readMessage(st));
    return out;
}

void ChatRepo::select(Id messageId) {
    m_db.transaction([&] {
        const Message m = message(messageId);
        Statement st(
            m_db.handle(),
            "UPDATE messages SET selected = (id = ?) WHERE chat_id = ? AND parent_id IS ?");
        st.bind(1, messageId).bind(2, m.chatId).bind(3, m.parentId).run();
    });
}

}  // namespace persona::store
