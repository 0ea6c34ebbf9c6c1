#include "views/persona_list_view.h"

#include "app_context.h"
#include "commands/persona_commands.h"
#include "models/persona_list_model.h"
#include "persona/store/persona_repo.h"
#include "persona/store/suite_repo.h"
#include "persona/store/persona_snapshot.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace persona::ui {

PersonaListView::PersonaListView(AppContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx) {
    setObjectName(QStringLiteral("personaListView"));
    m_model = new PersonaListModel(ctx.db(), this);
    m_filter = new PersonaFilterModel(this);
    m_filter->setSourceModel(m_model);
    m_filter->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_filter->sort(0);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("personaSearch"));
    m_search->setPlaceholderText(tr("Search personas"));
    m_search->setClearButtonEnabled(true);
    m_tag = new QComboBox(this);
    m_tag->setObjectName(QStringLiteral("tagFilter"));
    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("personaList"));
    m_list->setModel(m_filter);
    m_list->setIconSize(QSize(32, 32));
    m_list->setUniformItemSizes(true);
    m_list->setSpacing(2);
    auto* add = new QPushButton(tr("New"), this);
    add->setToolTip(tr("New persona (Ctrl+N)"));
    auto* dup = new QPushButton(tr("Duplicate"), this);
    auto* del = new QPushButton(tr("Delete"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(dup);
    buttons->addWidget(del);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_search);
    layout->addWidget(m_tag);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_search, &QLineEdit::textChanged, m_filter, &PersonaFilterModel::setText);
    connect(m_tag, qOverload<int>(&QComboBox::activated), this, [this](int i) { m_filter->setTag(i == 0 ? QString() : m_tag->itemText(i)); });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& i) {
        const qint64 id = i.isValid() ? i.data(PersonaListModel::IdRole).toLongLong() : 0;
        if (id == m_current) return;
        m_current = id;
        Q_EMIT personaSelected(id);
    });
    connect(add, &QPushButton::clicked, this, [this] { createPersona(); });
    connect(dup, &QPushButton::clicked, this, &PersonaListView::duplicateCurrent);
    connect(del, &QPushButton::clicked, this, &PersonaListView::deleteCurrent);
    connect(&ctx, &AppContext::personaListChanged, this, &PersonaListView::reload);
    connect(&ctx, &AppContext::personaChanged, this, [this](qint64 id) {
        m_model->invalidateAvatar(id);
        reload();
    });
    reload();
}

qint64 PersonaListView::currentPersonaId() const { return m_current; }

bool PersonaListView::selectPersona(qint64 personaId) {
    const int row = m_model->rowOf(personaId);
    if (row < 0) return false;
    QModelIndex i = m_filter->mapFromSource(m_model->index(row));
    if (!i.isValid()) {  // hidden by the filter: clear it, the user asked for this persona
        m_search->clear();
        m_tag->setCurrentIndex(0);
        m_filter->setTag({});
        i = m_filter->mapFromSource(m_model->index(row));
    }
    m_list->setCurrentIndex(i);
    return true;
}

bool PersonaListView::selectPersonaByName(const QString& name) {
    for (int r = 0; r < m_model->rowCount(); ++r)
        if (m_model->index(r).data().toString() == name) return selectPersona(m_model->idAt(r));
    return false;
}

void PersonaListView::reload() {
    const qint64 keep = m_current;
    {
        const QSignalBlocker block(m_list->selectionModel());
        m_ctx.guarded([&] { m_model->reload(); });
    }
    reloadTags();
    if (keep && m_model->rowOf(keep) >= 0) {
        const QSignalBlocker block(m_list->selectionModel());
        m_list->setCurrentIndex(m_filter->mapFromSource(m_model->index(m_model->rowOf(keep))));
    } else if (keep) {
        m_current = 0;
        Q_EMIT personaSelected(0);
    }
}

void PersonaListView::reloadTags() {
    const QString current = m_tag->currentIndex() > 0 ? m_tag->currentText() : QString();
    m_tag->clear();
    m_tag->addItem(tr("All tags"));
    m_tag->addItems(m_model->allTags());
    const int i = m_tag->findText(current);
    m_tag->setCurrentIndex(i > 0 ? i : 0);
}

qint64 PersonaListView::createPersona(const QString& givenName) {
    QString name = givenName;
    if (name.isEmpty()) {
        bool ok = false;
        name = QInputDialog::getText(this, tr("New persona"), tr("Name:"), QLineEdit::Normal, {}, &ok).trimmed();
        if (!ok || name.isEmpty()) return 0;
    }
    qint64 id = 0;
    m_ctx.guarded([&] {
        store::PersonaRepo personas(m_ctx.db());
        store::Persona p;
        p.name = personas.uniqueName(name.toStdString());
        id = personas.create(p).id;
    });
    if (!id) return 0;
    m_ctx.notifyPersonaListChanged();
    selectPersona(id);
    return id;
}

qint64 PersonaListView::duplicateCurrent() {
    if (!m_current) return 0;
    qint64 id = 0;
    m_ctx.guarded([&] {
        store::PersonaRepo personas(m_ctx.db());
        store::Persona p = personas.get(m_current);
        std::vector<store::FactDraft> facts;
        for (const auto& f : personas.currentRevision(m_current).facts)
            if (f.origin != store::FactOrigin::Proposed) facts.push_back({0, f.text, f.origin, f.enabled});
        p.name = personas.uniqueName(p.name + " " + tr("(copy)").toStdString());
        p.sourceRef.clear();
        id = personas.create(p, facts, "duplicated").id;
    });
    if (!id) return 0;
    m_ctx.notifyPersonaListChanged();
    selectPersona(id);
    return id;
}

void PersonaListView::deleteCurrent() {
    if (!m_current) return;
    store::PersonaRepo personas(m_ctx.db());
    int chats = 0, questions = 0, runs = 0;
    QString name;
    if (!m_ctx.guarded([&] {
            chats = personas.chatCount(m_current);
            store::SuiteRepo suites(m_ctx.db());
            questions = static_cast<int>(suites.questions(m_current).size());
            runs = static_cast<int>(suites.runs(m_current).size());
            name = QString::fromStdString(personas.get(m_current).name);
        }))
        return;
    if (chats > 0 || questions > 0 || runs > 0) {
        // Chats and test suites cannot come back (the undo snapshot holds the persona and its
        // revisions only), so this one asks first and is not on the undo stack.
        QStringList lost;
        if (chats) lost << tr("%n chat(s) with their labels", nullptr, chats);
        if (questions) lost << tr("%n test question(s)", nullptr, questions);
        if (runs) lost << tr("%n test run(s)", nullptr, runs);
        const auto answer = QMessageBox::question(
            this, tr("Delete persona"),
            tr("Delete «%1» with its %2? They cannot be restored.").arg(name, lost.join(QStringLiteral(", "))));
        if (answer != QMessageBox::Yes) return;
        m_ctx.guarded([&] { personas.remove(m_current, /*withChats=*/true); });
        m_ctx.notifyPersonaListChanged();
        return;
    }
    store::PersonaSnapshot snapshot;
    if (!m_ctx.guarded([&] { snapshot = store::snapshotPersona(m_ctx.db(), m_current); })) return;
    m_ctx.undoStack()->push(new DeletePersonaCommand(m_ctx, std::move(snapshot)));  // Ctrl+Z brings it back
}

}  // namespace persona::ui
