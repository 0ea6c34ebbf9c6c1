#include "plots/token_plots.h"

#include "plots/plot_export.h"
#include "plots/qcp.h"

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace persona::ui {

namespace {

QCustomPlot* embed(QWidget* owner, const char* name) {
    auto* plot = new QCustomPlot(owner);
    plot->setObjectName(QString::fromLatin1(name));
    auto* layout = new QVBoxLayout(owner);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot);
    return plot;
}

}  // namespace

TokenProbabilityPlot::TokenProbabilityPlot(QWidget* parent) : QWidget(parent) {
    m_plot = embed(this, "tokenProbabilityPlot");
    setMinimumHeight(170);
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        const int step = static_cast<int>(std::lround(m_plot->xAxis->pixelToCoord(e->position().x())));
        if (step >= 0 && m_plot->graphCount() && step < m_plot->graph(0)->dataCount()) Q_EMIT stepClicked(step);
    });
}

void TokenProbabilityPlot::setSteps(const QVector<double>& chosenProb, const QVector<double>& entropy) {
    m_plot->clearGraphs();
    m_plot->clearItems();
    QVector<double> steps(chosenProb.size());
    std::iota(steps.begin(), steps.end(), 0.0);
    m_plot->yAxis2->setVisible(true);
    auto* prob = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    prob->setName(tr("probability of the chosen token"));
    prob->setPen(QPen(QColor(31, 111, 235), 2));
    prob->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    prob->setData(steps, chosenProb);
    auto* ent = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    ent->setName(tr("entropy, nats (top alternatives + rest)"));
    ent->setPen(QPen(QColor(207, 120, 34), 1.5, Qt::DashLine));
    ent->setData(steps, entropy);
    m_plot->xAxis->setLabel(tr("step"));
    m_plot->yAxis->setLabel(tr("probability"));
    m_plot->yAxis2->setLabel(tr("entropy"));
    m_plot->xAxis->setRange(-0.5, std::max<double>(steps.size(), 1) - 0.5);
    m_plot->yAxis->setRange(0, 1.02);
    const double maxEnt = entropy.isEmpty() ? 1.0 : *std::max_element(entropy.begin(), entropy.end());
    m_plot->yAxis2->setRange(0, std::max(0.5, maxEnt * 1.1));
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(QBrush(palette().color(QPalette::Base)));
    m_plot->legend->setTextColor(palette().color(QPalette::Text));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    stylePlot(m_plot, palette());
    m_plot->replot();
}

void TokenProbabilityPlot::markStep(int step) {
    m_plot->clearItems();
    auto* line = new QCPItemStraightLine(m_plot);
    line->point1->setCoords(step, 0);
    line->point2->setCoords(step, 1);
    line->setPen(QPen(QColor(46, 160, 67), 1.5));
    m_plot->replot();
}

FactHeatmap::FactHeatmap(QWidget* parent) : QWidget(parent) {
    m_plot = embed(this, "factHeatmap");
    setMinimumHeight(160);
}

void FactHeatmap::setData(const QStringList& facts, const QStringList& turns, const QVector<QVector<HeatmapCell>>& cells) {
    m_plot->clearPlottables();
    m_plot->clearItems();
    const int nf = static_cast<int>(facts.size()), nt = static_cast<int>(turns.size());
    if (!nf || !nt) {
        m_plot->replot();
        return;
    }
    auto* map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    map->data()->setSize(nt, nf);
    map->data()->setRange(QCPRange(0, nt - 1), QCPRange(0, nf - 1));
    for (int f = 0; f < nf; ++f)
        for (int t = 0; t < nt; ++t) map->data()->setCell(t, f, cells[f][t].strength);
    // From the background (not scored) to a strong blue (the best fact of that reply).
    QCPColorGradient gradient;
    gradient.setColorStopAt(0, palette().color(QPalette::Base));
    gradient.setColorStopAt(1, QColor(31, 111, 235));
    map->setGradient(gradient);
    map->setDataRange(QCPRange(0, 1));
    map->setInterpolate(false);
    // The facts a reply used carry a mark; with many cells only the colours are drawn.
    if (nf * nt <= 2000) {
        for (int f = 0; f < nf; ++f)
            for (int t = 0; t < nt; ++t)
                if (cells[f][t].selected) {
                    auto* mark = new QCPItemText(m_plot);
                    mark->position->setCoords(t, f);
                    mark->setText(QStringLiteral("✓"));
                    mark->setColor(palette().color(QPalette::Text));
                }
    }
    auto factTicks = QSharedPointer<QCPAxisTickerText>::create();
    for (int f = 0; f < nf; ++f) factTicks->addTick(f, facts[f].size() > 40 ? facts[f].left(39) + QChar(0x2026) : facts[f]);
    auto turnTicks = QSharedPointer<QCPAxisTickerText>::create();
    const int every = std::max(1, nt / 20);
    for (int t = 0; t < nt; t += every) turnTicks->addTick(t, turns[t]);
    m_plot->yAxis->setTicker(factTicks);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->xAxis->setTicker(turnTicks);
    m_plot->xAxis->setLabel(tr("reply"));
    m_plot->xAxis->setRange(-0.5, nt - 0.5);
    m_plot->yAxis->setRange(-0.5, nf - 0.5);
    stylePlot(m_plot, palette());
    setMinimumHeight(std::min(60 + nf * 18, 2000));
    m_plot->replot();
}

}  // namespace persona::ui
