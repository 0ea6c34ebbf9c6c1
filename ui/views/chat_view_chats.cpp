// ChatView, the persona's chats: choosing, creating, renaming and deleting them.
#include "views/chat_view.h"

#include "app_context.h"
#include "persona/store/chat_repo.h"
#include "views/label_panel.h"

#include <QComboBox>
#include <QDateTime>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>

namespace persona::ui {

void ChatView::setPersona(qint64 personaId) {
    if (personaId == m_personaId) return;
    m_personaId = personaId;
    m_chatId = 0;
    m_shownTurns = kTranscriptPage;
    reloadChats();
    setChat(m_chatBox->count() ? m_chatBox->itemData(0).toLongLong() : 0);
}

void ChatView::reloadChats() {
    m_chatBox->clear();
    if (!m_personaId) return;
    std::vector<store::Chat> chats;
    m_ctx.guarded([&] { chats = store::ChatRepo(m_ctx.db()).listForPersona(m_personaId); });
    for (const auto& c : chats) {
        if (c.personaId != m_personaId) continue;  // chats where it is only the partner
        const QString when = QDateTime::fromMSecsSinceEpoch(c.updatedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        const QString title = c.title.empty() ? tr("Chat %1").arg(c.id) : QString::fromStdString(c.title);
        m_chatBox->addItem(QStringLiteral("%1 · %2").arg(title, when), QVariant::fromValue<qint64>(c.id));
    }
    const int i = m_chatBox->findData(QVariant::fromValue<qint64>(m_chatId));
    if (i >= 0) m_chatBox->setCurrentIndex(i);
}

void ChatView::setChat(qint64 chatId) {
    const int i = m_chatBox->findData(QVariant::fromValue<qint64>(chatId));
    if (chatId && i < 0) return;  // not a chat of this persona
    m_chatId = chatId;
    m_shownTurns = kTranscriptPage;
    if (i >= 0) m_chatBox->setCurrentIndex(i);
    m_pendingText.clear();
    if (chatId) setValidationMode(validationRemembered(chatId));
    else m_labelPanel->showIdle();
    loadTranscript();
    updateButtons();
    Q_EMIT chatChanged(chatId);
}

qint64 ChatView::newChat() {
    if (!m_personaId) return 0;
    qint64 id = 0;
    m_ctx.guarded([&] {
        id = store::ChatRepo(m_ctx.db()).create(m_personaId).id;
    });
    m_chatId = id;
    m_shownTurns = kTranscriptPage;
    if (id && m_validation) rememberValidation(id, true);  // a new chat keeps the mode it was asked in
    reloadChats();
    setChat(id);
    m_ctx.notifyPersonaListChanged();
    m_input->setFocus();
    return id;
}

void ChatView::renameChat() {
    if (!m_chatId) return;
    bool ok = false;
    const QString title = QInputDialog::getText(this, tr("Rename chat"), tr("Title:"), QLineEdit::Normal,
                                                m_chatBox->currentText().section(QStringLiteral(" · "), 0, 0), &ok);
    if (!ok || title.trimmed().isEmpty()) return;
    m_ctx.guarded([&] { store::ChatRepo(m_ctx.db()).rename(m_chatId, title.trimmed().toStdString()); });
    reloadChats();
}

void ChatView::deleteChat() {
    if (!m_chatId || m_ctx.turnRunning()) return;
    if (QMessageBox::question(this, tr("Delete chat"),
                              tr("Delete this chat with all its messages and labels? This cannot be undone.")) !=
        QMessageBox::Yes)
        return;
    m_ctx.guarded([&] { store::ChatRepo(m_ctx.db()).remove(m_chatId); });
    m_chatId = 0;
    m_shownTurns = kTranscriptPage;
    reloadChats();
    setChat(m_chatBox->count() ? m_chatBox->itemData(0).toLongLong() : 0);
    m_ctx.notifyPersonaListChanged();
}


}  // namespace persona::ui
