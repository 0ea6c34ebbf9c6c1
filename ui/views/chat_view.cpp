#include "views/chat_view.h"

#include "app_context.h"
#include "models/fact_table_model.h"
#include "persona/store/chat_repo.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"
#include "views/chat_transcript.h"
#include "views/label_panel.h"
#include "views/table_sizing.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPalette>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace persona::ui {

namespace {

// The chats in validation mode, remembered across sessions.
const QString kValidationChatsKey = QStringLiteral("chat/validationChats");

bool validationRemembered(qint64 chatId) {
    return QSettings().value(kValidationChatsKey).toList().contains(QVariant::fromValue<qint64>(chatId));
}

void rememberValidation(qint64 chatId, bool on) {
    QSettings s;
    QVariantList chats = s.value(kValidationChatsKey).toList();
    chats.removeAll(QVariant::fromValue<qint64>(chatId));
    if (on) chats.append(QVariant::fromValue<qint64>(chatId));
    s.setValue(kValidationChatsKey, chats);
}

}  // namespace

ChatView::ChatView(AppContext& ctx, FactTableModel* facts, QWidget* parent)
    : QWidget(parent), m_ctx(ctx), m_facts(facts) {
    setObjectName(QStringLiteral("chatView"));
    buildUi();
    // Queued: the worker's signals are emitted on its thread.
    connect(ctx.chatWorker(), &ChatWorker::retrieved, this, [this](qint64 chatId, const AgentRetrieval&) { onRetrieved(chatId); },
            Qt::QueuedConnection);
    connect(ctx.chatWorker(), &ChatWorker::tokensArrived, this, &ChatView::onTokens, Qt::QueuedConnection);
    connect(ctx.chatWorker(), &ChatWorker::finished, this, &ChatView::onFinished, Qt::QueuedConnection);
    connect(ctx.chatWorker(), &ChatWorker::failed, this, &ChatView::onFailed, Qt::QueuedConnection);
    connect(ctx.chatWorker(), &ChatWorker::previewed, this, &ChatView::onPreviewed, Qt::QueuedConnection);
    connect(ctx.chatWorker(), &ChatWorker::previewFailed, this,
            [this](qint64 chatId, const QString& message) {
                if (chatId != m_chatId || m_pendingText.isEmpty()) return;
                m_pendingText.clear();
                m_status->setText(tr("Could not score the facts: %1").arg(message));
            },
            Qt::QueuedConnection);
    connect(&ctx, &AppContext::personaChanged, this, [this](qint64 id) {
        if (id == m_personaId && !m_streaming) reloadTranscript();
    });
    // A turn started elsewhere (the retrieval inspector's regenerate) streams here too.
    connect(&ctx, &AppContext::turnStarted, this, [this](qint64 chatId) {
        if (chatId != m_chatId) return;
        m_streamed.clear();
        m_streaming = true;
        updateButtons();
    });
    connect(&ctx, &AppContext::modelsReady, this, &ChatView::updateButtons);
    connect(&ctx, &AppContext::modelsFailed, this, &ChatView::updateButtons);
    updateButtons();
}

void ChatView::buildUi() {
    auto* top = new QHBoxLayout;
    m_chatBox = new QComboBox(this);
    m_chatBox->setObjectName(QStringLiteral("chatBox"));
    m_chatBox->setMinimumContentsLength(24);
    m_newChat = new QPushButton(tr("New chat"), this);
    m_newChat->setObjectName(QStringLiteral("newChat"));
    m_renameChat = new QPushButton(tr("Rename…"), this);
    m_deleteChat = new QPushButton(tr("Delete"), this);
    top->addWidget(new QLabel(tr("Chat:"), this));
    top->addWidget(m_chatBox, 1);
    top->addWidget(m_newChat);
    top->addWidget(m_renameChat);
    top->addWidget(m_deleteChat);
    m_validationBox = new QCheckBox(tr("&Validation mode"), this);
    m_validationBox->setObjectName(QStringLiteral("validationMode"));
    m_validationBox->setToolTip(tr("For this chat: choose the facts of each reply before it is written and rate it after"));
    connect(m_validationBox, &QCheckBox::toggled, this, &ChatView::setValidationMode);
    top->addWidget(m_validationBox);

    m_transcript = new QTextBrowser(this);
    m_transcript->setObjectName(QStringLiteral("transcript"));
    m_transcript->setOpenLinks(false);
    m_transcript->setOpenExternalLinks(false);
    connect(m_transcript, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) { activateLink(url.toString()); });

    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto* sideTitle = new QLabel(tr("Facts (edits count from the next reply)"), side);
    sideTitle->setWordWrap(true);
    m_factView = new QTableView(side);
    m_factView->setObjectName(QStringLiteral("chatFactView"));
    m_factView->setModel(m_facts);
    m_factView->hideColumn(FactTableModel::OriginColumn);
    m_factView->hideColumn(FactTableModel::UsageColumn);
    m_factView->horizontalHeader()->setSectionResizeMode(FactTableModel::TextColumn, QHeaderView::Stretch);
    m_factView->horizontalHeader()->setSectionResizeMode(FactTableModel::EnabledColumn, QHeaderView::ResizeToContents);
    m_factView->verticalHeader()->setVisible(false);
    m_factView->setWordWrap(true);
    keepRowHeightsFitted(m_factView);
    m_quickFact = new QLineEdit(side);
    m_quickFact->setObjectName(QStringLiteral("quickFact"));
    m_quickFact->setPlaceholderText(tr("Add a fact and press Enter"));
    connect(m_quickFact, &QLineEdit::returnPressed, this, [this] {
        m_facts->addFact(m_quickFact->text());
        m_quickFact->clear();
    });
    sideLayout->addWidget(sideTitle);
    sideLayout->addWidget(m_factView, 1);
    sideLayout->addWidget(m_quickFact);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("chatSplitter"));
    m_labelPanel = new LabelPanel(this);
    m_labelPanel->setVisible(false);
    connect(m_labelPanel, &LabelPanel::factsConfirmed, this, &ChatView::sendWithFacts);
    connect(m_labelPanel, &LabelPanel::factsCancelled, this, [this] {
        m_pendingText.clear();
        m_status->clear();
        m_input->setFocus();
    });
    connect(m_labelPanel, &LabelPanel::ratingSaved, this, &ChatView::saveRating);
    auto* left = new QSplitter(Qt::Vertical, this);
    left->addWidget(m_transcript);
    left->addWidget(m_labelPanel);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);
    m_splitter->addWidget(left);
    m_splitter->addWidget(side);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({700, 300});

    m_input = new QPlainTextEdit(this);
    m_input->setObjectName(QStringLiteral("chatInput"));
    m_input->setPlaceholderText(tr("Write a message… (Ctrl+Enter sends, Esc stops)"));
    m_input->setMaximumHeight(fontMetrics().lineSpacing() * 4 + 12);
    m_input->installEventFilter(this);
    m_send = new QPushButton(tr("Send"), this);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setToolTip(tr("Send (Ctrl+Enter)"));
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setToolTip(tr("Stop the reply (Esc)"));
    m_regenerate = new QPushButton(tr("Regenerate"), this);
    m_regenerate->setObjectName(QStringLiteral("regenerateButton"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("chatStatus"));
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_send);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_regenerate);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_input, 1);
    bottom->addLayout(buttons);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_status);
    layout->addLayout(bottom);

    connect(m_send, &QPushButton::clicked, this, [this] { send(m_input->toPlainText()); });
    connect(m_stop, &QPushButton::clicked, this, &ChatView::stop);
    connect(m_regenerate, &QPushButton::clicked, this, &ChatView::regenerate);
    connect(m_newChat, &QPushButton::clicked, this, [this] { newChat(); });
    connect(m_renameChat, &QPushButton::clicked, this, &ChatView::renameChat);
    connect(m_deleteChat, &QPushButton::clicked, this, &ChatView::deleteChat);
    connect(m_chatBox, qOverload<int>(&QComboBox::activated), this,
            [this](int i) { setChat(m_chatBox->itemData(i).toLongLong()); });
}

bool ChatView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
            send(m_input->toPlainText());
            return true;
        }
        if (key->key() == Qt::Key_Escape && m_ctx.turnRunning()) {
            stop();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

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
    reloadTranscript(m_streaming);
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

void ChatView::reloadTranscript(bool streaming) {
    m_turns.clear();
    TranscriptOptions o;
    o.dark = palette().color(QPalette::Base).lightness() < 128;
    o.streaming = streaming;
    o.validation = m_validation;
    if (m_chatId) {
        m_ctx.guarded([&] {
            m_turns = store::ChatRepo(m_ctx.db()).transcript(m_chatId, m_shownTurns);
            store::PersonaRepo personas(m_ctx.db());
            o.personaName = QString::fromStdString(personas.get(m_personaId).name);
            for (const auto& f : personas.currentRevision(m_personaId).facts)
                if (f.origin == store::FactOrigin::Proposed) o.proposals.push_back(f);
        });
    }
    o.firstTurn = m_turns.size() > m_shownTurns ? m_turns.size() - m_shownTurns : 0;
    m_transcript->document()->setDefaultStyleSheet(ChatTranscript::styleSheet(o.dark));
    m_transcript->setHtml(m_chatId ? ChatTranscript::render(m_turns, o)
                                   : tr("<p>No chat yet. Press <b>New chat</b> or just write a message.</p>"));
    if (streaming) {
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
    reloadTranscript(m_streaming);
    bar->setValue(bar->maximum() - fromBottom);
}

void ChatView::updateButtons() {
    const bool running = m_ctx.turnRunning();
    const bool ready = m_ctx.models() != nullptr;
    m_send->setEnabled(!running && ready && m_personaId);
    m_stop->setEnabled(running);
    bool hasReply = false;
    for (const auto& t : m_turns) hasReply = hasReply || t.message.role == store::Role::Persona;
    m_regenerate->setEnabled(!running && ready && hasReply);
    m_chatBox->setEnabled(!running);
    m_newChat->setEnabled(!running && m_personaId);
    m_deleteChat->setEnabled(!running && m_chatId);
    m_renameChat->setEnabled(m_chatId != 0);
    if (!ready) m_status->setText(m_ctx.loadingModels() ? tr("Loading models…") : tr("No models loaded: see Settings."));
    else if (!running) m_status->clear();
}

ChatRequest ChatView::request(ChatRequest::Kind kind, qint64 messageId) const {
    ChatRequest r;
    r.kind = kind;
    r.chatId = m_chatId;
    r.messageId = messageId;
    r.settings = m_ctx.settings().agent;
    // Validation mode: another reply to a labelled turn uses (and is labelled with) the same ticks.
    if (m_validation && kind == ChatRequest::Kind::Regenerate)
        for (const auto& t : m_turns)
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

QString ChatView::cleanMessage(const QString& text) {
    // Control characters a paste can carry (NUL above all, which the store refuses) are dropped;
    // tabs and line breaks stay.
    QString out;
    out.reserve(text.size());
    for (const QChar c : text)
        if (c.unicode() >= 0x20 || c == QLatin1Char('\n') || c == QLatin1Char('\t')) out.append(c);
    return out.trimmed();
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
        QMetaObject::invokeMethod(m_ctx.chatWorker(), "previewRetrieval", Qt::QueuedConnection, Q_ARG(qint64, m_chatId),
                                  Q_ARG(qint64, m_personaId), Q_ARG(QString, t),
                                  Q_ARG(persona::AgentSettings, m_ctx.settings().agent));
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
    for (auto it = m_turns.rbegin(); it != m_turns.rend(); ++it)
        if (it->message.role == store::Role::Persona) {
            start(request(ChatRequest::Kind::Regenerate, it->message.id));
            return;
        }
}

void ChatView::onRetrieved(qint64 chatId) {
    if (chatId != m_chatId) return;
    reloadTranscript(/*streaming=*/true);  // the user's message is stored now
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

void ChatView::onFinished(const TurnOutcome& outcome) {
    m_streaming = false;
    if (outcome.chatId == m_chatId) {
        reloadTranscript();
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
        reloadTranscript();
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
    reloadTranscript();
}

void ChatView::editMessage(qint64 messageId) {
    QString old;
    for (const auto& t : m_turns)
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
        QMetaObject::invokeMethod(m_ctx.chatWorker(), a.verb == QLatin1String("approve") ? "approveProposal" : "rejectProposal",
                                  Qt::QueuedConnection, Q_ARG(qint64, m_personaId), Q_ARG(qint64, a.id));
    } else if (a.verb == QLatin1String("rate")) {
        rateMessage(a.id);
    } else if (a.verb == QLatin1String("inspect")) {
        m_selectedMessageId = a.id;
        Q_EMIT messageSelected(a.id);
    }
}

void ChatView::setValidationMode(bool on) {
    m_validation = on;
    if (m_chatId) rememberValidation(m_chatId, on);
    const QSignalBlocker block(m_validationBox);
    m_validationBox->setChecked(on);
    m_labelPanel->setVisible(on);
    if (!on) m_pendingText.clear();
    m_labelPanel->showIdle();
    reloadTranscript(m_streaming);
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
    for (const auto& t : m_turns)
        if (t.message.id == messageId) rating = t.rating;
    m_labelPanel->setVisible(true);
    m_labelPanel->showRating(messageId, rating);
}

bool ChatView::saveRating(qint64 messageId, const store::Rating& rating) {
    if (!m_ctx.guarded([&] { store::TraceRepo(m_ctx.db()).setRating(messageId, rating); })) return false;
    reloadTranscript(m_streaming);
    m_labelPanel->showIdle();
    m_status->setText(tr("Rating saved."));
    Q_EMIT labelsChanged(m_chatId);
    return true;
}

}  // namespace persona::ui
