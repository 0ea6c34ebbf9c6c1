#include "views/chat_view.h"

#include "app_context.h"
#include "models/fact_table_model.h"
#include "models/transcript_model.h"
#include "views/label_panel.h"
#include "views/table_sizing.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace persona::ui {

ChatView::ChatView(AppContext& ctx, FactTableModel* facts, QWidget* parent)
    : QWidget(parent), m_ctx(ctx), m_facts(facts) {
    setObjectName(QStringLiteral("chatView"));
    m_model = new TranscriptModel(this);
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
    // The persona's name and proposals may have changed; the stored turns have not.
    connect(&ctx, &AppContext::personaChanged, this, [this](qint64 id) {
        if (id != m_personaId || m_streaming) return;
        loadPersonaLook();
        showTranscript();
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
    QHBoxLayout* top = buildTopBar();
    m_transcript = new QTextBrowser(this);
    m_transcript->setObjectName(QStringLiteral("transcript"));
    m_transcript->setOpenLinks(false);
    m_transcript->setOpenExternalLinks(false);
    connect(m_transcript, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) { activateLink(url.toString()); });
    buildSplitter(buildFactsPanel());
    QHBoxLayout* bottom = buildInputRow();

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

QHBoxLayout* ChatView::buildTopBar() {
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
    return top;
}

QWidget* ChatView::buildFactsPanel() {
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
    return side;
}

void ChatView::buildSplitter(QWidget* side) {
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
}

QHBoxLayout* ChatView::buildInputRow() {
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
    return bottom;
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


void ChatView::updateButtons() {
    const bool running = m_ctx.turnRunning();
    const bool ready = m_ctx.models() != nullptr;
    m_send->setEnabled(!running && ready && m_personaId);
    m_stop->setEnabled(running);
    bool hasReply = false;
    for (const auto& t : turns()) hasReply = hasReply || t.message.role == store::Role::Persona;
    m_regenerate->setEnabled(!running && ready && hasReply);
    m_chatBox->setEnabled(!running);
    m_newChat->setEnabled(!running && m_personaId);
    m_deleteChat->setEnabled(!running && m_chatId);
    m_renameChat->setEnabled(m_chatId != 0);
    if (!ready) m_status->setText(m_ctx.loadingModels() ? tr("Loading models…") : tr("No models loaded: see Settings."));
    else if (!running) m_status->clear();
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


const std::vector<store::TurnView>& ChatView::turns() const { return m_model->turns(); }

}  // namespace persona::ui
