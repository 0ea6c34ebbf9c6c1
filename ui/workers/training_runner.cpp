#include "workers/training_runner.h"

#include "workers/thread_join.h"

#include <QMetaObject>
#include <QThread>

namespace persona::ui {

TrainingRunner::TrainingRunner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<TrainingRequest>();
    qRegisterMetaType<TrainingOutcome>();
    qRegisterMetaType<TrainProgress>();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("training"));
    announceEnd(m_thread);
    m_worker = new TrainingWorker;
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Queued: the worker emits on the training thread; the view updates on the GUI thread.
    connect(m_worker, &TrainingWorker::progress, this, &TrainingRunner::progress, Qt::QueuedConnection);
    connect(m_worker, &TrainingWorker::finished, this,
            [this](const TrainingOutcome& outcome) {
                m_running = false;
                Q_EMIT finished(outcome);
            },
            Qt::QueuedConnection);
    connect(m_worker, &TrainingWorker::failed, this,
            [this](const QString& message) {
                m_running = false;
                Q_EMIT failed(message);
            },
            Qt::QueuedConnection);
    m_thread->start();
}

TrainingRunner::~TrainingRunner() {
    m_worker->cancel();
    joinThread(m_thread);
}

bool TrainingRunner::start(const TrainingRequest& request) {
    if (m_running) return false;
    m_running = true;
    m_worker->clearCancel();  // before queueing, so a Cancel pressed at once still counts
    // Queued: run() executes on the training thread.
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->run(request); }, Qt::QueuedConnection);
    return true;
}

void TrainingRunner::cancel() { m_worker->cancel(); }

}  // namespace persona::ui
