// TrainingView, the run: the request from the form, start, cancel, resume, opening a run
// folder again, and what the training thread reports.
#include "views/training_view.h"

#include "app_context.h"
#include "persona/model/model_folder.h"
#include "plots/loss_plot.h"
#include "plots/plot_export.h"
#include "workers/training_runner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace persona::ui {

namespace {

using Kind = TrainingRequest::Kind;

QString duration(double seconds) {
    const int s = static_cast<int>(std::lround(std::max(0.0, seconds)));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

TrainingRequest TrainingView::request() const {
    TrainingRequest r;
    r.kind = m_kind->currentIndex() == 0 ? Kind::Generator : Kind::Retriever;
    r.outDir = m_outDir->text().trimmed();
    r.databasePath = m_ctx.databasePath();
    r.labelledChats = m_labelled->isChecked();
    r.personaId = m_personaOnly->isChecked() ? m_personaId : 0;
    for (int i = 0; i < m_seeds->count(); ++i) r.seedFiles << m_seeds->item(i)->text();
    r.initDir = currentModelDir();
    r.fromScratch = m_init->currentIndex() == 1;
    r.epochs = m_epochs->value();
    r.batchSize = m_batch->value();
    r.learningRate = m_lr->value();
    r.maxSteps = m_maxSteps->value();
    r.contextLength = r.fromScratch ? 128 : 256;
    return r;
}

bool TrainingView::startTraining() {
    if (running()) return false;
    // A folder that holds a run is continued with Resume, never overwritten by Start.
    if (QFileInfo::exists(QDir(m_outDir->text()).filePath(QStringLiteral("train_log.jsonl")))) {
        if (m_outDir->text() != m_autoOutDir) {
            setStatus(tr("The output folder already holds a training run: open it and Resume, or choose another folder."));
            return false;
        }
        m_autoOutDir = freshOutputDir();
        m_outDir->setText(m_autoOutDir);
    }
    TrainingRequest r = request();
    if (r.outDir.isEmpty()) {
        setStatus(tr("Choose an output folder."));
        return false;
    }
    if (!r.labelledChats && r.seedFiles.isEmpty()) {
        setStatus(tr("No training data: tick the labelled chats or add seed JSONL files."));
        return false;
    }
    if (r.initDir.isEmpty()) {
        setStatus(tr("No current model to start from: choose one in Models and settings."));
        return false;
    }
    resetPlot(r.kind);
    return launch(r);
}

bool TrainingView::launch(TrainingRequest request) {
    m_lastRequest = request;
    m_runDir = request.outDir;
    m_outcome.reset();
    m_resumable = false;
    m_finished = false;
    m_metrics->setRowCount(0);
    fitMetrics();
    if (!m_runner->start(request)) return false;
    setStatus(request.resume ? tr("Resuming…") : tr("Preparing the data…"));
    updateButtons();
    return true;
}

void TrainingView::cancelTraining() {
    if (!running()) return;
    m_runner->cancel();
    setStatus(tr("Cancelling: saving a checkpoint…"));
}

bool TrainingView::resumeTraining() {
    if (running() || !m_resumable || !m_lastRequest) return false;
    TrainingRequest r = *m_lastRequest;
    r.outDir = m_runDir;
    r.databasePath = m_ctx.databasePath();
    r.resume = true;
    // The curve continues from the log: what the cancelled run wrote, then the new steps.
    resetPlot(r.kind);
    m_plot->loadLog(QDir(m_runDir).filePath(QStringLiteral("train_log.jsonl")));
    return launch(r);
}

bool TrainingView::openRun(const QString& dir) {
    if (running()) return false;
    QFile file(QDir(dir).filePath(QStringLiteral("training_request.json")));
    const QString log = QDir(dir).filePath(QStringLiteral("train_log.jsonl"));
    if (!file.open(QIODevice::ReadOnly) || !QFileInfo::exists(log)) {
        setStatus(tr("%1 is not a training run of this app (no training_request.json or train_log.jsonl).").arg(dir));
        return false;
    }
    QJsonParseError error;
    const QJsonDocument request = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !request.isObject()) {
        setStatus(tr("%1 is not a training run of this app: training_request.json is not a JSON object (%2 at byte %3).")
                      .arg(QDir::toNativeSeparators(dir),
                           error.error != QJsonParseError::NoError ? error.errorString() : tr("another JSON value"))
                      .arg(error.offset));
        return false;
    }
    m_lastRequest = TrainingRequest::fromJson(request.object());
    m_runDir = dir;
    m_outcome.reset();
    m_metrics->setRowCount(0);
    fitMetrics();
    resetPlot(m_lastRequest->kind);
    const int steps = m_plot->loadLog(log);
    const double last = m_plot->lastStep();
    // A run that stopped before its last step can be resumed; a finished one can be used.
    const bool checkpoint = QFileInfo::exists(QDir(dir).filePath(QStringLiteral("trainer_state.json")));
    m_resumable = checkpoint && last < m_plot->totalSteps();
    m_finished = checkpoint && !m_resumable && steps > 0;
    setStatus(tr("Opened %1: %n step(s) in the log.", nullptr, steps).arg(QDir::toNativeSeparators(dir)));
    updateButtons();
    return true;
}

void TrainingView::onProgress(const TrainProgress& p) {
    if (p.phase == "eval") {
        // The generator is evaluated by its validation loss, the retriever by its MRR (as in the log).
        const bool retriever = m_lastRequest && m_lastRequest->kind == TrainingRequest::Kind::Retriever;
        const double figure = retriever ? p.validationMrr : p.validationLoss;
        m_plot->addEvalPoint(double(p.step), figure);
        setStatus(tr("Epoch %1 of %2 evaluated: %3").arg(p.epoch).arg(p.epochs).arg(figure, 0, 'f', 4));
    } else {
        m_plot->addTrainPoint(double(p.step), p.loss);
        m_plot->setTotalSteps(double(p.totalSteps));
        m_progress->setRange(0, static_cast<int>(p.totalSteps));
        m_progress->setValue(static_cast<int>(p.step));
        setStatus(tr("Step %1 of %2 · epoch %3 of %4 · loss %5 · elapsed %6 · ETA %7")
                      .arg(p.step)
                      .arg(p.totalSteps)
                      .arg(p.epoch)
                      .arg(p.epochs)
                      .arg(p.loss, 0, 'f', 4)
                      .arg(duration(p.elapsedSeconds), duration(p.etaSeconds)));
    }
    Q_EMIT stepReported(p);
}

void TrainingView::onFinished(const TrainingOutcome& outcome) {
    m_outcome = outcome;
    m_resumable = outcome.stopped;
    m_finished = !outcome.stopped;
    const QString dir = QDir::toNativeSeparators(outcome.outDir);
    if (outcome.stopped) {
        setStatus(tr("Cancelled after step %1; the checkpoint is saved in %2. Resume continues from it.").arg(outcome.steps).arg(dir));
    } else {
        m_progress->setValue(m_progress->maximum());
        showMetrics(outcome);
        setStatus(tr("Finished: %n step(s) in %1. The model is in %2.", nullptr, static_cast<int>(outcome.steps))
                      .arg(duration(outcome.seconds), dir));
    }
    updateButtons();
    Q_EMIT trainingFinished(outcome);
}

void TrainingView::onFailed(const QString& message) {
    setStatus(tr("Training failed: %1").arg(message));
    // What was saved before the failure (if anything) can still be resumed.
    m_resumable = QFileInfo::exists(QDir(m_runDir).filePath(QStringLiteral("trainer_state.json")));
    updateButtons();
    Q_EMIT trainingFailed(message);
}


}  // namespace persona::ui
