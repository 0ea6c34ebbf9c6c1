#include "plots/retrieval_bars.h"

#include "plots/plot_export.h"
#include "plots/qcp.h"

#include <QToolTip>
#include <QHBoxLayout>
#include <QScrollBar>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace persona::ui {

namespace {

QColor barColour(const BarRow& r) {
    if (r.reason == QLatin1String("pinned")) return QColor(46, 160, 67);
    if (r.reason == QLatin1String("excluded")) return QColor(207, 34, 46);
    if (r.reason == QLatin1String("disabled")) return QColor(200, 200, 200);
    return r.selected ? QColor(31, 111, 235) : QColor(140, 149, 159);
}

}  // namespace

QString RetrievalBars::reasonText(const QString& reason) {
    if (reason == QLatin1String("top_k")) return RetrievalBars::tr("in the top k and above the threshold");
    if (reason == QLatin1String("pinned")) return RetrievalBars::tr("pinned by you");
    if (reason == QLatin1String("excluded")) return RetrievalBars::tr("excluded by you");
    if (reason == QLatin1String("below_threshold")) return RetrievalBars::tr("in the top k but not above the threshold");
    if (reason == QLatin1String("not_in_top_k")) return RetrievalBars::tr("ranked below k");
    if (reason == QLatin1String("disabled")) return RetrievalBars::tr("disabled in the persona");
    return reason;
}

RetrievalBars::RetrievalBars(QWidget* parent) : QWidget(parent) {
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("retrievalPlot"));
    m_plot->setMouseTracking(true);
    m_plot->setBackground(palette().color(QPalette::Base));
    m_scroll = new QScrollBar(Qt::Vertical, this);
    m_scroll->setObjectName(QStringLiteral("retrievalScroll"));
    m_scroll->hide();
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_scroll);
    connect(m_scroll, &QScrollBar::valueChanged, this, &RetrievalBars::showFrom);
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this](QWheelEvent* e) {
        if (m_scroll->isVisible()) m_scroll->setValue(m_scroll->value() - e->angleDelta().y() / 40);
    });
    connect(m_plot, &QCustomPlot::mouseMove, this, &RetrievalBars::showTip);
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        const int row = rowAt(e->position().y());
        if (row >= 0 && m_plot->axisRect()->rect().contains(e->position().toPoint())) Q_EMIT factClicked(m_rows[row].factId);
    });
    setMinimumHeight(160);
}

QString RetrievalBars::describe(const BarRow& r) {
    return tr("#%1 «%2»\nscore %3 — %4").arg(r.rank).arg(r.text).arg(r.score, 0, 'g', 6).arg(reasonText(r.reason));
}

int RetrievalBars::rowAt(double pixelY) const {
    const double key = m_plot->yAxis->pixelToCoord(pixelY);
    const int row = static_cast<int>(std::lround(key));
    return row >= 0 && row < m_rows.size() ? row : -1;
}

void RetrievalBars::showTip(QMouseEvent* event) {
    const int row = rowAt(event->position().y());
    if (row < 0 || !m_plot->axisRect()->rect().contains(event->position().toPoint())) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(), describe(m_rows[row]), m_plot);
}

void RetrievalBars::setRows(QVector<BarRow> rows, double threshold, int topK, const QString& title) {
    std::sort(rows.begin(), rows.end(), [](const BarRow& a, const BarRow& b) { return a.rank < b.rank; });
    m_rows = rows;
    m_plot->clearPlottables();
    m_plot->clearItems();
    while (m_plot->plotLayout()->rowCount() > 1) m_plot->plotLayout()->removeAt(0);
    const QColor text = palette().color(QPalette::Text);
    stylePlot(m_plot, palette());
    // One QCPBars per colour (a handful of plottables even for 10,000 facts); facts as rows from
    // the top (key = row index, reversed axis).
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QHash<QRgb, QCPBars*> bars;
    double lo = 0, hi = 0;
    for (int i = 0; i < rows.size(); ++i) {
        const BarRow& r = rows[i];
        QString label = r.text.size() > 48 ? r.text.left(47) + QChar(0x2026) : r.text;
        ticker->addTick(i, QStringLiteral("%1. %2").arg(r.rank).arg(label));
        const QColor colour = barColour(r);
        QCPBars*& bar = bars[colour.rgb()];
        if (!bar) {
            bar = new QCPBars(m_plot->yAxis, m_plot->xAxis);
            bar->setWidth(0.7);
            bar->setPen(Qt::NoPen);
            bar->setBrush(colour);
        }
        bar->addData(i, r.score);
        lo = std::min(lo, r.score);
        hi = std::max(hi, r.score);
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRangeReversed(true);
    const int shown = std::min<int>(std::max<int>(rows.size(), 1), kMaxRowsShown);
    m_plot->yAxis->setRange(-0.6, shown - 0.4);
    m_plot->yAxis->grid()->setVisible(false);
    if (std::isfinite(threshold)) lo = std::min(lo, threshold), hi = std::max(hi, threshold);
    if (hi - lo < 1e-6) hi = lo + 1.0;  // all scores equal (e.g. all 0): a readable axis, not 1e-10 ticks
    const double pad = (hi - lo) * 0.05;
    m_plot->xAxis->setRange(lo - (lo < 0 ? pad : 0), hi + pad);
    m_plot->xAxis->setLabel(tr("score"));
    if (std::isfinite(threshold)) {
        auto* line = new QCPItemStraightLine(m_plot);
        line->point1->setCoords(threshold, 0);
        line->point2->setCoords(threshold, 1);
        line->setPen(QPen(QColor(207, 34, 46), 1.5, Qt::DashLine));
        auto* label = new QCPItemText(m_plot);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);  // at the bottom, however scrolled
        label->position->setCoords(threshold, 0.995);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setColor(QColor(207, 34, 46));
        label->setText(tr(" threshold %1").arg(threshold));
    }
    if (topK > 0 && topK < rows.size()) {
        auto* cut = new QCPItemStraightLine(m_plot);
        cut->point1->setCoords(0, topK - 0.5);
        cut->point2->setCoords(1, topK - 0.5);
        cut->setPen(QPen(text, 1, Qt::DotLine));
        auto* label = new QCPItemText(m_plot);
        label->position->setType(QCPItemPosition::ptPlotCoords);
        label->position->setCoords(hi + pad * 0.5, topK - 0.5);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->setColor(text);
        label->setText(tr("top-%1 cut").arg(topK));
    }
    if (!title.isEmpty()) {
        m_plot->plotLayout()->insertRow(0);
        auto* t = new QCPTextElement(m_plot, title);
        t->setTextColor(text);
        m_plot->plotLayout()->addElement(0, 0, t);
    }
    m_plot->setMinimumHeight(std::max(160, shown * 22 + 80));
    const bool scrolls = rows.size() > kMaxRowsShown;
    m_scroll->blockSignals(true);
    m_scroll->setRange(0, scrolls ? static_cast<int>(rows.size()) - kMaxRowsShown : 0);
    m_scroll->setPageStep(kMaxRowsShown);
    m_scroll->setValue(0);
    m_scroll->blockSignals(false);
    m_scroll->setVisible(scrolls);
    m_plot->replot();
}

int RetrievalBars::firstShownRow() const { return static_cast<int>(std::lround(m_plot->yAxis->range().lower + 0.6)); }

void RetrievalBars::showFrom(int row) {
    m_plot->yAxis->setRange(row - 0.6, row + kMaxRowsShown - 0.4);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace persona::ui
