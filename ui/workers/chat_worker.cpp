#include "workers/chat_worker.h"

#include "persona/error.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"

#include <QCoreApplication>

namespace persona::ui {

ChatWorker::ChatWorker(QString databasePath) : m_databasePath(std::move(databasePath)) {
    // Validation mode's requests and results cross threads as queued calls (see AppContext).
    qRegisterMetaType<persona::LabelQuery>("persona::LabelQuery");
    qRegisterMetaType<persona::LabelReport>("persona::LabelReport");
}

ChatWorker::~ChatWorker() = default;

void ChatWorker::setModels(std::shared_ptr<AgentModels> models) {
    m_agent.reset();  // made again with the new models on the next request
    m_models = std::move(models);
}

store::Database& ChatWorker::db() {
    if (!m_db) m_db = std::make_unique<store::Database>(store::Database::open(m_databasePath.toStdString()));
    return *m_db;
}

Agent& ChatWorker::agent() {
    if (!m_models) throw InvalidArgument(QCoreApplication::translate("ChatWorker", "The models are still loading.").toStdString());
    db();
    if (!m_agent) m_agent = std::make_unique<Agent>(*m_db, *m_models);
    return *m_agent;
}

AgentTurnResult ChatWorker::dispatch(const ChatRequest& r, const AgentCallbacks& callbacks) {
    Agent& a = agent();
    switch (r.kind) {
        case ChatRequest::Kind::Send: return a.reply(r.chatId, r.text.toStdString(), r.settings, callbacks, &m_cancel);
        case ChatRequest::Kind::Answer: return a.answer(r.messageId, r.settings, callbacks, &m_cancel);
        case ChatRequest::Kind::Edit: return a.edit(r.messageId, r.text.toStdString(), r.settings, callbacks, &m_cancel);
        case ChatRequest::Kind::Regenerate: return a.regenerate(r.messageId, r.settings, callbacks, &m_cancel);
        case ChatRequest::Kind::ContinueFrom:
            return a.continueFrom(r.messageId, r.position, r.tokenId, r.settings, callbacks, &m_cancel);
    }
    throw InvalidArgument("unknown chat request");
}

void ChatWorker::run(const ChatRequest& request) {
    m_busy = true;
    m_pending.clear();
    int count = 0;
    AgentCallbacks callbacks;
    callbacks.onRetrieval = [&](const AgentRetrieval& r) { Q_EMIT retrieved(request.chatId, r); };
    // Called on this thread for every token. The GUI hears of the first at once, then of new text
    // at most every kFlushIntervalMs: one queued signal per flush, never one per token.
    callbacks.onToken = [&](const TokenEvent& e) {
        ++count;
        m_pending += QString::fromStdString(e.text);
        if (count == 1 || m_sinceFlush.elapsed() >= kFlushIntervalMs) {
            Q_EMIT tokensArrived(request.chatId, m_pending, count);
            m_pending.clear();
            m_sinceFlush.restart();
        }
    };
    m_sinceFlush.start();
    try {
        const AgentTurnResult result = dispatch(request, callbacks);
        if (!m_pending.isEmpty()) Q_EMIT tokensArrived(request.chatId, m_pending, count);
        TurnOutcome out;
        out.requestId = request.requestId;
        out.chatId = request.chatId;
        out.userMessageId = result.userMessageId;
        out.personaMessageId = result.personaMessageId;
        out.personaRevisionId = result.personaRevisionId;
        out.stopReason = QString::fromStdString(toString(result.generation.stopReason));
        out.tokens = static_cast<int>(result.generation.tokens.size());
        out.prefillMs = result.generation.prefillMs;
        out.decodeMs = result.generation.decodeMs;
        for (int64_t id : result.proposedFactIds) out.proposedFactIds.push_back(id);
        m_busy = false;
        Q_EMIT finished(out);
    } catch (const std::exception& e) {
        // No exception crosses a slot: the window shows the message; the user's text is kept.
        m_busy = false;
        Q_EMIT failed(request.chatId, QString::fromUtf8(e.what()));
    }
}

void ChatWorker::approveProposal(qint64 personaId, qint64 factId) {
    try {
        agent().approveProposal(personaId, factId);
        Q_EMIT proposalHandled(personaId);
    } catch (const std::exception& e) {
        Q_EMIT actionFailed(QString::fromUtf8(e.what()));
    }
}

void ChatWorker::rejectProposal(qint64 personaId, qint64 factId) {
    try {
        agent().rejectProposal(personaId, factId);
        Q_EMIT proposalHandled(personaId);
    } catch (const std::exception& e) {
        Q_EMIT actionFailed(QString::fromUtf8(e.what()));
    }
}

void ChatWorker::scoreMessage(qint64 personaMessageId, const QString& method, const AgentSettings& settings) {
    try {
        agent();  // opens the connection, checks the models
        store::ChatRepo chats(*m_db);
        const auto message = chats.message(personaMessageId);
        const auto chat = chats.get(message.chatId);
        const auto revision =
            store::PersonaRepo(*m_db).revision(message.personaRevisionId.value_or(chat.personaRevisionId));
        std::vector<DialogueTurn> dialogue;
        for (std::optional<store::Id> cursor = message.parentId; cursor;) {
            const auto m = chats.message(*cursor);
            dialogue.insert(dialogue.begin(), {m.role == store::Role::Persona, m.text});
            cursor = m.parentId;
        }
        AgentSettings s = settings;
        s.retrieval = parseRetrievalMethod(method.toStdString());
        FactRetriever retriever(*m_db, m_models->retriever);
        Q_EMIT scored(personaMessageId, method, retriever.retrieve(revision.facts, dialogue, s));
    } catch (const std::exception& e) {
        Q_EMIT actionFailed(QString::fromUtf8(e.what()));
    }
}

void ChatWorker::influence(qint64 personaMessageId) {
    try {
        agent();
        auto stored = storedInfluence(*m_db, personaMessageId);
        Q_EMIT influenceReady(personaMessageId, stored ? *stored : computeInfluence(*m_db, *m_models, personaMessageId));
    } catch (const std::exception& e) {
        Q_EMIT actionFailed(QString::fromUtf8(e.what()));
    }
}

void ChatWorker::previewRetrieval(qint64 chatId, qint64 personaId, const QString& pendingText,
                                  const AgentSettings& settings) {
    try {
        Agent& a = agent();
        std::vector<DialogueTurn> dialogue;
        if (chatId)
            for (const auto& m : store::ChatRepo(*m_db).selectedPath(chatId))
                dialogue.push_back({m.role == store::Role::Persona, m.text});
        dialogue.push_back({false, pendingText.toStdString()});
        Q_EMIT previewed(chatId, pendingText, a.retrieve(personaId, dialogue, settings));
    } catch (const std::exception& e) {
        Q_EMIT previewFailed(chatId, QString::fromUtf8(e.what()));
    }
}

void ChatWorker::evaluateLabels(qint64 tag, const LabelQuery& query) {
    try {
        // Without models the metrics are still there for BM25 (the bi-encoder rows need one).
        const auto retriever = m_models ? m_models->retriever : nullptr;
        // A Stop pressed for an earlier evaluation does not count for this one; shutdown() does,
        // even when it came first: m_closing is set before m_cancelLabels, so either this sees
        // it or shutdown's m_cancelLabels = true comes after the clear.
        m_cancelLabels = false;
        if (m_closing) m_cancelLabels = true;
        Q_EMIT labelsEvaluated(tag, persona::evaluateLabels(db(), retriever, query, &m_cancelLabels));
    } catch (const std::exception& e) {
        Q_EMIT labelsFailed(tag, QString::fromUtf8(e.what()));
    }
}

}  // namespace persona::ui
