// ChatView, the transcript: the TranscriptModel filled from the store (the whole chat when another
// one is shown, else only the turns from the first message that changed), and the QTextBrowser
// document laid out from the model's items, with the live reply streaming into its end.
#include "views/chat_view.h"

#include "app_context.h"
#include "models/transcript_model.h"
#include "persona/store/chat_repo.h"
#include "persona/store/persona_repo.h"
#include "views/chat_transcript.h"

#include <QLabel>
#include <QPalette>
#include <QScrollBar>
#include <QTextBrowser>

namespace persona::ui {

void ChatView::loadPersonaLook() {
    QString name;
    std::vector<store::Fact> proposals;
    if (m_personaId) {
        m_ctx.guarded([&] {
            store::PersonaRepo personas(m_ctx.db());
            name = QString::fromStdString(personas.get(m_personaId).name);
            for (const auto& f : personas.currentRevision(m_personaId).facts)
                if (f.origin == store::FactOrigin::Proposed) proposals.push_back(f);
        });
    }
    m_model->setPersonaName(name);
    m_model->setProposals(std::move(proposals));
}

void ChatView::loadTranscript() {
    std::vector<store::TurnView> turns;
    if (m_chatId) m_ctx.guarded([&] { turns = store::ChatRepo(m_ctx.db()).transcript(m_chatId, m_shownTurns); });
    m_model->reset(std::move(turns));
    loadPersonaLook();
    showTranscript();
}

void ChatView::syncTranscript() {
    if (!m_chatId) return loadTranscript();
    bool reread = false;
    const bool ok = m_ctx.guarded([&] {
        store::ChatRepo chats(m_ctx.db());
        const auto path = chats.selectedPath(m_chatId);
        const size_t from = m_model->firstDifference(path);
        if (from == path.size() && from == m_model->turns().size()) return;  // nothing new
        // Traces for the changed turns only (and none for turns a long chat does not draw).
        auto fresh = chats.transcript(m_chatId, std::min(path.size() - from, m_shownTurns));
        reread = !m_model->replaceFrom(from, std::move(fresh));  // false: the chat changed meanwhile
    });
    if (!ok || reread) return loadTranscript();
    showTranscript();
}

void ChatView::showTranscript() {
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    m_model->setStreaming(m_streaming);
    m_transcript->document()->setDefaultStyleSheet(ChatTranscript::styleSheet(dark));
    if (!m_chatId) {
        m_transcript->setHtml(tr("<p>No chat yet. Press <b>New chat</b> or just write a message.</p>"));
    } else {
        // The items' HTML is kept by the model: only the items that changed are rendered again.
        const size_t count = m_model->turns().size();
        const size_t first = count > m_shownTurns ? count - m_shownTurns : 0;
        QString html = ChatTranscript::documentStart(first);
        for (size_t i = first; i < count; ++i) html += m_model->html(i);
        if (m_streaming) html += ChatTranscript::streamingBlock(m_model->personaName());
        html += ChatTranscript::documentEnd();
        m_transcript->setHtml(html);
    }
    if (m_streaming) {
        m_streamCursor = m_transcript->document()->find(QString(QChar(kStreamMarker)));
        m_streamCursor.insertText(m_streamed);
    }
    m_transcript->verticalScrollBar()->setValue(m_transcript->verticalScrollBar()->maximum());
}

void ChatView::showEarlier() {
    // The view stays on the message that was at the top: keep the distance from the bottom.
    QScrollBar* bar = m_transcript->verticalScrollBar();
    const int fromBottom = bar->maximum() - bar->value();
    m_shownTurns += kTranscriptPage;
    loadTranscript();  // the earlier turns' traces are read now
    bar->setValue(bar->maximum() - fromBottom);
}

void ChatView::onTokens(qint64 chatId, const QString& text, int count) {
    if (chatId != m_chatId || !m_streaming) return;
    // Per flush: one insertion at the end of the document and one scroll; nothing is re-laid out
    // above the reply.
    m_streamed += text;
    if (!m_streamCursor.isNull()) m_streamCursor.insertText(text);
    QScrollBar* bar = m_transcript->verticalScrollBar();
    bar->setValue(bar->maximum());
    m_status->setText(tr("%n token(s)…", nullptr, count));
}


}  // namespace persona::ui
