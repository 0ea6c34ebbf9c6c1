// TrainingView, the results: the validation figures of the current and the new model, the
// loss plot per kind, and "Use this model".
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

QString figure(bool available, double value, int decimals = 4) {
    return available ? QString::number(value, 'f', decimals) : QStringLiteral("—");
}

}  // namespace

void TrainingView::showMetrics(const TrainingOutcome& o) {
    struct Row {
        QString name;
        double current, trained;
        int decimals = 4;
    };
    QList<Row> rows;
    if (o.kind == Kind::Generator) {
        rows = {{tr("Reply loss (nats per token)"), o.current.loss, o.trained.loss},
                {tr("Perplexity"), o.current.perplexity, o.trained.perplexity, 2}};
    } else {
        const RankingMetrics& c = o.current.ranking;
        const RankingMetrics& t = o.trained.ranking;
        rows = {{tr("MRR"), c.mrr, t.mrr},
                {tr("Recall@1"), c.recallAt1, t.recallAt1},
                {tr("Recall@3"), c.recallAt3, t.recallAt3},
                {tr("Recall@5"), c.recallAt5, t.recallAt5}};
    }
    m_metrics->setRowCount(0);
    auto add = [this](const QString& name, const QString& current, const QString& trained) {
        const int r = m_metrics->rowCount();
        m_metrics->insertRow(r);
        m_metrics->setItem(r, 0, new QTableWidgetItem(name));
        m_metrics->setItem(r, 1, new QTableWidgetItem(current));
        m_metrics->setItem(r, 2, new QTableWidgetItem(trained));
    };
    for (const Row& row : rows)
        add(row.name, figure(o.current.available, row.current, row.decimals), figure(o.trained.available, row.trained, row.decimals));
    add(o.kind == Kind::Generator ? tr("Validation replies") : tr("Validation turns"), QString::number(o.current.examples),
        QString::number(o.trained.examples));
    fitMetrics();
}

void TrainingView::fitMetrics() {
    // As tall as its rows: the plot keeps the rest.
    m_metrics->setFixedHeight(m_metrics->horizontalHeader()->sizeHint().height() + m_metrics->verticalHeader()->length() +
                              2 * m_metrics->frameWidth());
}

void TrainingView::resetPlot(Kind kind) {
    // A generator's validation figure is a loss like the train loss: one scale for both.
    const bool generator = kind == Kind::Generator;
    m_plot->clear(generator ? tr("validation loss") : tr("validation MRR"), generator);
}

bool TrainingView::useTrainedModel() {
    if (running() || !m_finished || !m_lastRequest) return false;
    StudioSettings s = m_ctx.settings();
    if (m_lastRequest->kind == Kind::Generator) s.generatorDir = m_runDir;
    else s.retrieverDir = m_runDir;
    m_ctx.setSettings(s);  // saved; the models reload on the loader thread
    showCurrentModel();
    setStatus(tr("The app now uses %1; the models are reloading.").arg(QDir::toNativeSeparators(m_runDir)));
    return true;
}

void TrainingView::updateButtons() {
    const bool busy = running();
    m_formBox->setEnabled(!busy);
    m_start->setEnabled(!busy);
    m_open->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_resume->setEnabled(!busy && m_resumable);
    m_use->setEnabled(!busy && m_finished);
}

}  // namespace persona::ui
