// The test-suite worker: suite runs and self-play off the GUI thread (docs/STYLE.md, "Threads and the
// GUI"). A QObject moved to its own QThread ("suite-worker") by AppContext, so a long suite run
// never holds up a chat reply; it opens its own database connection on first use. Requests arrive
// as queued slot calls carrying the models to use; results leave as queued signals with plain values.
#pragma once

#include "persona/agent/agent.h"
#include "persona/store/suite_repo.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace persona::store {
class Database;
}

namespace persona::ui {

class SuiteWorker : public QObject {
    Q_OBJECT
public:
    explicit SuiteWorker(QString databasePath);
    ~SuiteWorker() override;

    // Thread-safe, called directly from the GUI thread: the run or self-play in progress stops at
    // the next token (a cancelled run is not stored; self-play keeps the lines made so far).
    void cancel() { m_cancel = true; }
    // Called on the GUI thread just before a request is queued.
    void clearCancel() { m_cancel = false; }

public Q_SLOTS:
    // Runs the persona's suite with its current revision. Emits questionDone() per question, then
    // runFinished() (or failed()).
    void runSuite(qint64 personaId, std::shared_ptr<persona::AgentModels> models, const persona::AgentSettings& settings);
    // Persona A and B talk `turns` exchanges; the chat is stored as A's. Emits selfPlayProgress()
    // per line, then selfPlayFinished() (or failed()).
    void selfPlay(qint64 personaA, qint64 personaB, int turns, const QString& opening, const QString& title,
                  std::shared_ptr<persona::AgentModels> models, const persona::AgentSettings& settings);

Q_SIGNALS:
    void questionDone(int done, int total, const persona::store::SuiteResult& result);
    // run.id is 0 when cancelled (then run holds the questions answered before the stop).
    void runFinished(const persona::store::SuiteRun& run, bool cancelled);
    void selfPlayProgress(int done, int total);
    void selfPlayFinished(qint64 chatId, int lines, bool cancelled);
    void failed(const QString& message);

private:
    store::Database& db();

    QString m_databasePath;
    std::unique_ptr<store::Database> m_db;
    std::atomic_bool m_cancel{false};
};

}  // namespace persona::ui

Q_DECLARE_METATYPE(persona::store::SuiteResult)
Q_DECLARE_METATYPE(persona::store::SuiteRun)
