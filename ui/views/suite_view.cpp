#include "views/suite_view.h"

#include "app_context.h"
#include "views/self_play_dialog.h"
#include "views/suite_tables.h"

#include "persona/store/persona_repo.h"

#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace persona::ui {

SuiteView::SuiteView(AppContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx) {
    setObjectName(QStringLiteral("SuiteView"));
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("suiteTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    top->addWidget(m_title, 1);
    m_runButton = new QPushButton(tr("Run suite"), this);
    m_runButton->setObjectName(QStringLiteral("suiteRun"));
    m_runButton->setToolTip(tr("Answer every question with the persona's current facts and store the run"));
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("suiteCancel"));
    m_selfPlayButton = new QPushButton(tr("Self-play…"), this);
    m_selfPlayButton->setObjectName(QStringLiteral("suiteSelfPlay"));
    m_selfPlayButton->setToolTip(tr("Let this persona talk with another one; the conversation is stored as a chat"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("suiteProgress"));
    m_progress->setMaximumWidth(220);
    top->addWidget(m_progress);
    top->addWidget(m_runButton);
    top->addWidget(m_cancelButton);
    top->addWidget(m_selfPlayButton);
    layout->addLayout(top);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("suiteStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(buildQuestionsPane());
    split->addWidget(buildResultsPane());
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    split->setSizes({300, 1000});  // the tables get the room, whatever the language
    layout->addWidget(split, 1);

    connect(m_runButton, &QPushButton::clicked, this, &SuiteView::runSuite);
    connect(m_cancelButton, &QPushButton::clicked, this, &SuiteView::cancel);
    connect(m_selfPlayButton, &QPushButton::clicked, this, &SuiteView::selfPlayDialog);
    connect(&m_ctx, &AppContext::personaChanged, this, [this](qint64 id) {
        if (id == m_personaId) reloadFacts();
    });
    connectWorker();
    setBusy(false, {});
    reload();
}

QWidget* SuiteView::buildQuestionsPane() {
    auto* pane = new QWidget(this);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* questions = new QGroupBox(tr("Test questions"), pane);
    auto* q = new QVBoxLayout(questions);
    m_questionList = new QListWidget(questions);
    m_questionList->setObjectName(QStringLiteral("suiteQuestions"));
    q->addWidget(m_questionList, 2);
    m_questionEdit = new QLineEdit(questions);
    m_questionEdit->setObjectName(QStringLiteral("suiteQuestionEdit"));
    m_questionEdit->setPlaceholderText(tr("A question to the persona"));
    q->addWidget(m_questionEdit);
    q->addWidget(new QLabel(tr("It should retrieve these facts:"), questions));
    m_facts = new QListWidget(questions);
    m_facts->setObjectName(QStringLiteral("suiteExpectedFacts"));
    q->addWidget(m_facts, 3);
    auto* buttons = new QHBoxLayout;
    m_addButton = new QPushButton(tr("Add"), questions);
    m_addButton->setObjectName(QStringLiteral("suiteAddQuestion"));
    m_saveButton = new QPushButton(tr("Save"), questions);
    m_saveButton->setObjectName(QStringLiteral("suiteSaveQuestion"));
    m_removeButton = new QPushButton(tr("Remove"), questions);
    m_removeButton->setObjectName(QStringLiteral("suiteRemoveQuestion"));
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_saveButton);
    buttons->addWidget(m_removeButton);
    q->addLayout(buttons);
    layout->addWidget(questions, 3);

    auto* runs = new QGroupBox(tr("Stored runs"), pane);
    auto* r = new QVBoxLayout(runs);
    auto* hint = new QLabel(tr("Select two runs to compare them."), runs);
    hint->setWordWrap(true);
    r->addWidget(hint);
    m_runList = new QListWidget(runs);
    m_runList->setObjectName(QStringLiteral("suiteRuns"));
    m_runList->setSelectionMode(QAbstractItemView::ExtendedSelection);
    r->addWidget(m_runList);
    m_removeRunButton = new QPushButton(tr("Delete run"), runs);
    r->addWidget(m_removeRunButton);
    layout->addWidget(runs, 2);

    connect(m_questionList, &QListWidget::currentRowChanged, this, &SuiteView::onQuestionSelected);
    connect(m_addButton, &QPushButton::clicked, this, [this] { addQuestion(m_questionEdit->text(), checkedFacts()); });
    connect(m_saveButton, &QPushButton::clicked, this, &SuiteView::saveQuestion);
    connect(m_removeButton, &QPushButton::clicked, this, &SuiteView::removeQuestion);
    connect(m_runList, &QListWidget::itemSelectionChanged, this, &SuiteView::onRunsSelected);
    connect(m_removeRunButton, &QPushButton::clicked, this, &SuiteView::removeRun);
    return pane;
}

QWidget* SuiteView::buildResultsPane() {
    auto* split = new QSplitter(Qt::Vertical, this);
    auto* results = new QWidget(split);
    auto* r = new QVBoxLayout(results);
    r->setContentsMargins(0, 0, 0, 0);
    m_resultsTitle = new QLabel(results);
    m_resultsTitle->setObjectName(QStringLiteral("suiteResultsTitle"));
    r->addWidget(m_resultsTitle);
    m_results = new QTableWidget(results);
    m_results->setObjectName(QStringLiteral("suiteResults"));
    SuiteTables::setUpRunTable(m_results);
    r->addWidget(m_results);
    auto* compare = new QWidget(split);
    auto* c = new QVBoxLayout(compare);
    c->setContentsMargins(0, 0, 0, 0);
    m_compareTitle = new QLabel(compare);
    m_compareTitle->setObjectName(QStringLiteral("suiteCompareTitle"));
    m_compareTitle->setWordWrap(true);
    c->addWidget(m_compareTitle);
    m_compare = new QTableWidget(compare);
    m_compare->setObjectName(QStringLiteral("suiteComparison"));
    SuiteTables::setUpCompareTable(m_compare);
    c->addWidget(m_compare);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    return split;
}

void SuiteView::connectWorker() {
    SuiteWorker* worker = m_ctx.suiteWorker();
    // Queued (all of them): the worker emits on its own thread; the tables live on this one.
    connect(worker, &SuiteWorker::questionDone, this,
            [this](int done, int total, const store::SuiteResult& result) {
                if (!m_busy) return;
                m_progress->setMaximum(total);
                m_progress->setValue(done);
                SuiteTables::appendResult(m_results, result);
            },
            Qt::QueuedConnection);
    connect(worker, &SuiteWorker::runFinished, this,
            [this](const store::SuiteRun& run, bool cancelled) {
                setBusy(false, cancelled ? tr("Cancelled after %n question(s); the partial run is not stored.", "",
                                              static_cast<int>(run.results.size()))
                                         : tr("Run stored: %1.").arg(SuiteTables::hitRateText(run)));
                if (!cancelled) reloadRuns();
                Q_EMIT runFinished(run.id, cancelled);
            },
            Qt::QueuedConnection);
    connect(worker, &SuiteWorker::selfPlayProgress, this,
            [this](int done, int total) {
                m_progress->setMaximum(total);
                m_progress->setValue(done);
            },
            Qt::QueuedConnection);
    connect(worker, &SuiteWorker::selfPlayFinished, this,
            [this](qint64 chatId, int lines, bool cancelled) {
                setBusy(false, cancelled ? tr("Self-play stopped; its %n line(s) are stored as a chat.", "", lines)
                                         : tr("Self-play stored as a chat of %n line(s) (see the Chat tab).", "", lines));
                m_ctx.notifyPersonaChanged(m_personaId);  // its chat list and counts
                m_ctx.notifyPersonaListChanged();
                Q_EMIT selfPlayFinished(chatId);
            },
            Qt::QueuedConnection);
    connect(worker, &SuiteWorker::failed, this,
            [this](const QString& message) {
                setBusy(false, tr("Failed: %1").arg(message));
                Q_EMIT failed(message);
            },
            Qt::QueuedConnection);
}

void SuiteView::setPersona(qint64 personaId) {
    if (personaId == m_personaId) return;
    m_personaId = personaId;
    reload();
}

void SuiteView::reload() {
    QString name;
    if (m_personaId)
        m_ctx.guarded([&] { name = QString::fromStdString(store::PersonaRepo(m_ctx.db()).get(m_personaId).name); });
    m_title->setText(m_personaId ? tr("Tests of %1").arg(name) : tr("Select a persona to see its tests."));
    reloadFacts();
    reloadQuestions();
    reloadRuns();
    setBusy(m_busy, m_status->text());
}

void SuiteView::reloadFacts() {
    const QList<qint64> checked = checkedFacts();
    m_facts->clear();
    if (!m_personaId) return;
    m_ctx.guarded([&] {
        for (const auto& f : store::PersonaRepo(m_ctx.db()).currentRevision(m_personaId).facts) {
            QString text = QString::fromStdString(f.text);
            if (!f.enabled) text = tr("%1 (disabled)").arg(text);
            auto* item = new QListWidgetItem(text, m_facts);
            item->setToolTip(text);
            item->setData(Qt::UserRole, QVariant::fromValue<qint64>(f.id));
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setCheckState(checked.contains(f.id) ? Qt::Checked : Qt::Unchecked);
        }
    });
}

void SuiteView::reloadQuestions() {
    const int row = m_questionList->currentRow();
    m_questions.clear();
    m_questionList->clear();
    if (m_personaId) m_ctx.guarded([&] { m_questions = store::SuiteRepo(m_ctx.db()).questions(m_personaId); });
    for (const auto& q : m_questions) {
        QString text = QString::fromStdString(q.text);
        text += QStringLiteral("  ·  ") + tr("expects %n fact(s)", "", static_cast<int>(q.expected.size()));
        auto* item = new QListWidgetItem(text, m_questionList);
        QStringList expected;
        for (const auto& f : q.expected) expected << QString::fromStdString(f.text);
        item->setToolTip(expected.isEmpty() ? text : text + QLatin1Char('\n') + expected.join(QLatin1Char('\n')));
    }
    if (row >= 0 && row < m_questionList->count()) m_questionList->setCurrentRow(row);
}

void SuiteView::reloadRuns() {
    m_runs.clear();
    if (m_personaId) m_ctx.guarded([&] { m_runs = store::SuiteRepo(m_ctx.db()).runs(m_personaId); });
    {
        const QSignalBlocker block(m_runList);
        m_runList->clear();
        for (const auto& r : m_runs) {
            const QString when = QDateTime::fromMSecsSinceEpoch(r.createdAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
            auto* item = new QListWidgetItem(tr("Run %1 · revision %2 · %3 · %4")
                                                 .arg(r.id)
                                                 .arg(r.revisionNumber)
                                                 .arg(SuiteTables::hitRateText(r), when),
                                             m_runList);
            item->setData(Qt::UserRole, QVariant::fromValue<qint64>(r.id));
            item->setToolTip(tr("generator: %1\nretriever: %2")
                                 .arg(QString::fromStdString(r.generator), QString::fromStdString(r.retriever)));
        }
    }
    // The newest run, compared with the one before it: what the last change did.
    if (m_runs.empty()) return showRuns(0, 0);
    showRuns(m_runs.size() > 1 ? m_runs[1].id : 0, m_runs[0].id);
}

void SuiteView::showRuns(qint64 before, qint64 after) {
    {
        const QSignalBlocker block(m_runList);
        for (int i = 0; i < m_runList->count(); ++i) {
            const qint64 id = m_runList->item(i)->data(Qt::UserRole).toLongLong();
            m_runList->item(i)->setSelected(id == after || (before && id == before));
        }
    }
    m_comparison.reset();
    m_results->setRowCount(0);
    m_compare->setRowCount(0);
    m_compare->parentWidget()->setVisible(before != 0);
    if (!after) {
        m_resultsTitle->setText(m_personaId ? tr("No stored runs yet: add questions, then Run suite.") : QString());
        return;
    }
    m_ctx.guarded([&] {
        store::SuiteRepo suites(m_ctx.db());
        const auto b = suites.run(after);
        m_resultsTitle->setText(tr("Run %1 (revision %2): %3").arg(b.id).arg(b.revisionNumber).arg(SuiteTables::hitRateText(b)));
        SuiteTables::fillRun(m_results, b.results);
        if (!before) return;
        const auto a = suites.run(before);
        m_comparison = compareSuiteRuns(a, b);
        m_compareTitle->setText(tr("Run %1 (revision %2) → run %3 (revision %4): %n regression(s)", "",
                                   m_comparison->regressions)
                                    .arg(a.id)
                                    .arg(a.revisionNumber)
                                    .arg(b.id)
                                    .arg(b.revisionNumber) +
                                QStringLiteral(", ") + tr("%n improvement(s)", "", m_comparison->improvements));
        SuiteTables::fillComparison(m_compare, *m_comparison);
    });
}

void SuiteView::onRunsSelected() {
    std::vector<qint64> ids;
    for (const auto* item : m_runList->selectedItems()) ids.push_back(item->data(Qt::UserRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    if (ids.empty()) return;
    // The newest selected one, and the one before it among the selected (if any).
    showRuns(ids.size() > 1 ? ids[ids.size() - 2] : 0, ids.back());
}

void SuiteView::onQuestionSelected() {
    const int row = m_questionList->currentRow();
    if (row < 0 || row >= static_cast<int>(m_questions.size())) return;
    const auto& q = m_questions[static_cast<size_t>(row)];
    m_questionEdit->setText(QString::fromStdString(q.text));
    reloadFacts();
    for (int i = 0; i < m_facts->count(); ++i) {
        auto* item = m_facts->item(i);
        const qint64 id = item->data(Qt::UserRole).toLongLong();
        const bool expected = std::any_of(q.expected.begin(), q.expected.end(), [&](const auto& f) { return f.factId == id; });
        item->setCheckState(expected ? Qt::Checked : Qt::Unchecked);
    }
    // Expected facts no longer in the current revision stay listed, so saving keeps them.
    for (const auto& f : q.expected) {
        bool listed = false;
        for (int i = 0; i < m_facts->count(); ++i) listed |= m_facts->item(i)->data(Qt::UserRole).toLongLong() == f.factId;
        if (listed) continue;
        auto* item = new QListWidgetItem(tr("%1 (not in the current revision)").arg(QString::fromStdString(f.text)), m_facts);
        item->setData(Qt::UserRole, QVariant::fromValue<qint64>(f.factId));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
}

QList<qint64> SuiteView::checkedFacts() const {
    QList<qint64> ids;
    for (int i = 0; i < m_facts->count(); ++i)
        if (m_facts->item(i)->checkState() == Qt::Checked) ids << m_facts->item(i)->data(Qt::UserRole).toLongLong();
    return ids;
}

bool SuiteView::addQuestion(const QString& text, const QList<qint64>& expectedFactIds) {
    if (!m_personaId) return false;
    if (text.trimmed().isEmpty()) {
        setStatus(tr("Type a question first."));
        return false;
    }
    const std::vector<store::Id> ids(expectedFactIds.begin(), expectedFactIds.end());
    const bool ok = m_ctx.guarded(
        [&] { store::SuiteRepo(m_ctx.db()).addQuestion(m_personaId, text.trimmed().toStdString(), ids); });
    if (!ok) return false;
    m_questionEdit->clear();
    reloadQuestions();
    reloadFacts();
    for (int i = 0; i < m_facts->count(); ++i) m_facts->item(i)->setCheckState(Qt::Unchecked);
    setStatus(tr("Question added."));
    return true;
}

void SuiteView::saveQuestion() {
    const int row = m_questionList->currentRow();
    if (row < 0 || row >= static_cast<int>(m_questions.size())) return setStatus(tr("Select a question to save."));
    const QList<qint64> checked = checkedFacts();
    const std::vector<store::Id> ids(checked.begin(), checked.end());
    const auto id = m_questions[static_cast<size_t>(row)].id;
    if (m_ctx.guarded([&] { store::SuiteRepo(m_ctx.db()).updateQuestion(id, m_questionEdit->text().trimmed().toStdString(), ids); }))
        setStatus(tr("Question saved."));
    reloadQuestions();
}

void SuiteView::removeQuestion() {
    const int row = m_questionList->currentRow();
    if (row < 0 || row >= static_cast<int>(m_questions.size())) return setStatus(tr("Select a question to remove."));
    const auto id = m_questions[static_cast<size_t>(row)].id;
    m_ctx.guarded([&] { store::SuiteRepo(m_ctx.db()).removeQuestion(id); });
    m_questionEdit->clear();
    reloadQuestions();
}

void SuiteView::removeRun() {
    const auto selected = m_runList->selectedItems();
    for (const auto* item : selected) {
        const qint64 id = item->data(Qt::UserRole).toLongLong();
        m_ctx.guarded([&] { store::SuiteRepo(m_ctx.db()).removeRun(id); });
    }
    reloadRuns();
}

bool SuiteView::runSuite() {
    if (m_busy || !m_personaId) return false;
    if (!m_ctx.models()) {
        setStatus(tr("The models are still loading."));
        return false;
    }
    if (m_questions.empty()) {
        setStatus(tr("Add a test question first."));
        return false;
    }
    setBusy(true, tr("Running %n question(s)…", "", static_cast<int>(m_questions.size())));
    m_progress->setMaximum(static_cast<int>(m_questions.size()));
    m_progress->setValue(0);
    m_results->setRowCount(0);
    m_resultsTitle->setText(tr("Running with the current revision…"));
    m_compare->parentWidget()->setVisible(false);
    m_ctx.suiteWorker()->clearCancel();
    QMetaObject::invokeMethod(m_ctx.suiteWorker(), "runSuite", Qt::QueuedConnection, Q_ARG(qint64, m_personaId),
                              Q_ARG(std::shared_ptr<persona::AgentModels>, m_ctx.models()),
                              Q_ARG(persona::AgentSettings, m_ctx.settings().agent));
    return true;
}

void SuiteView::cancel() {
    if (m_busy) m_ctx.suiteWorker()->cancel();
}

bool SuiteView::startSelfPlay(qint64 partnerId, int turns, const QString& opening) {
    if (m_busy || !m_personaId || !partnerId) return false;
    if (!m_ctx.models()) {
        setStatus(tr("The models are still loading."));
        return false;
    }
    QString a, b;
    if (!m_ctx.guarded([&] {
            store::PersonaRepo personas(m_ctx.db());
            a = QString::fromStdString(personas.get(m_personaId).name);
            b = QString::fromStdString(personas.get(partnerId).name);
        }))
        return false;
    setBusy(true, tr("Self-play: %1 and %2, %n exchange(s)…", "", turns).arg(a, b));
    m_progress->setMaximum(2 * turns);
    m_progress->setValue(0);
    m_ctx.suiteWorker()->clearCancel();
    QMetaObject::invokeMethod(m_ctx.suiteWorker(), "selfPlay", Qt::QueuedConnection, Q_ARG(qint64, m_personaId),
                              Q_ARG(qint64, partnerId), Q_ARG(int, turns), Q_ARG(QString, opening),
                              Q_ARG(QString, tr("Self-play: %1 × %2").arg(a, b)),
                              Q_ARG(std::shared_ptr<persona::AgentModels>, m_ctx.models()),
                              Q_ARG(persona::AgentSettings, m_ctx.settings().agent));
    return true;
}

void SuiteView::selfPlayDialog() {
    if (!m_personaId) return;
    QList<QPair<qint64, QString>> partners;
    QString name;
    m_ctx.guarded([&] {
        for (const auto& p : store::PersonaRepo(m_ctx.db()).list()) {
            if (p.id == m_personaId) name = QString::fromStdString(p.name);
            else partners.append({p.id, QString::fromStdString(p.name)});
        }
    });
    SelfPlayDialog dialog(name, partners, this);
    if (dialog.exec() == QDialog::Accepted) startSelfPlay(dialog.partnerId(), dialog.turns(), dialog.opening());
}

void SuiteView::setBusy(bool busy, const QString& status) {
    m_busy = busy;
    m_runButton->setEnabled(!busy && m_personaId != 0);
    m_selfPlayButton->setEnabled(!busy && m_personaId != 0);
    m_cancelButton->setEnabled(busy);
    m_addButton->setEnabled(m_personaId != 0);
    m_progress->setVisible(busy || m_progress->value() > 0);
    setStatus(status);
}

void SuiteView::setStatus(const QString& text) { m_status->setText(text); }

}  // namespace persona::ui
