#include "views/persona_editor.h"

#include "app_context.h"
#include "commands/persona_commands.h"
#include "models/fact_table_model.h"
#include "models/persona_list_model.h"
#include "persona/store/persona_repo.h"
#include "views/table_sizing.h"
#include "workers/worker_thread.h"

#include <QAction>
#include <QBuffer>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace persona::ui {

namespace {
constexpr int kAvatarSize = 72;
}

PersonaEditor::PersonaEditor(AppContext& ctx, FactTableModel* facts, QWidget* parent)
    : QWidget(parent), m_ctx(ctx), m_facts(facts) {
    setObjectName(QStringLiteral("personaEditor"));
    buildUi();
    connect(&ctx, &AppContext::personaChanged, this, [this](qint64 id) {
        if (id == m_personaId) reload();
    });
    setEnabled(false);
}

void PersonaEditor::buildUi() {
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(buildProfile());
    leftLayout->addWidget(buildFacts(), 1);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("editorSplitter"));
    m_splitter->addWidget(left);
    m_splitter->addWidget(buildHistory());
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({640, 380});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);
}

QWidget* PersonaEditor::buildProfile() {
    auto* box = new QGroupBox(tr("Profile"), this);
    m_avatar = new QToolButton(box);
    m_avatar->setObjectName(QStringLiteral("avatarButton"));
    m_avatar->setIconSize(QSize(kAvatarSize, kAvatarSize));
    m_avatar->setToolTip(tr("Choose an avatar image"));
    connect(m_avatar, &QToolButton::clicked, this, &PersonaEditor::chooseAvatar);
    m_name = new QLineEdit(box);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_gender = new QComboBox(box);
    m_gender->addItem(tr("unknown"), QStringLiteral("unknown"));
    m_gender->addItem(tr("female"), QStringLiteral("female"));
    m_gender->addItem(tr("male"), QStringLiteral("male"));
    m_tags = new QLineEdit(box);
    m_tags->setObjectName(QStringLiteral("tagsEdit"));
    m_tags->setPlaceholderText(tr("comma-separated, e.g. student, demo"));
    m_description = new QPlainTextEdit(box);
    m_description->setObjectName(QStringLiteral("descriptionEdit"));
    m_description->setMaximumHeight(fontMetrics().lineSpacing() * 3 + 14);
    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Gender:"), m_gender);
    form->addRow(tr("&Tags:"), m_tags);
    form->addRow(tr("&Description:"), m_description);
    auto* row = new QHBoxLayout(box);
    row->addWidget(m_avatar, 0, Qt::AlignTop);
    row->addLayout(form, 1);
    connect(m_name, &QLineEdit::editingFinished, this, &PersonaEditor::commitProfile);
    connect(m_tags, &QLineEdit::editingFinished, this, &PersonaEditor::commitProfile);
    connect(m_gender, qOverload<int>(&QComboBox::activated), this, &PersonaEditor::commitProfile);
    // The description is committed once typing pauses, as one undo step.
    auto* pause = new QTimer(this);
    pause->setSingleShot(true);
    pause->setInterval(800);
    connect(pause, &QTimer::timeout, this, &PersonaEditor::commitProfile);
    connect(m_description, &QPlainTextEdit::textChanged, this, [this, pause] {
        if (!m_loading) pause->start();
    });
    return box;
}

QWidget* PersonaEditor::buildFacts() {
    auto* box = new QGroupBox(tr("Facts"), this);
    m_factView = new QTableView(box);
    m_factView->setObjectName(QStringLiteral("factView"));
    m_factView->setModel(m_facts);
    m_factView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_factView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_factView->setDragDropMode(QAbstractItemView::InternalMove);
    m_factView->setDragEnabled(true);
    m_factView->setAcceptDrops(true);
    m_factView->setDropIndicatorShown(true);
    m_factView->setDefaultDropAction(Qt::MoveAction);
    m_factView->setWordWrap(true);
    keepRowHeightsFitted(m_factView);
    m_factView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                                QAbstractItemView::AnyKeyPressed);
    auto* header = m_factView->horizontalHeader();
    header->setSectionResizeMode(FactTableModel::EnabledColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(FactTableModel::TextColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(FactTableModel::UsageColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(FactTableModel::OriginColumn, QHeaderView::ResizeToContents);
    auto* del = new QAction(tr("Delete facts"), m_factView);
    del->setShortcut(QKeySequence::Delete);
    del->setShortcutContext(Qt::WidgetShortcut);
    connect(del, &QAction::triggered, this, &PersonaEditor::deleteSelectedFacts);
    m_factView->addAction(del);

    m_newFact = new QLineEdit(box);
    m_newFact->setObjectName(QStringLiteral("newFactEdit"));
    m_newFact->setPlaceholderText(tr("New fact, e.g. «Я живу в Москве», then Enter"));
    connect(m_newFact, &QLineEdit::returnPressed, this, [this] { addFact(m_newFact->text()); });
    auto* add = new QPushButton(tr("Add"), box);
    connect(add, &QPushButton::clicked, this, [this] { addFact(m_newFact->text()); });
    auto* remove = new QPushButton(tr("Delete"), box);
    remove->setToolTip(tr("Delete the selected facts (Del)"));
    connect(remove, &QPushButton::clicked, this, &PersonaEditor::deleteSelectedFacts);
    auto* enable = new QPushButton(tr("Enable"), box);
    connect(enable, &QPushButton::clicked, this, [this] { setSelectedEnabled(true); });
    auto* disable = new QPushButton(tr("Disable"), box);
    connect(disable, &QPushButton::clicked, this, [this] { setSelectedEnabled(false); });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_newFact, 1);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(enable);
    buttons->addWidget(disable);

    m_proposals = new QListWidget(box);
    m_proposals->setObjectName(QStringLiteral("proposalList"));
    m_proposals->setMaximumHeight(fontMetrics().lineSpacing() * 4 + 10);
    m_approve = new QPushButton(tr("Approve"), box);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_reject = new QPushButton(tr("Reject"), box);
    connect(m_approve, &QPushButton::clicked, this, [this] { handleProposal(true); });
    connect(m_reject, &QPushButton::clicked, this, [this] { handleProposal(false); });
    auto* proposalButtons = new QVBoxLayout;
    proposalButtons->addWidget(m_approve);
    proposalButtons->addWidget(m_reject);
    proposalButtons->addStretch();
    auto* proposals = new QHBoxLayout;
    proposals->addWidget(m_proposals, 1);
    proposals->addLayout(proposalButtons);

    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_factView, 1);
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("Proposed by the model (not used until approved):"), box));
    layout->addLayout(proposals);
    return box;
}

QWidget* PersonaEditor::buildHistory() {
    auto* box = new QGroupBox(tr("Revisions"), this);
    m_revisions = new QListWidget(box);
    m_revisions->setObjectName(QStringLiteral("revisionList"));
    m_revisions->setWordWrap(true);
    m_revisions->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_diffFrom = new QComboBox(box);
    m_diffTo = new QComboBox(box);
    m_diff = new QTextBrowser(box);
    m_diff->setObjectName(QStringLiteral("diffView"));
    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Diff"), box));
    pick->addWidget(m_diffFrom, 1);
    pick->addWidget(new QLabel(QStringLiteral("→"), box));
    pick->addWidget(m_diffTo, 1);
    connect(m_diffFrom, qOverload<int>(&QComboBox::activated), this, &PersonaEditor::diffSelected);
    connect(m_diffTo, qOverload<int>(&QComboBox::activated), this, &PersonaEditor::diffSelected);
    connect(m_revisions, &QListWidget::currentRowChanged, this, [this](int row) {
        // Selecting a revision shows what it changed (against the one before it).
        if (row <= 0) return;
        m_diffFrom->setCurrentIndex(row - 1);
        m_diffTo->setCurrentIndex(row);
        diffSelected();
    });
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_revisions, 2);
    layout->addLayout(pick);
    layout->addWidget(m_diff, 3);
    return box;
}

void PersonaEditor::setPersona(qint64 personaId) {
    m_personaId = personaId;
    setEnabled(personaId != 0);
    reload();
}

void PersonaEditor::reload() {
    m_loading = true;
    m_persona = {};
    if (m_personaId) m_ctx.guarded([&] { m_persona = store::PersonaRepo(m_ctx.db()).get(m_personaId); });
    m_name->setText(QString::fromStdString(m_persona.name));
    m_gender->setCurrentIndex(std::max(0, m_gender->findData(QString::fromStdString(store::toString(m_persona.gender)))));
    QStringList tags;
    for (const auto& t : m_persona.tags) tags << QString::fromStdString(t);
    m_tags->setText(tags.join(QStringLiteral(", ")));
    if (m_description->toPlainText().toStdString() != m_persona.description)
        m_description->setPlainText(QString::fromStdString(m_persona.description));
    m_avatar->setIcon(PersonaListModel::avatarIcon(m_persona, kAvatarSize));
    reloadProposals();
    reloadRevisions();
    m_loading = false;
}

void PersonaEditor::reloadProposals() {
    m_proposals->clear();
    if (!m_personaId) return;
    m_ctx.guarded([&] {
        for (const auto& f : store::PersonaRepo(m_ctx.db()).currentRevision(m_personaId).facts) {
            if (f.origin != store::FactOrigin::Proposed) continue;
            auto* item = new QListWidgetItem(QString::fromStdString(f.text), m_proposals);
            item->setData(Qt::UserRole, QVariant::fromValue<qint64>(f.id));
        }
    });
    if (m_proposals->count()) m_proposals->setCurrentRow(0);
    m_approve->setEnabled(m_proposals->count() > 0);
    m_reject->setEnabled(m_proposals->count() > 0);
}

void PersonaEditor::reloadRevisions() {
    m_revisions->clear();
    m_diffFrom->clear();
    m_diffTo->clear();
    if (!m_personaId) return;
    std::vector<store::PersonaRevision> revisions;
    m_ctx.guarded([&] { revisions = store::PersonaRepo(m_ctx.db()).revisions(m_personaId); });
    for (const auto& r : revisions) {
        const QString when = QDateTime::fromMSecsSinceEpoch(r.createdAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        const QString label = tr("%1 · %2 · %n fact(s) · %3", nullptr, static_cast<int>(r.facts.size()))
                                  .arg(r.number)
                                  .arg(when, QString::fromStdString(r.note));
        auto* item = new QListWidgetItem(label, m_revisions);
        item->setData(Qt::UserRole, QVariant::fromValue<qint64>(r.id));
        m_diffFrom->addItem(tr("revision %1").arg(r.number), QVariant::fromValue<qint64>(r.id));
        m_diffTo->addItem(tr("revision %1").arg(r.number), QVariant::fromValue<qint64>(r.id));
    }
    const int n = m_revisions->count();
    if (n >= 2) {
        m_diffFrom->setCurrentIndex(n - 2);
        m_diffTo->setCurrentIndex(n - 1);
        diffSelected();
    } else {
        m_diff->setHtml(tr("<p>Only one revision so far: every change to the facts makes a new one, and here you "
                           "see what changed between any two.</p>"));
    }
    m_revisions->scrollToBottom();
}

void PersonaEditor::diffSelected() {
    if (m_diffFrom->currentIndex() < 0 || m_diffTo->currentIndex() < 0) return;
    showDiff(m_diffFrom->currentData().toLongLong(), m_diffTo->currentData().toLongLong());
}

QString PersonaEditor::showDiff(qint64 fromRevisionId, qint64 toRevisionId) {
    std::vector<store::FactChange> changes;
    m_ctx.guarded([&] { changes = store::PersonaRepo(m_ctx.db()).diff(fromRevisionId, toRevisionId); });
    QString html;
    auto q = [](const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); };
    for (const auto& c : changes) {
        using K = store::FactChange::Kind;
        switch (c.kind) {
            case K::Added: html += QStringLiteral("<p style=\"color:#2e7d32\">+ %1</p>").arg(q(c.newText)); break;
            case K::Removed: html += QStringLiteral("<p style=\"color:#c62828\">− %1</p>").arg(q(c.oldText)); break;
            case K::TextChanged:
                html += QStringLiteral("<p>~ <s style=\"color:#c62828\">%1</s> → <span style=\"color:#2e7d32\">%2</span></p>")
                            .arg(q(c.oldText), q(c.newText));
                break;
            case K::Moved:
                html += QStringLiteral("<p>↕ %1 (%2 → %3)</p>").arg(q(c.newText)).arg(c.oldPosition + 1).arg(c.newPosition + 1);
                break;
            case K::EnabledChanged:
                html += QStringLiteral("<p>%1 %2</p>").arg(c.newEnabled ? tr("enabled:") : tr("disabled:"), q(c.newText));
                break;
            case K::OriginChanged: html += QStringLiteral("<p>✓ %1 %2</p>").arg(tr("approved:"), q(c.newText)); break;
        }
    }
    if (html.isEmpty()) html = tr("<p>No changes.</p>");
    m_diff->setHtml(html);
    return m_diff->toPlainText();
}

void PersonaEditor::commitProfile() {
    if (m_loading || !m_personaId) return;
    store::Persona after = m_persona;
    after.name = m_name->text().trimmed().toStdString();
    after.gender = store::parseGender(m_gender->currentData().toString().toStdString());
    after.tags.clear();
    for (const QString& t : m_tags->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!t.trimmed().isEmpty()) after.tags.push_back(t.trimmed().toStdString());
    after.description = m_description->toPlainText().toStdString();
    if (after.name.empty()) {
        m_name->setText(QString::fromStdString(m_persona.name));  // a persona always has a name
        return;
    }
    if (after.name == m_persona.name && after.gender == m_persona.gender && after.tags == m_persona.tags &&
        after.description == m_persona.description)
        return;
    m_ctx.undoStack()->push(new EditProfileCommand(m_ctx, m_persona, after, tr("edit profile")));
}

void PersonaEditor::chooseAvatar() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose an avatar"), {},
                                                      tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"));
    if (file.isEmpty()) return;
    QImageReader reader(file);
    QImage image = reader.read();
    if (image.isNull()) {
        QMessageBox::warning(this, tr("Avatar"), tr("Could not read %1: %2").arg(file, reader.errorString()));
        return;
    }
    // Stored as a PNG of at most 512×512, so a huge photo does not bloat the store.
    image = image.scaled(512, 512, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    store::Persona after = m_persona;
    after.avatar = png.toStdString();
    after.avatarMime = "image/png";
    m_ctx.undoStack()->push(new EditProfileCommand(m_ctx, m_persona, after, tr("change avatar")));
}

void PersonaEditor::addFact(const QString& text) {
    if (text.trimmed().isEmpty()) return;
    m_facts->addFact(text);
    m_newFact->clear();
}

void PersonaEditor::deleteSelectedFacts() {
    QList<int> rows;
    for (const QModelIndex& i : m_factView->selectionModel()->selectedRows()) rows << i.row();
    m_facts->removeRows(rows);
}

void PersonaEditor::setSelectedEnabled(bool enabled) {
    QList<int> rows;
    for (const QModelIndex& i : m_factView->selectionModel()->selectedRows()) rows << i.row();
    if (!rows.isEmpty()) m_facts->setEnabled(rows, enabled);
}

void PersonaEditor::handleProposal(bool approve) {
    auto* item = m_proposals->currentItem();
    if (!item) return;
    queueCall(m_ctx.chatWorker(), approve ? &ChatWorker::approveProposal : &ChatWorker::rejectProposal, m_personaId,
              item->data(Qt::UserRole).toLongLong());
}

}  // namespace persona::ui
