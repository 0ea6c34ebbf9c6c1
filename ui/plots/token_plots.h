// The token inspector's plots: the chosen token's probability and the entropy per step, and the
// facts × turns heatmap of a chat's retrieval (which fact was picked when, and how strongly).
// Value-in widgets.
#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

class QCustomPlot;

namespace persona::ui {

class TokenProbabilityPlot : public QWidget {
    Q_OBJECT
public:
    explicit TokenProbabilityPlot(QWidget* parent = nullptr);
    void setSteps(const QVector<double>& chosenProb, const QVector<double>& entropy);
    void markStep(int step);  // the clicked token
    QCustomPlot* plot() const { return m_plot; }

Q_SIGNALS:
    void stepClicked(int step);

private:
    QCustomPlot* m_plot = nullptr;
};

struct HeatmapCell {
    double strength = 0;  // the fact's score in that turn, scaled to [0, 1] within the turn
    bool selected = false;
};

class FactHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit FactHeatmap(QWidget* parent = nullptr);
    // cells[fact][turn]
    void setData(const QStringList& facts, const QStringList& turns, const QVector<QVector<HeatmapCell>>& cells);
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot = nullptr;
};

}  // namespace persona::ui
