#include "inspectors/influence_panel.h"

#include "app_context.h"
#include "plots/plot_export.h"
#include "plots/qcp.h"
#include "workers/worker_thread.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace persona::ui {

InfluencePanel::InfluencePanel(AppContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx) {
    setObjectName(QStringLiteral("influencePanel"));
    m_summary = new QLabel(tr("Influence: how much each used fact raised the reply's log-probability (reply held fixed)."), this);
    m_summary->setWordWrap(true);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("influenceTable"));
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    enableTsvCopy(m_table);
    m_driven = new QLabel(this);
    m_driven->setWordWrap(true);
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("influencePlot"));
    m_plot->setMinimumWidth(260);
    auto* left = new QVBoxLayout;
    left->addWidget(m_table, 1);
    left->addWidget(m_driven);
    auto* row = new QHBoxLayout;
    row->addLayout(left, 3);
    row->addWidget(m_plot, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(row, 1);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int r) { showDrivenTokens(r); });
    connect(ctx.chatWorker(), &ChatWorker::influenceReady, this, &InfluencePanel::onReady, Qt::QueuedConnection);
}

void InfluencePanel::showMessage(qint64 messageId) {
    m_messageId = messageId;
    m_result = {};
    m_table->setRowCount(0);
    m_driven->clear();
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_plot->replot();
    if (!messageId || !m_ctx.models()) return;
    m_summary->setText(tr("Computing the influence of each fact…"));
    queueCall(m_ctx.chatWorker(), &ChatWorker::influence, messageId);
}

void InfluencePanel::onReady(qint64 messageId, const InfluenceResult& r) {
    if (messageId != m_messageId) return;
    m_result = r;
    m_summary->setText(tr("log p(reply): %1 with the facts used, %2 with none — persona reliance %3 nats")
                           .arg(r.logprobUsed, 0, 'f', 3)
                           .arg(r.logprobNone, 0, 'f', 3)
                           .arg(r.reliance, 0, 'f', 3));
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("Fact"), tr("Score"), tr("Influence, nats"), tr("log p without it")});
    m_table->setRowCount(static_cast<int>(r.facts.size()));
    double best = -1e300;
    for (const auto& f : r.facts) best = std::max(best, f.influence);
    QVector<double> x, y;
    for (int i = 0; i < static_cast<int>(r.facts.size()); ++i) {
        const auto& f = r.facts[static_cast<size_t>(i)];
        const QStringList cells{QString::fromStdString(f.text), QString::number(f.score, 'g', 5),
                                QString::number(f.influence, 'f', 4), QString::number(f.logprobWithout, 'f', 3)};
        for (int c = 0; c < cells.size(); ++c) m_table->setItem(i, c, new QTableWidgetItem(cells[c]));
        x << f.score, y << f.influence;
        // Flags: a used fact the reply barely depends on, and the lowest-scored used fact when it
        // is the one the reply depends on most.
        QString flag;
        if (f.influence < kIgnoredNats) flag = tr("retrieved but ignored");
        else if (i + 1 == static_cast<int>(r.facts.size()) && r.facts.size() > 1 && f.influence >= best)
            flag = tr("influential but ranked low");
        if (!flag.isEmpty()) {
            auto* label = new QCPItemText(m_plot);
            label->position->setCoords(f.score, f.influence);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
            label->setText(flag);
            label->setColor(palette().color(QPalette::Text));
        }
    }
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    auto* points = m_plot->addGraph();
    points->setLineStyle(QCPGraph::lsNone);
    points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(31, 111, 235), 8));
    points->setData(x, y);
    m_plot->xAxis->setLabel(tr("retrieval score"));
    m_plot->yAxis->setLabel(tr("influence, nats"));
    m_plot->rescaleAxes();
    m_plot->xAxis->scaleRange(1.3);
    m_plot->yAxis->scaleRange(1.3);
    stylePlot(m_plot, palette());
    m_plot->replot();
    if (!r.facts.empty()) m_table->setCurrentCell(0, 0);
    Q_EMIT ready(messageId);
}

void InfluencePanel::showDrivenTokens(int row) {
    if (row < 0 || row >= static_cast<int>(m_result.facts.size())) return;
    const auto& deltas = m_result.facts[static_cast<size_t>(row)].tokenDeltas;
    std::vector<size_t> order(std::min(deltas.size(), m_result.tokensUsed.size()));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return deltas[a] > deltas[b]; });
    QStringList top;
    for (size_t i = 0; i < std::min<size_t>(order.size(), 5); ++i) {
        const auto& t = m_result.tokensUsed[order[i]];
        top << QStringLiteral("«%1» +%2").arg(QString::fromStdString(t.text).trimmed()).arg(deltas[order[i]], 0, 'f', 2);
    }
    m_driven->setText(tr("Tokens this fact drives most: %1").arg(top.join(QStringLiteral(", "))));
}

}  // namespace persona::ui
