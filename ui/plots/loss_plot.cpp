#include "plots/loss_plot.h"

#include "plots/plot_export.h"
#include "plots/qcp.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace persona::ui {

LossPlot::LossPlot(QWidget* parent) : QWidget(parent) {
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("lossPlot"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumHeight(220);
    stylePlot(m_plot, palette());
    m_train = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    m_train->setName(tr("train loss (per step)"));
    m_train->setPen(QPen(QColor(31, 111, 235), 1.5));
    m_eval = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    m_eval->setPen(QPen(QColor(207, 120, 34), 2));
    m_eval->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
    m_plot->yAxis2->setVisible(true);
    // Steps are whole numbers: ticks on integers only.
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setLabel(tr("step"));
    m_plot->yAxis->setLabel(tr("train loss"));
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(QBrush(palette().color(QPalette::Base)));
    m_plot->legend->setTextColor(palette().color(QPalette::Text));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
    m_redraw = new QTimer(this);
    m_redraw->setSingleShot(true);
    m_redraw->setInterval(kRedrawMs);
    connect(m_redraw, &QTimer::timeout, this, &LossPlot::redraw);
    clear(tr("validation loss"), true);
}

void LossPlot::clear(const QString& evalLabel, bool sameScale) {
    m_sameScale = sameScale;
    m_train->data()->clear();
    m_eval->data()->clear();
    m_eval->setName(tr("%1 (per epoch)").arg(evalLabel));
    m_plot->yAxis2->setLabel(evalLabel);
    m_totalSteps = 0;
    redraw();
}

void LossPlot::addTrainPoint(double step, double loss) {
    m_train->addData(step, loss);
    scheduleRedraw();
}

void LossPlot::addEvalPoint(double step, double value) {
    m_eval->addData(step, value);
    scheduleRedraw();
}

void LossPlot::setTotalSteps(double steps) {
    m_totalSteps = steps;
    scheduleRedraw();
}

int LossPlot::loadLog(const QString& file) {
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly | QIODevice::Text)) return -1;
    m_train->data()->clear();
    m_eval->data()->clear();
    int steps = 0;
    while (!in.atEnd()) {
        const QJsonObject row = QJsonDocument::fromJson(in.readLine()).object();
        const QString type = row.value(QStringLiteral("type")).toString();
        const double step = row.value(QStringLiteral("step")).toDouble();
        if (type == QLatin1String("step")) {
            m_train->addData(step, row.value(QStringLiteral("loss")).toDouble());
            m_totalSteps = std::max(m_totalSteps, row.value(QStringLiteral("total_steps")).toDouble());
            ++steps;
        } else if (type == QLatin1String("eval")) {
            const bool generator = row.contains(QStringLiteral("validation_loss"));
            m_eval->addData(step, row.value(generator ? QStringLiteral("validation_loss") : QStringLiteral("mrr")).toDouble());
        }
    }
    redraw();
    return steps;
}

double LossPlot::lastStep() const { return m_train->data()->isEmpty() ? 0 : (m_train->data()->constEnd() - 1)->key; }

void LossPlot::scheduleRedraw() {
    if (!m_redraw->isActive()) m_redraw->start();
}

void LossPlot::redraw() {
    bool found = false;
    const QCPRange steps = m_train->data()->keyRange(found);
    const double last = std::max({m_totalSteps, found ? steps.upper : 0.0, 1.0});
    m_plot->xAxis->setRange(0, last * 1.03);  // room for the last epoch's marker
    auto span = [](QCPGraph* g, double fallback) {
        bool any = false;
        const QCPRange r = g->data()->valueRange(any);
        return any ? QCPRange(std::min(0.0, r.lower), r.upper * 1.05 + 1e-9) : QCPRange(0, fallback);
    };
    QCPRange train = span(m_train, 1), eval = span(m_eval, 1);
    if (m_sameScale && !m_eval->data()->isEmpty()) {
        train.expand(eval);
        eval = train;
    }
    m_plot->yAxis->setRange(train);
    m_plot->yAxis2->setRange(eval);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace persona::ui
