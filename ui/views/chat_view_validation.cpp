// ChatView, validation mode: the labeller ticks the facts of a message before its reply is
// written and rates the reply after; the mode is remembered per chat.
#include "views/chat_view.h"

#include "app_context.h"
#include "models/transcript_model.h"
#include "persona/store/trace_repo.h"
#include "views/label_panel.h"

#include <QCheckBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>

namespace persona::ui {

namespace {
const QString kValidationChatsKey = QStringLiteral("chat/validationChats");
}  // namespace

bool ChatView::validationRemembered(qint64 chatId) {
    return QSettings().value(kValidationChatsKey).toList().contains(QVariant::fromValue<qint64>(chatId));
}

void ChatView::rememberValidation(qint64 chatId, bool on) {
    QSettings s;
    QVariantList chats = s.value(kValidationChatsKey).toList();
    chats.removeAll(QVariant::fromValue<qint64>(chatId));
    if (on) chats.append(QVariant::fromValue<qint64>(chatId));
    s.setValue(kValidationChatsKey, chats);
}

void ChatView::setValidationMode(bool on) {
    m_validation = on;
    if (m_chatId) rememberValidation(m_chatId, on);
    const QSignalBlocker block(m_validationBox);
    m_validationBox->setChecked(on);
    m_labelPanel->setVisible(on);
    if (!on) m_pendingText.clear();
    m_labelPanel->showIdle();
    m_model->setValidation(on);  // the "Rate" links of the replies: no store read
    showTranscript();
}

void ChatView::onPreviewed(qint64 chatId, const QString& text, const AgentRetrieval& retrieval) {
    if (chatId != m_chatId || text != m_pendingText || !m_validation) return;  // switched away meanwhile
    m_labelPanel->showFacts(retrieval);
    m_status->setText(tr("Tick the facts the reply should use, then press Ctrl+Enter."));
    Q_EMIT factsListed();
}

void ChatView::sendWithFacts(const QList<qint64>& factIds) {
    if (m_pendingText.isEmpty()) return;
    ChatRequest r = request(ChatRequest::Kind::Send);
    r.text = m_pendingText;
    r.settings.exactFactIds = std::vector<int64_t>(factIds.begin(), factIds.end());
    if (!start(r)) return;
    m_pendingText.clear();
    m_input->clear();
}

void ChatView::rateMessage(qint64 messageId) {
    std::optional<store::Rating> rating;
    for (const auto& t : turns())
        if (t.message.id == messageId) rating = t.rating;
    m_labelPanel->setVisible(true);
    m_labelPanel->showRating(messageId, rating);
}

bool ChatView::saveRating(qint64 messageId, const store::Rating& rating) {
    if (!m_ctx.guarded([&] { store::TraceRepo(m_ctx.db()).setRating(messageId, rating); })) return false;
    m_model->setRating(messageId, rating);  // that reply alone changes
    showTranscript();
    m_labelPanel->showIdle();
    m_status->setText(tr("Rating saved."));
    Q_EMIT labelsChanged(m_chatId);
    return true;
}


}  // namespace persona::ui
