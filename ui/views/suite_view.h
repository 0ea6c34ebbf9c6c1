// The "Tests" tab: persona test suites (issue 12). The persona's test questions, each with the
// facts it should retrieve (picked from the persona's facts); "Run suite" answers them all on the
// suite worker (progress bar, cancel) and fills the results table as answers arrive; stored runs
// are listed, and two selected runs are compared side by side with regressions marked (colour and
// words). Self-play starts from here too: the conversation lands in the store as a chat.
//
// Split by job: suite_view.cpp (layout, the worker's signals), suite_view_questions.cpp (facts and
// questions), suite_view_runs.cpp (runs, their comparison, running the suite, self-play).
#pragma once

#include "persona/agent/suite_runner.h"
#include "persona/store/suite_repo.h"

#include <QList>
#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace persona::ui {

class AppContext;

class SuiteView : public QWidget {
    Q_OBJECT
public:
    explicit SuiteView(AppContext& ctx, QWidget* parent = nullptr);
    // The persona selected in the personas pane (0: none).
    void setPersona(qint64 personaId);
    qint64 personaId() const { return m_personaId; }

    // What the buttons do, for scripted runs and tests. Each returns false (and says why in the
    // status line) when it cannot start.
    bool addQuestion(const QString& text, const QList<qint64>& expectedFactIds);
    bool runSuite();
    void cancel();
    bool startSelfPlay(qint64 partnerId, int turns, const QString& opening = {});
    // Shows run `after`'s results and, when before != 0, the comparison of the two.
    void showRuns(qint64 before, qint64 after);

    const std::vector<store::SuiteQuestion>& questions() const { return m_questions; }
    const std::vector<store::SuiteRun>& runs() const { return m_runs; }  // newest first
    const std::optional<SuiteComparison>& comparison() const { return m_comparison; }
    QTableWidget* resultsTable() const { return m_results; }
    QTableWidget* comparisonTable() const { return m_compare; }
    bool busy() const { return m_busy; }

Q_SIGNALS:
    void runFinished(qint64 runId, bool cancelled);  // runId 0: cancelled, not stored
    void selfPlayFinished(qint64 chatId);
    void failed(const QString& message);

private:
    QWidget* buildQuestionsPane();
    QWidget* buildResultsPane();
    void connectWorker();
    void reload();
    void reloadFacts();
    void reloadQuestions();
    void reloadRuns();  // shows the newest run compared with the one before it
    void onQuestionSelected();
    void onRunsSelected();
    void saveQuestion();
    void removeQuestion();
    void removeRun();
    void selfPlayDialog();
    QList<qint64> checkedFacts() const;
    void setBusy(bool busy, const QString& status);
    void setStatus(const QString& text);

    AppContext& m_ctx;
    qint64 m_personaId = 0;
    bool m_busy = false;
    std::vector<store::SuiteQuestion> m_questions;
    std::vector<store::SuiteRun> m_runs;
    std::optional<SuiteComparison> m_comparison;

    QLabel* m_title = nullptr;
    QPushButton* m_runButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QPushButton* m_selfPlayButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QListWidget* m_questionList = nullptr;
    QLineEdit* m_questionEdit = nullptr;
    QListWidget* m_facts = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_saveButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QListWidget* m_runList = nullptr;
    QPushButton* m_removeRunButton = nullptr;
    QLabel* m_resultsTitle = nullptr;
    QTableWidget* m_results = nullptr;
    QLabel* m_compareTitle = nullptr;
    QTableWidget* m_compare = nullptr;
};

}  // namespace persona::ui
