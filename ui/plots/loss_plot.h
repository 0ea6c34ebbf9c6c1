// The training view's live curve: the train loss per optimizer step on the left axis, the
// validation figure per epoch (generator: loss; retriever: MRR) on the right one. Points arrive as
// the worker reports them; the plot redraws at most every kRedrawMs. A value-in widget: it knows
// nothing of workers; loadLog() reads a run's train_log.jsonl (to continue a resumed run's curve).
#pragma once

#include <QString>
#include <QWidget>

class QCPGraph;
class QCustomPlot;
class QTimer;

namespace persona::ui {

class LossPlot : public QWidget {
    Q_OBJECT
public:
    explicit LossPlot(QWidget* parent = nullptr);

    // Empties both curves; `evalLabel` names the validation figure of the right axis. With
    // `sameScale` (a validation loss) both axes show one range, so the curves compare by eye.
    void clear(const QString& evalLabel, bool sameScale);
    void addTrainPoint(double step, double loss);
    void addEvalPoint(double step, double value);
    void setTotalSteps(double steps);
    double totalSteps() const { return m_totalSteps; }
    double lastStep() const;  // the last train point's step (0: none)
    // Replaces the curves with the rows of a train_log.jsonl ("step" rows: loss; "eval" rows:
    // validation_loss, else mrr). Returns the number of step rows, or -1 when the file cannot be read.
    int loadLog(const QString& file);

    QCustomPlot* plot() const { return m_plot; }
    QCPGraph* trainGraph() const { return m_train; }
    QCPGraph* evalGraph() const { return m_eval; }

    static constexpr int kRedrawMs = 50;

private:
    void scheduleRedraw();
    void redraw();

    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_train = nullptr;
    QCPGraph* m_eval = nullptr;
    QTimer* m_redraw = nullptr;
    double m_totalSteps = 0;
    bool m_sameScale = true;
};

}  // namespace persona::ui
