// Training from the window (issue 12): runs persona/train/training.h on its own thread, exports the
// store's labelled chats to seed JSONL first, and evaluates the current model beside the new one on
// the validation split at the end. Requests arrive as queued slot calls; progress and results
// leave as queued signals carrying plain values. Cancel is an atomic flag the trainers check every
// step (they save a resumable checkpoint and return).
#pragma once

#include "persona/retrieve/evaluation.h"
#include "persona/train/training.h"

#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>

namespace persona::ui {

struct TrainingRequest {
    enum class Kind { Generator, Retriever };
    Kind kind = Kind::Generator;
    QString outDir;            // the new model (HuggingFace layout), train_log.jsonl, checkpoints
    QString databasePath;      // labelled chats are read from here (empty: none)
    bool labelledChats = true;
    qint64 personaId = 0;      // labelled chats of this persona only (0: every persona)
    QStringList seedFiles;     // seed-format dialogue JSONL files
    QString initDir;           // the current model: fine-tuned, and the baseline of the comparison
    bool fromScratch = false;  // a tiny configuration over initDir's tokenizer (tests, quick trials)
    int epochs = 3;
    int batchSize = 8;
    double learningRate = 1e-4;
    qint64 maxSteps = 0;       // 0: all epochs
    int contextLength = 256;   // generator
    bool resume = false;

    // Saved in the output folder (training_request.json), so a run can be resumed after a restart.
    QJsonObject toJson() const;
    static TrainingRequest fromJson(const QJsonObject& json);
};

// A model's figures on the validation split of the training data.
struct ModelFigures {
    bool available = false;
    double loss = 0;        // generator: mean reply loss (nats per token)
    double perplexity = 0;  // generator
    int examples = 0;       // generator: replies; retriever: labelled turns
    RankingMetrics ranking; // retriever
};

struct TrainingOutcome {
    TrainingRequest::Kind kind = TrainingRequest::Kind::Generator;
    QString outDir;
    bool stopped = false;  // cancelled: a resumable checkpoint is in outDir
    qint64 steps = 0;      // optimizer steps done in all (a resumed run counts the earlier ones)
    double seconds = 0;    // this call's
    int labelledChats = 0; // chats exported from the store
    ModelFigures current;  // the model the app uses now
    ModelFigures trained;  // the new one (when not stopped)
};

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    TrainingWorker() = default;

    // Thread-safe: asks the run in progress to save a checkpoint and stop. Called directly from
    // the GUI thread, not queued, so it takes effect at the next step.
    void cancel() { m_stop = true; }
    void clearCancel() { m_stop = false; }
    bool busy() const { return m_busy; }

    // The file the store's labelled chats are exported to, in the output folder (a resumed run
    // trains on the same export).
    static QString labelledChatsFile(const QString& outDir);

public Q_SLOTS:
    // Emits progress() per step and per evaluation, then finished() or failed(); never throws.
    void run(const persona::ui::TrainingRequest& request);

Q_SIGNALS:
    void progress(const persona::TrainProgress& progress);
    void finished(const persona::ui::TrainingOutcome& outcome);
    void failed(const QString& message);

private:
    // The request beside the run (kRequestFile), as openRun reads it; throws IoError when it cannot.
    static void writeRequestFile(const TrainingRequest& request);
    // The settings both trainers share, progress reports and the stop flag.
    void prepare(const TrainingRequest& request, TrainCommon& common);
    QStringList dataFiles(const TrainingRequest& request, int* labelledChats);
    TrainingOutcome trainGenerator(const TrainingRequest& request, const QStringList& files);
    TrainingOutcome trainRetriever(const TrainingRequest& request, const QStringList& files);

    std::atomic_bool m_stop{false};
    std::atomic_bool m_busy{false};
};

}  // namespace persona::ui

Q_DECLARE_METATYPE(persona::ui::TrainingRequest)
Q_DECLARE_METATYPE(persona::ui::TrainingOutcome)
Q_DECLARE_METATYPE(persona::TrainProgress)
