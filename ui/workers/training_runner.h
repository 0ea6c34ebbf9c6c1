// Owns the training thread and its TrainingWorker (docs/STYLE.md: a worker moved to a QThread owned
// by a controller). The training view creates one as a child of the AppContext, so the thread
// lives as long as the window's context; closing the window cancels a run (its checkpoint is
// saved) and joins the thread.
#pragma once

#include "workers/training_worker.h"
#include "workers/worker_thread.h"

#include <QObject>

#include <memory>

namespace persona::ui {

class TrainingRunner : public QObject {
    Q_OBJECT
public:
    explicit TrainingRunner(QObject* parent = nullptr);
    ~TrainingRunner() override;  // cancels a run in progress, then quit() and wait()

    // Queues the run; false when one is already running.
    bool start(const TrainingRequest& request);
    void cancel();
    bool running() const { return m_running; }

Q_SIGNALS:
    void progress(const persona::TrainProgress& progress);
    void finished(const persona::ui::TrainingOutcome& outcome);
    void failed(const QString& message);

private:
    std::unique_ptr<WorkerThread<TrainingWorker>> m_thread;
    bool m_running = false;
};

}  // namespace persona::ui
