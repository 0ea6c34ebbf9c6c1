#include "views/suite_view.h"

#include "app_context.h"
#include "views/self_play_dialog.h"
#include "views/suite_tables.h"

#include "persona/store/persona_repo.h"
#include "workers/worker_thread.h"

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
