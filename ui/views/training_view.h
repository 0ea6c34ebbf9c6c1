// The Training tab (issue 12): pick the data (the store's labelled chats, seed JSONL files), the
// model (generator or retriever, fine-tuned from the current one or a tiny one from scratch) and
// the settings; train on a worker thread with a live loss curve, a progress bar with ETA, Cancel
// (a resumable checkpoint) and Resume; at the end the new model's validation figures beside the
// current model's, and "Use this model", which points the app's settings at the new folder and
// reloads the models.
//
// Split by job: training_view.cpp (the form and its layout), training_view_run.cpp (starting,
// cancelling, resuming and opening runs; progress), training_view_results.cpp (the figures, the
// plot, using the new model).
#pragma once

#include "workers/training_worker.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace persona::ui {

class AppContext;
class LossPlot;
class TrainingRunner;

class TrainingView : public QWidget {
    Q_OBJECT
public:
    explicit TrainingView(AppContext& ctx, QWidget* parent = nullptr);
    // The persona selected in the personas pane (0: none).
    void setPersona(qint64 personaId);

    // What the buttons do (tests and the scripted run call them too). Each returns false and
    // says why in the status line when it cannot start.
    bool startTraining();
    void cancelTraining();
    bool resumeTraining();
    bool useTrainedModel();
    // Shows a run folder's train_log.jsonl; Resume continues it when it was cancelled.
    bool openRun(const QString& dir);

    void setKind(TrainingRequest::Kind kind);
    void addSeedFiles(const QStringList& files);
    // The request the form describes now (without resume).
    TrainingRequest request() const;
    // The folder the model of the current kind would be fine-tuned from (the app's current model).
    QString currentModelDir() const;

    bool running() const;
    QString runDir() const { return m_runDir; }
    LossPlot* lossPlot() const { return m_plot; }
    QTableWidget* metricsTable() const { return m_metrics; }
    QString statusText() const;
    const std::optional<TrainingOutcome>& lastOutcome() const { return m_outcome; }

Q_SIGNALS:
    void stepReported(const persona::TrainProgress& progress);  // after the curve got it
    void trainingFinished(const persona::ui::TrainingOutcome& outcome);
    void trainingFailed(const QString& message);

private:
    QWidget* buildForm();
    QWidget* buildDataBox();
    QWidget* buildModelBox();
    QWidget* buildSettingsBox();
    QWidget* buildResults();
    void connectRunner();
    bool launch(TrainingRequest request);
    void onProgress(const TrainProgress& p);
    void onFinished(const TrainingOutcome& outcome);
    void onFailed(const QString& message);
    void showMetrics(const TrainingOutcome& outcome);
    void fitMetrics();
    void resetPlot(TrainingRequest::Kind kind);
    void updateButtons();
    void onKindChanged();
    void showCurrentModel();
    QString freshOutputDir() const;
    void setStatus(const QString& text);

    AppContext& m_ctx;
    qint64 m_personaId = 0;
    TrainingRunner* m_runner = nullptr;
    std::optional<TrainingRequest> m_lastRequest;  // of the run in m_runDir
    std::optional<TrainingOutcome> m_outcome;
    QString m_runDir;        // the run shown (in progress, cancelled or finished)
    QString m_autoOutDir;    // the default the output field was last given
    bool m_resumable = false;
    bool m_finished = false;  // the run in m_runDir ended normally: its model can be used

    QComboBox* m_kind = nullptr;
    QComboBox* m_init = nullptr;
    QLabel* m_currentModel = nullptr;
    QCheckBox* m_labelled = nullptr;
    QCheckBox* m_personaOnly = nullptr;
    QListWidget* m_seeds = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_lr = nullptr;
    QSpinBox* m_maxSteps = nullptr;
    QLineEdit* m_outDir = nullptr;
    QWidget* m_formBox = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_resume = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_use = nullptr;
    QPushButton* m_export = nullptr;
    LossPlot* m_plot = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QTableWidget* m_metrics = nullptr;
};

}  // namespace persona::ui
