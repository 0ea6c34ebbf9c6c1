// Scripted runs of the window, for documentation, tests and benchmarks:
//   --persona NAME --say TEXT... --view editor|chat|retrieval|tokens|validation|suite|training --screenshot FILE
//   --view training --train-steps N [--train-seed FILE]: a short run in the Training tab first
//   --bench-ui (launch time, first token, event-loop stalls during a 128-token reply; one JSON line)
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>

#include <vector>

namespace persona::ui {

class MainWindow;
struct TurnOutcome;

struct ScriptOptions {
    QString persona;
    QStringList says;
    QString view;        // empty: leave it
    QString screenshot;  // empty: stay open (unless benchmarking)
    bool benchUi = false;
    int trainSteps = 0;    // > 0 with --view training: train this many steps before the screenshot
    QString trainSeed;     // seed JSONL for that run (else the store's labelled chats)
    qint64 launchToWindowMs = 0;
};

class ScriptedRun : public QObject {
    Q_OBJECT
public:
    ScriptedRun(MainWindow& window, ScriptOptions options);
    void start();  // runs once the models are ready; quits the application when done

Q_SIGNALS:
    void done(int exitCode);

private:
    void onModelsReady();
    void sayNext();
    void onReply(const TurnOutcome& outcome);
    void finish();
    void grabWhenSettled(int triesLeft);
    bool trainFirst();  // starts the scripted training run; false when there is none to do
    void fail(const QString& message);
    void startBench();
    void printBench(const TurnOutcome& outcome);

    MainWindow& m_window;
    ScriptOptions m_options;
    int m_next = 0;
    bool m_started = false;
    bool m_trained = false;
    // Benchmark state.
    QElapsedTimer m_turnClock;
    qint64 m_firstTokenMs = -1;
    QElapsedTimer m_probeClock;
    qint64 m_lastProbeNs = 0;
    std::vector<double> m_gapsMs;
};

}  // namespace persona::ui
