// Chats and their messages. A chat is a tree: regenerating a reply adds a sibling, and exactly
// one message among siblings is selected, so the shown conversation is the selected path.
#pragma once

#include "persona/store/store_types.h"

#include <optional>
#include <string>
#include <vector>

namespace persona::store {

class Database;

class ChatRepo {
public:
    explicit ChatRepo(Database& db);

    // A new chat with the persona's current facts (revision 0 = current). The chat keeps that
    // revision for good: later edits of the facts do not change what this chat was held with.
    Chat create(Id personaId, const std::string& title = {}, Id revisionId = 0);
    // A chat with every field given (importers): revision ids must belong to their personas.
    Chat create(const Chat& chat);

    std::optional<Chat> find(Id chatId);
    Chat get(Id chatId);       // throws StoreError when absent
    std::vector<Chat> list();  // all chats, newest first
    std::vector<Chat> listForPersona(Id personaId);
    void rename(Id chatId, const std::string& title);
    void remove(Id chatId);

    // Appends a message under parentId (nullopt = a first message). It becomes the selected one
    // among its siblings. Throws InvalidArgument for bad text or a parent of another chat.
    Message addMessage(Id chatId, std::optional<Id> parentId, Role role, const std::string& text,
                       const std::string& emotion = {});

    // The agent's whole turn in ONE transaction: the persona message, its retrieval trace, its
    // token trace and its settings. Nothing is stored when any part is invalid.
    Message addPersonaTurn(const PersonaTurn& turn);

    Message message(Id messageId);             // throws StoreError when absent
    std::vector<Message> messages(Id chatId);  // the whole tree, oldest first
    std::vector<Message> selectedPath(Id chatId);
    // The selected path with each turn's traces, rating and place among its alternatives.
    // Traces (retrieval, tokens, rating) are read for the last `tracesForLast` turns only; earlier
    // turns carry their message and place among alternatives (a long chat opens fast).
    std::vector<TurnView> transcript(Id chatId, std::size_t tracesForLast = static_cast<std::size_t>(-1));
    std::vector<Message> siblings(Id messageId);  // the alternatives, itself included, oldest first
    // Makes this message the selected one among its siblings (shows that alternative).
    void select(Id messageId);

private:
    Database& m_db;
};

}  // namespace persona::store
