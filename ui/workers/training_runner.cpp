#include "workers/training_runner.h"

namespace persona::ui {

TrainingRunner::TrainingRunner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<TrainingRequest>();
    qRegisterMetaType<TrainingOutcome>();
    qRegisterMetaType<TrainProgress>();
    m_thread = std::make_unique<WorkerThread<TrainingWorker>>(this, QStringLiteral("training"));
    TrainingWorker* worker = m_thread->worker();
    // Queued: the worker emits on the training thread; the view updates on the GUI thread.
    connect(worker, &TrainingWorker::progress, this, &TrainingRunner::progress, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::finished, this,
            [this](const TrainingOutcome& outcome) {
                m_running = false;
                Q_EMIT finished(outcome);
            },
            Qt::QueuedConnection);
    connect(worker, &TrainingWorker::failed, this,
            [this](const QString& message) {
                m_running = false;
                Q_EMIT failed(message);
            },
            Qt::QueuedConnection);
    m_thread->start();
}

TrainingRunner::~TrainingRunner() {
    m_thread->worker()->cancel();
    m_thread->join();
}

bool TrainingRunner::start(const TrainingRequest& request) {
    if (m_running) return false;
    m_running = true;
    m_thread->worker()->clearCancel();  // before queueing, so a Cancel pressed at once still counts
    m_thread->call(&TrainingWorker::run, request);  // queued: run() executes on the training thread
    return true;
}

void TrainingRunner::cancel() { m_thread->worker()->cancel(); }

}  // namespace persona::ui
