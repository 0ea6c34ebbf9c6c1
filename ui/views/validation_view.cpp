#include "views/validation_view.h"

#include "app_context.h"
#include "persona/error.h"
#include "persona/io/dialog_exporter.h"
#include "persona/io/markdown_exporter.h"
#include "plots/plot_export.h"
#include "plots/qcp.h"
#include "workers/worker_thread.h"

#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace persona::ui {

namespace {

enum MetricColumn { MethodColumn, TurnsColumn, PrecisionColumn, RecallColumn, MrrColumn };

QString methodName(const MethodLabelMetrics& row) {
    if (row.variant == "ngrams") return ValidationView::tr("BM25, character n-grams only");
    if (row.variant == "words") return ValidationView::tr("BM25, stemmed words only");
    switch (row.method) {
        case RetrievalMethod::Bm25: return ValidationView::tr("BM25 (n-grams + stemmed words)");
        case RetrievalMethod::BiEncoder: return ValidationView::tr("bi-encoder");
        case RetrievalMethod::Hybrid: return ValidationView::tr("hybrid");
    }
    return {};
}

QColor methodColour(const MethodLabelMetrics& row) {
    if (row.variant == "ngrams") return QColor(150, 100, 60);
    if (row.variant == "words") return QColor(190, 60, 140);
    switch (row.method) {
        case RetrievalMethod::Bm25: return QColor(207, 120, 34);
        case RetrievalMethod::BiEncoder: return QColor(31, 111, 235);
        case RetrievalMethod::Hybrid: return QColor(46, 160, 67);
    }
    return Qt::gray;
}

// The methods, then BM25's fields alone.
std::vector<MethodLabelMetrics> rows(const LabelReport& report) {
    std::vector<MethodLabelMetrics> out = report.methods;
    out.insert(out.end(), report.lexicalFields.begin(), report.lexicalFields.end());
    return out;
}

QTableWidget* table(QWidget* parent, const char* name, const QStringList& headers) {
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    t->setObjectName(QString::fromLatin1(name));
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->setVisible(false);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    enableTsvCopy(t);
    return t;
}

QString share(const std::optional<double>& v) { return v ? QString::number(*v * 100.0, 'f', 0) + QLatin1Char('%') : QStringLiteral("–"); }

}  // namespace

ValidationView::ValidationView(AppContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx) {
    setObjectName(QStringLiteral("ValidationView"));
    buildUi();
    // Queued: the worker answers on its own thread.
    connect(ctx.chatWorker(), &ChatWorker::labelsEvaluated, this, &ValidationView::onEvaluated, Qt::QueuedConnection);
    connect(ctx.chatWorker(), &ChatWorker::labelsFailed, this,
            [this](qint64 tag, const QString& message) {
                if (tag != m_tag) return;
                m_computing = false;
                m_status->setText(tr("Could not compute the metrics: %1").arg(message));
                Q_EMIT failed(message);
            },
            Qt::QueuedConnection);
    // New labels come with new turns; the bi-encoder rows need the models.
    connect(&ctx, &AppContext::turnEnded, this, [this] {
        if (isVisible()) refresh();
    });
    connect(&ctx, &AppContext::modelsReady, this, [this] {
        if (isVisible()) refresh();
    });
}

void ValidationView::buildUi() {
    m_scope = new QComboBox(this);
    m_scope->setObjectName(QStringLiteral("labelScope"));
    m_scope->addItem(tr("This chat"), static_cast<int>(LabelScope::Chat));
    m_scope->addItem(tr("This persona"), static_cast<int>(LabelScope::Persona));
    m_scope->addItem(tr("All chats"), static_cast<int>(LabelScope::All));
    m_scope->setCurrentIndex(1);
    m_k = new QSpinBox(this);
    m_k->setObjectName(QStringLiteral("labelK"));
    m_k->setRange(1, 10);
    m_k->setValue(3);  // the seed's top-k
    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("plotMetric"));
    m_metric->addItems({tr("precision@k"), tr("recall@k"), tr("MRR")});
    m_metric->setCurrentIndex(1);
    auto* refreshButton = new QPushButton(tr("&Refresh"), this);
    refreshButton->setShortcut(QKeySequence::Refresh);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("validationStatus"));
    m_status->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Scope:"), this));
    top->addWidget(m_scope);
    top->addWidget(new QLabel(tr("k:"), this));
    top->addWidget(m_k);
    top->addWidget(new QLabel(tr("Plot:"), this));
    top->addWidget(m_metric);
    top->addWidget(refreshButton);
    top->addWidget(m_status, 1);

    m_metrics = table(this, "labelMetrics", {tr("Method"), tr("Labelled turns"), tr("Precision@k"), tr("Recall@k"), tr("MRR")});
    // Five rows at most (three methods and BM25's two fields alone): the table is as tall as its
    // rows, the plot takes the rest.
    m_metrics->setMaximumHeight(m_metrics->horizontalHeader()->sizeHint().height() +
                                5 * m_metrics->verticalHeader()->defaultSectionSize() + 2 * m_metrics->frameWidth() + 2);
    m_metrics->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("labelMetricPlot"));
    m_plot->setMinimumHeight(200);
    m_byPersona = table(this, "ratingsByPersona", {tr("Persona"), tr("Rated"), tr("Logical"), tr("Specific"), tr("Personal")});
    m_byModel = table(this, "ratingsByModel", {tr("Model"), tr("Rated"), tr("Logical"), tr("Specific"), tr("Personal")});

    auto* exportJsonlButton = new QPushButton(tr("Export seed &JSONL…"), this);
    exportJsonlButton->setToolTip(tr("The scope's labelled chats, as persona-cli train reads them"));
    auto* exportMarkdownButton = new QPushButton(tr("Export &Markdown…"), this);
    exportMarkdownButton->setToolTip(tr("The scope's labelled chats with the facts used per turn"));
    auto* exportPlotButton = new QPushButton(tr("Export &plot…"), this);
    exportPlotButton->setToolTip(tr("PNG or PDF"));
    auto* exports = new QHBoxLayout;
    exports->addStretch(1);
    exports->addWidget(exportJsonlButton);
    exports->addWidget(exportMarkdownButton);
    exports->addWidget(exportPlotButton);

    auto* metricsBox = new QGroupBox(tr("Retriever against the labeller's choices"), this);
    auto* metricsLayout = new QVBoxLayout(metricsBox);
    metricsLayout->addWidget(m_metrics);
    metricsLayout->addWidget(m_plot, 1);
    auto* ratingsBox = new QGroupBox(tr("Mean ratings (share of replies marked yes)"), this);
    m_ratingsHint = new QLabel(tr("No rated replies here yet: in validation mode, mark a reply after it is written "
                                  "(or press \"Rate\" under an older one)."),
                               ratingsBox);
    m_ratingsHint->setObjectName(QStringLiteral("ratingsHint"));
    m_ratingsHint->setWordWrap(true);
    auto* ratingsTables = new QHBoxLayout;
    ratingsTables->addWidget(m_byPersona);
    ratingsTables->addWidget(m_byModel);
    auto* ratingsLayout = new QVBoxLayout(ratingsBox);
    ratingsLayout->addWidget(m_ratingsHint);
    ratingsLayout->addLayout(ratingsTables);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(metricsBox);
    split->addWidget(ratingsBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    layout->addLayout(exports);

    connect(m_scope, qOverload<int>(&QComboBox::currentIndexChanged), this, &ValidationView::refresh);
    connect(m_k, qOverload<int>(&QSpinBox::valueChanged), this, &ValidationView::refresh);
    connect(m_metric, qOverload<int>(&QComboBox::currentIndexChanged), this, &ValidationView::drawPlot);
    connect(refreshButton, &QPushButton::clicked, this, &ValidationView::refresh);
    connect(exportJsonlButton, &QPushButton::clicked, this, [this] { exportDialog(false); });
    connect(exportMarkdownButton, &QPushButton::clicked, this, [this] { exportDialog(true); });
    connect(exportPlotButton, &QPushButton::clicked, this,
            [this] { exportPlotDialog(m_plot, this, QStringLiteral("label-metrics")); });
}

void ValidationView::setPersona(qint64 personaId) {
    if (personaId == m_personaId) return;
    m_personaId = personaId;
    if (isVisible()) refresh();
}

void ValidationView::setChat(qint64 chatId) {
    if (chatId == m_chatId) return;
    m_chatId = chatId;
    if (isVisible() && query().scope == LabelScope::Chat) refresh();
}

void ValidationView::setScope(LabelScope scope) { m_scope->setCurrentIndex(m_scope->findData(static_cast<int>(scope))); }

void ValidationView::setK(int k) { m_k->setValue(k); }

void ValidationView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();  // labels and ratings may have changed in the chat since
}

LabelQuery ValidationView::query() const {
    LabelQuery q;
    q.scope = static_cast<LabelScope>(m_scope->currentData().toInt());
    q.chatId = m_chatId;
    q.personaId = m_personaId;
    q.k = m_k->value();
    q.contextTurns = m_ctx.settings().agent.contextTurns;
    return q;
}

void ValidationView::refresh() {
    const LabelQuery q = query();
    if ((q.scope == LabelScope::Chat && !q.chatId) || (q.scope == LabelScope::Persona && !q.personaId)) {
        m_report.reset();
        m_computing = false;
        ++m_tag;  // an answer still on its way is for another scope
        showReport();
        m_status->setText(q.scope == LabelScope::Chat ? tr("No chat is open.") : tr("No persona is selected."));
        Q_EMIT updated();
        return;
    }
    m_status->setText(tr("Computing…"));
    m_computing = true;
    queueCall(m_ctx.chatWorker(), &ChatWorker::evaluateLabels, ++m_tag, q);
}

void ValidationView::onEvaluated(qint64 tag, const LabelReport& report) {
    if (tag != m_tag) return;  // an answer to an older request
    m_computing = false;
    m_report = report;
    showReport();
    if (!report.labelledTurns)
        m_status->setText(tr("No labelled turns here yet: turn on validation mode in a chat and tick the facts of a reply."));
    else if (report.methods.size() < 3)
        m_status->setText(tr("%n labelled turn(s). BM25 only: no bi-encoder is loaded.", nullptr, report.labelledTurns));
    else
        m_status->setText(tr("%n labelled turn(s).", nullptr, report.labelledTurns));
    Q_EMIT updated();
}

void ValidationView::showReport() {
    m_metrics->setRowCount(0);
    if (m_report) {
        for (const auto& m : rows(*m_report)) {
            const int row = m_metrics->rowCount();
            m_metrics->insertRow(row);
            m_metrics->setItem(row, MethodColumn, new QTableWidgetItem(methodName(m)));
            m_metrics->setItem(row, TurnsColumn, new QTableWidgetItem(QString::number(m.mean.turns)));
            m_metrics->setItem(row, PrecisionColumn, new QTableWidgetItem(QString::number(m.mean.precisionAtK, 'f', 3)));
            m_metrics->setItem(row, RecallColumn, new QTableWidgetItem(QString::number(m.mean.recallAtK, 'f', 3)));
            m_metrics->setItem(row, MrrColumn, new QTableWidgetItem(QString::number(m.mean.mrr, 'f', 3)));
        }
        const QString k = QString::number(m_k->value());
        m_metrics->horizontalHeaderItem(PrecisionColumn)->setText(tr("Precision@%1").arg(k));
        m_metrics->horizontalHeaderItem(RecallColumn)->setText(tr("Recall@%1").arg(k));
    }
    fillRatings(m_byPersona, m_report ? m_report->byPersona : std::vector<MeanRatings>{});
    fillRatings(m_byModel, m_report ? m_report->byModel : std::vector<MeanRatings>{});
    m_ratingsHint->setVisible(m_byPersona->rowCount() == 0);
    drawPlot();
}

void ValidationView::fillRatings(QTableWidget* t, const std::vector<MeanRatings>& rows) {
    t->setRowCount(static_cast<int>(rows.size()));
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        const MeanRatings& r = rows[static_cast<size_t>(i)];
        const QString name = r.name == "(none)" ? tr("(no model: imported or typed)") : QString::fromStdString(r.name);
        const QStringList cells{name, QString::number(r.rated), share(r.logical), share(r.specific), share(r.personal)};
        for (int c = 0; c < cells.size(); ++c) t->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
}

void ValidationView::drawPlot() {
    m_plot->clearGraphs();
    stylePlot(m_plot, palette());
    const int metric = m_metric->currentIndex();
    int turns = 0;
    if (m_report)
        for (const auto& m : rows(*m_report)) {
            QVector<double> x, y;
            for (size_t i = 0; i < m.running.size(); ++i) {
                const LabelMetrics& r = m.running[i];
                x << double(i + 1);
                y << (metric == 0 ? r.precisionAtK : metric == 1 ? r.recallAtK : r.mrr);
            }
            auto* g = m_plot->addGraph();
            g->setName(methodName(m));
            g->setPen(QPen(methodColour(m), 2, m.variant.empty() ? Qt::SolidLine : Qt::DashLine));
            g->setData(x, y);
            turns = std::max(turns, static_cast<int>(x.size()));
        }
    m_plot->xAxis->setLabel(tr("labelled turns, in order"));
    m_plot->yAxis->setLabel(tr("%1, running mean").arg(m_metric->currentText()).replace(QStringLiteral("@k"), QStringLiteral("@%1").arg(m_k->value())));
    m_plot->xAxis->setRange(0.5, std::max(turns, 1) + 0.5);
    m_plot->yAxis->setRange(0, 1.05);
    m_plot->legend->setVisible(m_plot->graphCount() > 0);
    m_plot->legend->setBrush(QBrush(palette().color(QPalette::Base)));
    m_plot->legend->setTextColor(palette().color(QPalette::Text));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    m_plot->replot();
}

bool ValidationView::exportChats(const QString& file, bool markdown) {
    const LabelQuery q = query();
    io::DialogExportOptions o;
    o.labelledOnly = true;
    bool ok = m_ctx.guarded([&] {
        if (q.scope != LabelScope::All)
            for (int64_t id : chatsInScope(m_ctx.db(), q)) o.chatIds.push_back(id);
        if (q.scope != LabelScope::All && o.chatIds.empty()) throw InvalidArgument(tr("There are no chats in this scope.").toStdString());
        const auto sum = markdown ? io::MarkdownExporter(m_ctx.db()).writeFile(file.toStdString(), o)
                                  : io::DialogExporter(m_ctx.db()).writeFile(file.toStdString(), o);
        m_status->setText(tr("Wrote %1: %n chat(s)", nullptr, sum.chats).arg(file) +
                          tr(", %n label(s).", nullptr, sum.labels));
    });
    if (!ok) m_status->setText(tr("Export failed."));
    return ok;
}

bool ValidationView::exportJsonl(const QString& file) { return exportChats(file, false); }
bool ValidationView::exportMarkdown(const QString& file) { return exportChats(file, true); }

void ValidationView::exportDialog(bool markdown) {
    const QString file = QFileDialog::getSaveFileName(
        this, markdown ? tr("Export chats as Markdown") : tr("Export labelled chats as seed JSONL"),
        markdown ? QStringLiteral("labelled-chats.md") : QStringLiteral("labelled-chats.jsonl"),
        markdown ? tr("Markdown (*.md)") : tr("Seed JSONL (*.jsonl)"));
    if (!file.isEmpty()) exportChats(file, markdown);
}

}  // namespace persona::ui
