// The agent's worker: generation and fact encoding off the GUI thread (docs/STYLE.md, "Threads and the
// GUI"). A QObject moved to its own QThread by AppContext; it opens its own database connection.
// Requests arrive as queued slot calls; results leave as queued signals carrying plain values.
#pragma once

#include "persona/agent/agent.h"
#include "persona/agent/influence.h"
#include "persona/agent/label_evaluation.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace persona::store {
class Database;
}

namespace persona::ui {

// One thing to generate. Which fields count depends on the kind.
struct ChatRequest {
    enum class Kind { Send, Answer, Edit, Regenerate, ContinueFrom };
    Kind kind = Kind::Send;
    qint64 requestId = 0;  // set by AppContext::startTurn; the outcome carries it back
    qint64 chatId = 0;
    qint64 messageId = 0;  // Answer/Edit: the user message; Regenerate/ContinueFrom: the reply
    QString text;          // Send/Edit
    int position = 0;      // ContinueFrom
    int tokenId = -1;      // ContinueFrom
    AgentSettings settings;
};

// What the window needs once a turn has ended (the rest is read back from the store).
struct TurnOutcome {
    qint64 requestId = 0;
    qint64 chatId = 0;
    qint64 userMessageId = 0;
    qint64 personaMessageId = 0;  // 0: nothing stored (stopped before the first token)
    qint64 personaRevisionId = 0;
    QString stopReason;
    int tokens = 0;
    double prefillMs = 0, decodeMs = 0;
    QList<qint64> proposedFactIds;
};

class ChatWorker : public QObject {
    Q_OBJECT
public:
    explicit ChatWorker(QString databasePath);
    ~ChatWorker() override;

    // Thread-safe: asks the turn in progress to stop (during the prefill too). Called directly
    // from the GUI thread, not queued, so it takes effect at once.
    void cancel() {
        m_cancel = true;
        m_cancelLabels = true;
    }
    // Called on the GUI thread just before a request is queued (one turn at a time), so that a
    // Stop pressed before the worker picks the request up still counts.
    void clearCancel() { m_cancel = false; }
    // Thread-safe, for closing: cancel() and, for good, whatever is still queued (a metrics
    // evaluation that has not started yet included).
    void shutdown() {
        m_closing = true;
        cancel();
    }
    bool busy() const { return m_busy; }

    // Tokens reach the view at most this often (the first one at once).
    static constexpr int kFlushIntervalMs = 40;

public Q_SLOTS:
    void setModels(std::shared_ptr<persona::AgentModels> models);
    void run(const persona::ui::ChatRequest& request);
    // Proposals go through the agent so an approved fact is encoded here, off the GUI thread.
    void approveProposal(qint64 personaId, qint64 factId);
    void rejectProposal(qint64 personaId, qint64 factId);
    // Scores a stored reply's facts again with another method (for the inspector's side-by-side
    // view of BM25, bi-encoder and hybrid): the facts of the revision it used, the dialogue
    // before it. Emits scored() or failed().
    void scoreMessage(qint64 personaMessageId, const QString& method, const persona::AgentSettings& settings);
    // Fact influence of a stored reply (teacher forcing, persona/agent/influence.h): read from the
    // store when computed before, else computed here and stored. Emits influenceReady() or actionFailed().
    void influence(qint64 personaMessageId);
    // Validation mode, before the reply: scores the persona's current facts for the chat's
    // selected path plus the message about to be sent (nothing is stored). Emits previewed() or
    // previewFailed().
    void previewRetrieval(qint64 chatId, qint64 personaId, const QString& pendingText,
                          const persona::AgentSettings& settings);
    // The metrics panel: scores the scope's labelled turns by every method (LabelReport). Emits
    // labelsEvaluated() or labelsFailed() with the request's tag.
    void evaluateLabels(qint64 tag, const persona::LabelQuery& query);

Q_SIGNALS:
    // The user's message is stored and the facts are scored; the reply starts.
    void retrieved(qint64 chatId, const persona::AgentRetrieval& retrieval);
    // New reply text since the last flush (throttled), and the number of tokens so far.
    void tokensArrived(qint64 chatId, const QString& text, int tokenCount);
    void finished(const persona::ui::TurnOutcome& outcome);
    void failed(qint64 chatId, const QString& message);
    void proposalHandled(qint64 personaId);
    // Something other than a turn failed (approving a proposal, scoring for the inspector).
    void actionFailed(const QString& message);
    void influenceReady(qint64 personaMessageId, const persona::InfluenceResult& result);
    void scored(qint64 personaMessageId, const QString& method, const persona::AgentRetrieval& retrieval);
    void previewed(qint64 chatId, const QString& pendingText, const persona::AgentRetrieval& retrieval);
    void previewFailed(qint64 chatId, const QString& message);
    void labelsEvaluated(qint64 tag, const persona::LabelReport& report);
    void labelsFailed(qint64 tag, const QString& message);

private:
    persona::Agent& agent();
    store::Database& db();
    AgentTurnResult dispatch(const ChatRequest& request, const AgentCallbacks& callbacks);

    QString m_databasePath;
    std::unique_ptr<store::Database> m_db;  // opened on the worker thread, on first use
    std::shared_ptr<AgentModels> m_models;
    std::unique_ptr<Agent> m_agent;
    std::atomic_bool m_cancel{false};
    std::atomic_bool m_busy{false};
    std::atomic_bool m_cancelLabels{false};  // stops a metrics evaluation (cleared when one starts)
    std::atomic_bool m_closing{false};       // shutdown(): no evaluation clears m_cancelLabels again
    QElapsedTimer m_sinceFlush;
    QString m_pending;
};

}  // namespace persona::ui

Q_DECLARE_METATYPE(persona::ui::ChatRequest)
Q_DECLARE_METATYPE(persona::ui::TurnOutcome)
Q_DECLARE_METATYPE(persona::AgentRetrieval)
Q_DECLARE_METATYPE(persona::AgentSettings)
Q_DECLARE_METATYPE(persona::InfluenceResult)
Q_DECLARE_METATYPE(persona::LabelQuery)
Q_DECLARE_METATYPE(persona::LabelReport)
