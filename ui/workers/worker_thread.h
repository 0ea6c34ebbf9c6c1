// A worker QObject on a thread of its own, and typed calls to it (docs/STYLE.md, "Threads and the
// GUI": a worker moved to a QThread owned by a controller; requests cross queued).
//
// queueCall(worker, &Worker::slot, args...) is QMetaObject::invokeMethod(worker, "slot", ...)
// checked by the compiler: a renamed slot or a wrong argument type fails the build instead of
// printing "No such method" at run time. WorkerThread<W> is the set-up every worker thread needs
// (the thread with its owner as parent and a name, the worker moved to it and deleted on it when
// the thread ends, the TSan-visible join of thread_join.h), written once.
#pragma once

#include "workers/thread_join.h"

#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace persona::ui {

// Queues worker->*slot(args...) on the worker's thread (Qt::QueuedConnection: it runs there, after
// whatever was queued before it). The arguments are copied now, on the calling thread.
template <class Worker, class Slot, class... Args>
void queueCall(Worker* worker, Slot slot, Args&&... args) {
    static_assert(std::is_member_function_pointer_v<Slot>, "queueCall takes a pointer to a member function");
    static_assert(std::is_invocable_v<Slot, Worker*, std::decay_t<Args>&...>,
                  "the slot cannot be called with these arguments");
    QMetaObject::invokeMethod(
        worker,
        [worker, slot, values = std::make_tuple(std::decay_t<Args>(std::forward<Args>(args))...)]() mutable {
            std::apply([&](auto&... v) { std::invoke(slot, worker, v...); }, values);
        },
        Qt::QueuedConnection);
}

template <class Worker>
class WorkerThread {
public:
    // Makes the thread (a child of `owner`, named `name`) and the worker (from `args`) on it;
    // start() after connecting the worker's signals.
    template <class... Args>
    WorkerThread(QObject* owner, const QString& name, Args&&... args) {
        m_thread = new QThread(owner);
        m_thread->setObjectName(name);
        announceEnd(m_thread);
        m_worker = new Worker(std::forward<Args>(args)...);
        m_worker->moveToThread(m_thread);
        QObject::connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    }
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    void start() { m_thread->start(); }
    Worker* worker() const { return m_worker; }
    QThread* thread() const { return m_thread; }

    // worker->*slot(args...) on the worker's thread (queueCall).
    template <class Slot, class... Args>
    void call(Slot slot, Args&&... args) const {
        queueCall(m_worker, slot, std::forward<Args>(args)...);
    }
    // Quits the thread's event loop (if `quit`) and waits for it; the worker is deleted on it.
    void join(bool quit = true) { joinThread(m_thread, quit); }
    // Quits from the worker's own queue, behind what was queued before (nothing pending is
    // dropped); join(false) then waits.
    void quitAfterQueued() {
        QMetaObject::invokeMethod(m_worker, [thread = m_thread] { thread->quit(); }, Qt::QueuedConnection);
    }

private:
    QThread* m_thread = nullptr;
    Worker* m_worker = nullptr;
};

}  // namespace persona::ui
