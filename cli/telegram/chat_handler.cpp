#include "telegram/chat_handler.h"

#include "telegram/replies.h"

#include "persona/error.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"

#include <algorithm>
#include <chrono>
#include <sstream>

namespace persona::telegram {

using nlohmann::json;

// One update being handled: its event, the chat's state as it will be stored, the replies to
// queue and the store writes to commit together with them.
struct ChatHandler::Turn {
    const store::TelegramInboxItem& item;
    Event event;
    store::TelegramChatState state;
    Lang lang = Lang::Ru;
    const Typing& typing;
    std::vector<store::TelegramOutboxItem> replies;
    std::vector<std::function<void()>> writes;  // run inside the transaction that finishes the update

    std::string sourceRef() const { return "telegram:" + state.chatRef; }
};

namespace {

// The facts of the chat persona's current revision: the agent's next reply uses them (an edit made
// in the window counts from the next reply), so picks are offered and stored against them.
std::vector<persona::store::Fact> currentFacts(persona::store::Database& db, persona::store::Id chatId) {
    const auto chat = persona::store::ChatRepo(db).get(chatId);
    return persona::store::PersonaRepo(db).currentRevision(chat.personaId).facts;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// "p:12:3" -> {"p", "12", "3"}.
std::vector<std::string> splitData(const std::string& data) {
    std::vector<std::string> parts;
    std::stringstream ss(data);
    for (std::string p; std::getline(ss, p, ':');) parts.push_back(p);
    return parts;
}

std::int64_t toId(const std::string& s) {
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stoll(s);
}

std::vector<DialogueTurn> dialogueOf(const std::vector<store::Message>& path) {
    std::vector<DialogueTurn> d;
    for (const auto& m : path) d.push_back({m.role == store::Role::Persona, m.text});
    return d;
}

}  // namespace

ChatHandler::ChatHandler(store::Database& db, Agent& agent, AgentModels models, store::TelegramRepo& repo,
                         const BotOptions& options, Log log)
    : m_db(db), m_agent(agent), m_models(std::move(models)), m_repo(repo), m_options(options), m_log(std::move(log)) {
    m_defaultPersonaId = store::PersonaRepo(db).getByName(options.personaName).id;
}

void ChatHandler::handle(const store::TelegramInboxItem& item, const Typing& typing) {
    store::TelegramChatState fresh;
    fresh.chatRef = item.chatRef;
    auto state = m_repo.chat(item.chatRef).value_or(fresh);
    if (!state.personaId || !store::PersonaRepo(m_db).find(*state.personaId)) state.personaId = m_defaultPersonaId;
    Event event;
    try {
        event = eventFromJson(json::parse(item.event));
    } catch (const std::exception&) {  // cannot happen unless the row was edited by hand
        m_log("update " + std::to_string(item.updateId) + " dropped: its queued form is unreadable");
        m_repo.finish(item.updateId, state, {});
        return;
    }
    Turn t{item, event, state, Lang::Ru, typing, {}, {}};
    t.lang = langOf(t.event.language);
    const auto saved = t.state;
    try {
        handleEvent(t);
        m_db.transaction([&] {
            for (const auto& write : t.writes) write();
            m_repo.finish(item.updateId, t.state, t.replies);
        });
    } catch (const std::exception& e) {
        const std::string what = e.what();
        m_log("update " + std::to_string(item.updateId) + " failed: " + what.substr(0, what.find('\n')));
        std::vector<store::TelegramOutboxItem> replies;
        if (t.event.kind == Event::Kind::Callback) replies.push_back(answerCallback(t.event.callbackId));
        replies.push_back(sendMessage(t.event.chatId, say(t.lang, Text::Failed)));
        auto kept = saved;
        kept.chatId = t.state.chatId;  // a chat created (and committed) before the failure stays this dialogue's
        m_repo.finish(item.updateId, kept, replies);
    }
}

void ChatHandler::handleEvent(Turn& t) {
    switch (t.event.kind) {
        case Event::Kind::Callback: return callback(t);
        case Event::Kind::Other: t.replies.push_back(sendMessage(t.event.chatId, say(t.lang, Text::TextOnly))); return;
        case Event::Kind::Text: break;
    }
    if (!t.event.text.empty() && t.event.text[0] == '/' && !t.item.userMessageId)
        command(t);
    else
        message(t);
}

void ChatHandler::command(Turn& t) {
    const std::string& text = t.event.text;
    const auto end = text.find_first_of(" \t\r\n");
    std::string name = text.substr(0, end);
    name = name.substr(0, name.find('@'));  // "/help@my_bot" in groups
    const std::string args = end == std::string::npos ? std::string() : trim(text.substr(end));
    const auto chatId = t.event.chatId;
    const auto persona = store::PersonaRepo(m_db).get(*t.state.personaId);
    if (name == "/start") {
        t.state.chatId.reset();  // the next message begins a new store chat
        t.state.pending.clear();
        t.replies.push_back(sendMessage(chatId, say(t.lang, Text::Started, persona.name) + "\n\n" + say(t.lang, Text::Help)));
    } else if (name == "/help") {
        const Lang lang = args == "en" ? Lang::En : args == "ru" ? Lang::Ru : t.lang;
        t.replies.push_back(sendMessage(chatId, say(lang, Text::Help)));
    } else if (name == "/set_simple" || name == "/set_validation") {
        t.state.mode = name == "/set_simple" ? "simple" : "validation";
        t.state.pending.clear();
        t.replies.push_back(sendMessage(chatId, say(t.lang, name == "/set_simple" ? Text::ModeSimple : Text::ModeValidation)));
    } else if (name == "/persona") {
        personaCommand(t, args);
    } else {
        t.replies.push_back(sendMessage(chatId, say(t.lang, Text::UnknownCommand)));
    }
}

// "/persona" alone: back to the bound persona. With facts (one per line): they are added to this
// Telegram chat's own persona (a copy of the current one, made on first use, source
// "telegram:<ref>"), so the bound persona itself never changes from Telegram.
void ChatHandler::personaCommand(Turn& t, const std::string& args) {
    t.state.chatId.reset();
    t.state.pending.clear();
    std::vector<std::string> lines;
    std::stringstream ss(args);
    for (std::string line; std::getline(ss, line);)
        if (!trim(line).empty()) lines.push_back(trim(line));
    if (lines.empty()) {
        t.state.personaId = m_defaultPersonaId;
        store::PersonaRepo personas(m_db);
        const auto p = personas.get(m_defaultPersonaId);
        const auto facts = personas.currentRevision(p.id).facts;
        const int count = static_cast<int>(std::count_if(facts.begin(), facts.end(), [](const store::Fact& f) { return f.enabled; }));
        t.replies.push_back(sendMessage(t.event.chatId, say(t.lang, Text::PersonaDefault, p.name, count)));
        return;
    }
    t.writes.push_back([this, &t, lines] {
        store::PersonaRepo personas(m_db);
        const auto current = personas.get(*t.state.personaId);
        std::vector<store::FactDraft> drafts;
        for (const auto& f : personas.currentRevision(current.id).facts) drafts.push_back({f.id, f.text, f.origin, f.enabled});
        for (const auto& line : lines) drafts.push_back({0, line, store::FactOrigin::Typed, true});
        store::Persona p = current;
        if (current.id != m_defaultPersonaId && current.sourceRef == t.sourceRef()) {
            personas.setFacts(current.id, drafts, "added from Telegram");
        } else {
            for (auto& d : drafts) d.id = 0;  // a new persona: new fact identities
            store::Persona copy;
            copy.name = personas.uniqueName(current.name + " (Telegram " + t.state.chatRef.substr(0, 8) + ")");
            copy.gender = current.gender;
            copy.description = current.description;
            copy.sourceRef = t.sourceRef();
            p = personas.create(copy, drafts, "copied from \"" + current.name + "\" with facts added from Telegram");
        }
        t.state.personaId = p.id;
        const auto facts = personas.currentRevision(p.id).facts;
        const int count = static_cast<int>(std::count_if(facts.begin(), facts.end(), [](const store::Fact& f) { return f.enabled; }));
        t.replies.push_back(sendMessage(t.event.chatId, say(t.lang, Text::PersonaExtended, p.name, count)));
    });
}

store::Id ChatHandler::ensureChat(Turn& t) {
    store::ChatRepo chats(m_db);
    if (t.state.chatId && chats.find(*t.state.chatId)) return *t.state.chatId;
    store::PersonaRepo personas(m_db);
    if (!personas.find(*t.state.personaId)) t.state.personaId = m_defaultPersonaId;
    store::Chat c;
    c.personaId = *t.state.personaId;
    c.title = "Telegram " + t.state.chatRef.substr(0, 8);
    c.sourceRef = t.sourceRef();
    t.state.chatId = chats.create(c).id;
    return *t.state.chatId;
}

// Stores the user's message once: a retried update finds it through the queue.
store::Id ChatHandler::storeUserMessage(Turn& t) {
    store::ChatRepo chats(m_db);
    if (t.item.userMessageId) {
        t.state.chatId = chats.message(*t.item.userMessageId).chatId;
        return *t.item.userMessageId;
    }
    store::Id id = 0;
    m_db.transaction([&] {
        const auto chatId = ensureChat(t);
        const auto path = chats.selectedPath(chatId);
        const std::optional<store::Id> parent = path.empty() ? std::nullopt : std::optional<store::Id>(path.back().id);
        id = chats.addMessage(chatId, parent, store::Role::User, t.event.text).id;
        m_repo.setUserMessage(t.item.updateId, id);
    });
    return id;
}

// The persona's reply to a stored user message: the one already stored when a crash came after
// generating it, else a new one (with "typing..." shown while it is generated).
store::Id ChatHandler::generate(Turn& t, store::Id userMessageId, const AgentSettings& settings) {
    store::ChatRepo chats(m_db);
    for (const auto& m : chats.messages(chats.message(userMessageId).chatId))
        if (m.parentId == userMessageId && m.role == store::Role::Persona && m.selected) return m.id;
    using Clock = std::chrono::steady_clock;
    auto last = Clock::now();
    t.typing(t.event.chatId);
    AgentCallbacks callbacks;
    callbacks.onToken = [&](const TokenEvent&) {
        if (Clock::now() - last < std::chrono::seconds(m_options.typingEverySeconds)) return;
        last = Clock::now();
        t.typing(t.event.chatId);
    };
    return m_agent.answer(userMessageId, settings, callbacks).personaMessageId;
}

std::string ChatHandler::simpleReply(Lang lang, store::Id personaMessageId) {
    const auto message = store::ChatRepo(m_db).message(personaMessageId);
    auto rows = store::TraceRepo(m_db).retrieval(personaMessageId);
    rows.erase(std::remove_if(rows.begin(), rows.end(), [](const store::RetrievalTraceRow& r) { return !r.selectedByModel; }),
               rows.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.rank.value_or(0) < b.rank.value_or(0); });
    std::vector<std::string> facts;
    for (const auto& r : rows) facts.push_back(r.factText);
    std::string text = message.text.empty() ? "\xE2\x80\xA6" : message.text;
    text += "\n\n" + (facts.empty() ? say(lang, Text::FactsNone) : say(lang, Text::FactsUsed) + bullets(facts));
    const auto settings = json::parse(message.settingsJson, nullptr, false);
    if (settings.is_object() && settings.contains("generated_text") && settings["generated_text"].is_string()) {
        const auto proposals = PromptFormat{}.parse(settings["generated_text"].get<std::string>()).proposedFacts;
        if (!proposals.empty()) text += "\n\n" + say(lang, Text::Proposals) + bullets(proposals);
    }
    return text;
}

void ChatHandler::message(Turn& t) {
    if (t.state.mode == "simple") {
        const auto userMessageId = storeUserMessage(t);
        const auto reply = generate(t, userMessageId, m_options.settings);
        t.replies.push_back(sendMessage(t.event.chatId, simpleReply(t.lang, reply)));
        return;
    }
    if (!t.state.pending.empty()) {
        t.replies.push_back(sendMessage(t.event.chatId, say(t.lang, Text::FinishPicksFirst)));
        return;
    }
    const auto userMessageId = storeUserMessage(t);
    const auto ids = candidates(userMessageId);
    t.state.pending = json{{"user_message_id", userMessageId}, {"candidates", ids}, {"picks", json::array()}}.dump();
    std::vector<Candidate> shown;
    const auto facts = currentFacts(m_db, *t.state.chatId);
    for (auto id : ids)
        for (const auto& f : facts)
            if (f.id == id) shown.push_back({id, f.text, false});
    t.replies.push_back(sendMessage(t.event.chatId, say(t.lang, Text::ChooseFacts), pickKeyboard(t.lang, userMessageId, shown)));
}

// The best-scored enabled facts of the persona's current revision (the one the agent's next reply
// uses) for the dialogue up to the message.
std::vector<store::Id> ChatHandler::candidates(store::Id userMessageId) {
    store::ChatRepo chats(m_db);
    const auto chat = chats.get(chats.message(userMessageId).chatId);
    auto path = chats.selectedPath(chat.id);
    const auto at = std::find_if(path.begin(), path.end(), [&](const store::Message& m) { return m.id == userMessageId; });
    if (at != path.end()) path.erase(at + 1, path.end());
    std::vector<store::Fact> facts;
    for (const auto& f : currentFacts(m_db, chat.id))
        if (f.enabled) facts.push_back(f);
    FactRetriever retriever(m_db, m_models.retriever);
    const auto r = retriever.retrieve(facts, dialogueOf(path), m_options.settings);
    std::vector<const FactRetrieval*> ranked;
    for (const auto& f : r.facts) ranked.push_back(&f);
    std::sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) { return a->score.rank < b->score.rank; });
    std::vector<store::Id> ids;
    for (const auto* f : ranked)
        if (static_cast<int>(ids.size()) < m_options.candidates) ids.push_back(f->factId);
    return ids;
}

void ChatHandler::callback(Turn& t) {
    const auto parts = splitData(t.event.text);
    const std::int64_t id = parts.size() >= 2 ? toId(parts[1]) : -1;
    if (parts.size() == 3 && parts[0] == "p" && id > 0 && toId(parts[2]) >= 0) return pick(t, id, static_cast<int>(toId(parts[2])));
    if (parts.size() == 2 && parts[0] == "d" && id > 0) return done(t, id);
    if (parts.size() == 3 && parts[0] == "m" && id > 0 && parts[2].size() == 1) return mark(t, id, parts[2][0]);
    t.replies.push_back(answerCallback(t.event.callbackId, say(t.lang, Text::StaleButton)));
}

void ChatHandler::pick(Turn& t, store::Id userMessageId, int index) {
    auto pending = json::parse(t.state.pending.empty() ? "{}" : t.state.pending);
    if (pending.value("user_message_id", store::Id(0)) != userMessageId ||
        index >= static_cast<int>(pending["candidates"].size())) {
        t.replies.push_back(answerCallback(t.event.callbackId, say(t.lang, Text::StaleButton)));
        return;
    }
    const store::Id factId = pending["candidates"][index].get<store::Id>();
    std::vector<store::Id> picks = pending["picks"].get<std::vector<store::Id>>();
    const auto it = std::find(picks.begin(), picks.end(), factId);
    if (it == picks.end())
        picks.push_back(factId);
    else
        picks.erase(it);
    pending["picks"] = picks;
    t.state.pending = pending.dump();
    std::vector<Candidate> shown;
    const auto facts = currentFacts(m_db, *t.state.chatId);
    for (const auto& c : pending["candidates"]) {
        const auto cid = c.get<store::Id>();
        for (const auto& f : facts)
            if (f.id == cid) shown.push_back({cid, f.text, std::find(picks.begin(), picks.end(), cid) != picks.end()});
    }
    t.replies.push_back(answerCallback(t.event.callbackId));
    t.replies.push_back(editMessage(t.event.chatId, t.event.messageId, t.event.messageText,
                                    pickKeyboard(t.lang, userMessageId, shown)));
}

// "Done": the reply is generated from exactly the picked facts, the picks are stored as the
// human selection of its retrieval trace (as the window's validation mode does), and the reply
// comes with the three mark buttons.
void ChatHandler::done(Turn& t, store::Id userMessageId) {
    const auto pending = json::parse(t.state.pending.empty() ? "{}" : t.state.pending);
    if (pending.value("user_message_id", store::Id(0)) != userMessageId) {
        t.replies.push_back(answerCallback(t.event.callbackId, say(t.lang, Text::StaleButton)));
        return;
    }
    const auto picks = pending["picks"].get<std::vector<store::Id>>();
    AgentSettings settings = m_options.settings;
    settings.pinnedFactIds = {picks.begin(), picks.end()};
    settings.excludedFactIds.clear();
    settings.topK = 0;  // nothing but the picks
    const auto reply = generate(t, userMessageId, settings);
    t.writes.push_back([this, reply, picks] { store::TraceRepo(m_db).setHumanSelection(reply, picks); });
    t.state.pending.clear();
    std::vector<std::string> picked;
    for (const auto& f : currentFacts(m_db, *t.state.chatId))
        if (std::find(picks.begin(), picks.end(), f.id) != picks.end()) picked.push_back(f.text);
    t.replies.push_back(answerCallback(t.event.callbackId));
    t.replies.push_back(editMessage(t.event.chatId, t.event.messageId,
                                    picked.empty() ? say(t.lang, Text::FactsNone) : say(t.lang, Text::PickedFacts) + bullets(picked)));
    const auto text = store::ChatRepo(m_db).message(reply).text;
    t.replies.push_back(sendMessage(t.event.chatId, text, markKeyboard(t.lang, reply, std::nullopt)));
}

// A mark button toggles that mark (1 <-> 0); the others are stored as 0 until pressed, so a
// rated reply always has all three (the seed's labels).
void ChatHandler::mark(Turn& t, store::Id personaMessageId, char which) {
    store::ChatRepo chats(m_db);
    std::optional<store::Message> message;
    try {
        message = chats.message(personaMessageId);
    } catch (const StoreError&) {
        // deleted in the window meanwhile: the button is stale
    }
    const bool ours = message && message->role == store::Role::Persona && chats.get(message->chatId).sourceRef == t.sourceRef();
    if (!ours || (which != 'l' && which != 's' && which != 'p')) {
        t.replies.push_back(answerCallback(t.event.callbackId, say(t.lang, Text::StaleButton)));
        return;
    }
    t.writes.push_back([this, &t, personaMessageId, which] {
        store::TraceRepo traces(m_db);
        store::Rating r = traces.rating(personaMessageId).value_or(store::Rating{});
        r.logical = r.logical.value_or(0);
        r.specific = r.specific.value_or(0);
        r.personal = r.personal.value_or(0);
        auto& value = which == 'l' ? r.logical : which == 's' ? r.specific : r.personal;
        value = *value == 1 ? 0 : 1;
        traces.setRating(personaMessageId, r);
        t.replies.push_back(answerCallback(t.event.callbackId));
        t.replies.push_back(editMessage(t.event.chatId, t.event.messageId, t.event.messageText,
                                        markKeyboard(t.lang, personaMessageId, r)));
    });
}

}  // namespace persona::telegram
