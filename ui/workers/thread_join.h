// Starting and joining the window's worker threads so that ThreadSanitizer sees the join.
// QThread::wait() waits on Qt 6's futex-based primitives, which TSan (with Debian's uninstrumented
// Qt) cannot see: everything a finished worker thread wrote would look unordered with what the GUI
// thread does after wait() (freeing the worker's objects, scripts/tsan.sh). announceEnd() makes the
// thread's last act a release on the QThread's address, joinThread() an acquire after wait(); both
// are no-ops outside a TSan build.
#pragma once

#include <QThread>

#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#endif

namespace persona::ui {

// Call once after creating the thread (before start()).
inline void announceEnd(QThread* thread) {
#if defined(__SANITIZE_THREAD__)
    QObject::connect(thread, &QThread::finished, thread, [thread] { __tsan_release(thread); }, Qt::DirectConnection);
#else
    (void)thread;
#endif
}

// Quits the thread's event loop (if `quit`) and waits for the thread to end.
inline void joinThread(QThread* thread, bool quit = true) {
    if (quit) thread->quit();
    thread->wait();
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(thread);
#endif
}

}  // namespace persona::ui
