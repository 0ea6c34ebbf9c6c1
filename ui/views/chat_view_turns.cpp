// ChatView, the turns: sending (refused with a reason when it cannot be stored), stopping,
// regenerating, editing a sent message, the siblings ‹ › and the transcript's links; and what the
// chat worker reports back.
#include "views/chat_view.h"

#include "app_context.h"
#include "persona/store/chat_repo.h"
#include "views/chat_transcript.h"
#include "views/label_panel.h"
#include "workers/worker_thread.h"

#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>

namespace persona::ui {

ChatRequest ChatView::request(ChatRequest::Kind kind, qint64 messageId) const {
    ChatRequest r;
    r.kind = kind;
    r.chatId = m_chatId;
    r.messageId = messageId;
    r.settings = m_ctx.settings().agent;
    // Validation mode: another reply to a labelled turn uses (and is labelled with) the same ticks.
    if (m_validation && kind == ChatRequest::Kind::Regenerate)
        for (const auto& t : turns())
            if (t.message.id == messageId) {
                std::vector<int64_t> ticked;
                for (const auto& row : t.retrieval)
                    if (row.selectedByHuman) ticked.push_back(row.factId);
                if (!ticked.empty()) r.settings.exactFactIds = ticked;
            }
    return r;
}

bool ChatView::start(const ChatRequest& r) {
    if (!m_ctx.models() || m_ctx.turnRunning()) return false;
    m_streamed.clear();
    m_streaming = true;
    if (!m_ctx.startTurn(r)) return false;  // (one turn at a time)
    m_status->setText(tr("Thinking…"));
    updateButtons();
    return true;
}


bool ChatView::send(const QString& text) {
    if (m_validation && m_labelPanel->choosingFacts()) {  // Ctrl+Enter in the input confirms the ticks too
        m_labelPanel->confirm();
        return true;
    }
    const QString t = cleanMessage(text);
    if (t.isEmpty() || !m_personaId || !m_ctx.models() || m_ctx.turnRunning()) return false;
    if (const auto bytes = t.toUtf8().size(); bytes > static_cast<qsizetype>(store::kMaxTextBytes)) {
        // Refused before anything is stored; the text stays in the box to be shortened.
        m_status->setText(tr("The message is %1 KB long; the limit is %2 KB. Shorten it or send it in parts.")
                              .arg((bytes + 1023) / 1024)
                              .arg(store::kMaxTextBytes / 1024));
        return false;
    }
    if (!m_chatId && !newChat()) return false;
    if (m_validation) {
        // First the facts, scored on the worker; the reply starts when the labeller confirms them.
        m_pendingText = t;
        queueCall(m_ctx.chatWorker(), &ChatWorker::previewRetrieval, m_chatId, m_personaId, t, m_ctx.settings().agent);
        m_status->setText(tr("Scoring the facts…"));
        return true;
    }
    ChatRequest r = request(ChatRequest::Kind::Send);
    r.text = t;
    if (!start(r)) return false;
    m_input->clear();
    return true;
}

void ChatView::stop() { m_ctx.stopTurn(); }

void ChatView::regenerate() {
    for (auto it = turns().rbegin(); it != turns().rend(); ++it)
        if (it->message.role == store::Role::Persona) {
            start(request(ChatRequest::Kind::Regenerate, it->message.id));
            return;
        }
}

void ChatView::onRetrieved(qint64 chatId) {
    if (chatId != m_chatId) return;
    syncTranscript();  // the user's message is stored now
}

void ChatView::onFinished(const TurnOutcome& outcome) {
    m_streaming = false;
    if (outcome.chatId == m_chatId) {
        syncTranscript();
        m_status->setText(outcome.personaMessageId
                              ? tr("%n token(s) · %1 ms to the first token", nullptr, outcome.tokens)
                                    .arg(qRound(outcome.prefillMs))
                              : tr("Stopped before the reply began."));
    }
    updateButtons();
    if (m_validation && outcome.chatId == m_chatId && outcome.personaMessageId) rateMessage(outcome.personaMessageId);
    if (!outcome.proposedFactIds.isEmpty()) m_ctx.notifyPersonaChanged(m_personaId);
    m_ctx.notifyPersonaListChanged();
    Q_EMIT replyFinished(outcome);
}

void ChatView::onFailed(qint64 chatId, const QString& message) {
    m_streaming = false;
    if (chatId == m_chatId) {
        syncTranscript();
        m_status->setText(tr("Failed: %1").arg(message));
    }
    updateButtons();
    Q_EMIT replyFailed(message);
}

void ChatView::selectSibling(qint64 messageId, int step) {
    m_ctx.guarded([&] {
        store::ChatRepo chats(m_ctx.db());
        const auto siblings = chats.siblings(messageId);
        for (size_t i = 0; i < siblings.size(); ++i)
            if (siblings[i].id == messageId) {
                const auto j = static_cast<long>(i) + step;
                if (j >= 0 && j < static_cast<long>(siblings.size())) chats.select(siblings[static_cast<size_t>(j)].id);
            }
    });
    syncTranscript();
}

void ChatView::editMessage(qint64 messageId) {
    QString old;
    for (const auto& t : turns())
        if (t.message.id == messageId) old = QString::fromStdString(t.message.text);
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(this, tr("Edit message"),
                                                        tr("The edited message starts a new branch:"), old, &ok);
    if (!ok || text.trimmed().isEmpty() || text == old) return;
    ChatRequest r = request(ChatRequest::Kind::Edit, messageId);
    r.text = text.trimmed();
    start(r);
}

void ChatView::activateLink(const QString& link) {
    const TranscriptAction a = TranscriptAction::parse(link);
    if (a.verb.isEmpty()) return;
    const bool idle = !m_ctx.turnRunning();
    if (a.verb == QLatin1String("earlier")) {
        showEarlier();
        return;
    }
    if (a.verb == QLatin1String("prev") && idle) selectSibling(a.id, -1);
    else if (a.verb == QLatin1String("next") && idle) selectSibling(a.id, +1);
    else if (a.verb == QLatin1String("edit") && idle) editMessage(a.id);
    else if ((a.verb == QLatin1String("regen") || a.verb == QLatin1String("retry")) && idle) {
        start(request(a.verb == QLatin1String("regen") ? ChatRequest::Kind::Regenerate : ChatRequest::Kind::Answer, a.id));
    } else if (a.verb == QLatin1String("approve") || a.verb == QLatin1String("reject")) {
        queueCall(m_ctx.chatWorker(), a.verb == QLatin1String("approve") ? &ChatWorker::approveProposal : &ChatWorker::rejectProposal,
                  m_personaId, a.id);
    } else if (a.verb == QLatin1String("rate")) {
        rateMessage(a.id);
    } else if (a.verb == QLatin1String("inspect")) {
        m_selectedMessageId = a.id;
        Q_EMIT messageSelected(a.id);
    }
}


}  // namespace persona::ui
