#include "inspectors/retrieval_inspector.h"

#include "app_context.h"
#include "inspectors/influence_panel.h"
#include "persona/store/chat_repo.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"
#include "plots/plot_export.h"
#include "plots/qcp.h"
#include "plots/token_plots.h"
#include "workers/worker_thread.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace persona::ui {

namespace {

QSet<qint64> idSet(const QJsonValue& v) {
    QSet<qint64> out;
    for (const QJsonValue& id : v.toArray()) out.insert(static_cast<qint64>(id.toDouble()));
    return out;
}

QVector<BarRow> barsFromRetrieval(const AgentRetrieval& r) {
    QVector<BarRow> rows;
    for (const auto& f : r.facts)
        rows.push_back({f.factId, QString::fromStdString(f.text), f.score.score, f.score.rank, f.score.selected,
                        QString::fromStdString(toString(f.score.reason))});
    return rows;
}

QScrollArea* scrolled(QWidget* w) {
    auto* area = new QScrollArea;
    area->setWidget(w);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

}  // namespace

RetrievalInspector::RetrievalInspector(AppContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx) {
    setObjectName(QStringLiteral("retrievalInspector"));
    m_title = new QLabel(tr("Choose «Inspect» under a reply in the chat."), this);
    m_title->setWordWrap(true);
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("retrievalMode"));
    m_mode->addItem(tr("Scores as used"));
    m_mode->addItem(tr("BM25 · bi-encoder · hybrid side by side"));
    auto* exportButton = new QPushButton(tr("Export plot…"), this);
    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_mode);
    top->addWidget(exportButton);

    m_bars = new RetrievalBars(this);
    auto* three = new QWidget(this);
    auto* threeLayout = new QHBoxLayout(three);
    threeLayout->setContentsMargins(0, 0, 0, 0);
    for (auto*& b : m_methodBars) {
        b = new RetrievalBars(three);
        threeLayout->addWidget(b);
        connect(b, &RetrievalBars::factClicked, this, &RetrievalInspector::cycleOverride);
    }
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(scrolled(m_bars));
    m_stack->addWidget(scrolled(three));
    m_heatmap = new FactHeatmap(this);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("retrievalTable"));
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    enableTsvCopy(m_table);
    auto* below = new QTabWidget(this);
    below->addTab(m_table, tr("Table"));
    m_influence = new InfluencePanel(ctx, this);
    below->addTab(m_influence, tr("Fact influence"));
    below->addTab(scrolled(m_heatmap), tr("Whole chat: facts × replies"));
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_stack);
    split->addWidget(below);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto* hint = new QLabel(tr("Click a bar to pin a fact, again to exclude it, a third time to clear; then "
                               "regenerate and compare."),
                            side);
    hint->setWordWrap(true);
    m_overrides = new QLabel(side);
    m_overrides->setWordWrap(true);
    m_regenerate = new QPushButton(tr("Regenerate with these"), side);
    m_regenerate->setObjectName(QStringLiteral("regenerateWithOverrides"));
    auto* clear = new QPushButton(tr("Clear"), side);
    m_before = new QTextBrowser(side);
    m_after = new QTextBrowser(side);
    sideLayout->addWidget(hint);
    sideLayout->addWidget(m_overrides);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_regenerate);
    buttons->addWidget(clear);
    sideLayout->addLayout(buttons);
    sideLayout->addWidget(new QLabel(tr("Before:"), side));
    sideLayout->addWidget(m_before, 1);
    sideLayout->addWidget(new QLabel(tr("After:"), side));
    sideLayout->addWidget(m_after, 1);

    auto* body = new QSplitter(Qt::Horizontal, this);
    body->addWidget(split);
    body->addWidget(side);
    body->setStretchFactor(0, 3);
    body->setStretchFactor(1, 1);
    body->setSizes({760, 260});
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(body, 1);

    connect(m_bars, &RetrievalBars::factClicked, this, &RetrievalInspector::cycleOverride);
    connect(m_mode, qOverload<int>(&QComboBox::activated), this, [this](int i) { compareMethods(i == 1); });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        exportPlotDialog(m_stack->currentIndex() == 0 ? m_bars->plot() : m_methodBars[0]->plot(), this,
                         QStringLiteral("retrieval-%1").arg(m_messageId));
    });
    connect(m_regenerate, &QPushButton::clicked, this, &RetrievalInspector::regenerateWithOverrides);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_pinned.clear();
        m_excluded.clear();
        updateOverridesLabel();
    });
    connect(ctx.chatWorker(), &ChatWorker::scored, this, &RetrievalInspector::onScored, Qt::QueuedConnection);
    connect(ctx.chatWorker(), &ChatWorker::finished, this, &RetrievalInspector::onFinished, Qt::QueuedConnection);
    updateOverridesLabel();
}

QVector<BarRow> RetrievalInspector::barsFromTrace(const std::vector<store::RetrievalTraceRow>& rows,
                                                  const std::string& settingsJson,
                                                  const std::vector<store::Fact>& revisionFacts) {
    const QJsonObject s = QJsonDocument::fromJson(QByteArray::fromStdString(settingsJson)).object();
    const int topK = s.value(QStringLiteral("top_k")).toInt(3);
    const QSet<qint64> pinned = idSet(s.value(QStringLiteral("pinned_fact_ids")));
    const QSet<qint64> excluded = idSet(s.value(QStringLiteral("excluded_fact_ids")));
    QSet<qint64> disabled;
    for (const auto& f : revisionFacts)
        if (!f.enabled) disabled.insert(f.id);
    QVector<BarRow> out;
    for (const auto& r : rows) {
        if (!r.score || !r.rank) continue;  // a human label without a model score
        BarRow b{r.factId, QString::fromStdString(r.factText), *r.score, *r.rank, r.selectedByModel, {}};
        if (pinned.contains(r.factId)) b.reason = QStringLiteral("pinned");
        else if (excluded.contains(r.factId)) b.reason = QStringLiteral("excluded");
        else if (disabled.contains(r.factId)) b.reason = QStringLiteral("disabled");
        else if (r.selectedByModel) b.reason = QStringLiteral("top_k");
        else if (*r.rank <= topK) b.reason = QStringLiteral("below_threshold");
        else b.reason = QStringLiteral("not_in_top_k");
        out.push_back(b);
    }
    return out;
}

void RetrievalInspector::showMessage(qint64 messageId) {
    m_messageId = messageId;
    m_table->setRowCount(0);
    if (!messageId) {
        m_influence->showMessage(0);
        m_bars->setRows({}, NAN, 0, {});
        m_heatmap->setData({}, {}, {});
        m_title->setText(tr("Choose «Inspect» under a reply in the chat."));
        return;
    }
    QVector<BarRow> rows;
    QString method, reply;
    int revisionNumber = 0;
    qint64 chatId = 0;
    m_ctx.guarded([&] {
        store::ChatRepo chats(m_ctx.db());
        const auto message = chats.message(messageId);
        const auto chat = chats.get(message.chatId);
        chatId = chat.id;
        const auto revision = store::PersonaRepo(m_ctx.db()).revision(message.personaRevisionId.value_or(chat.personaRevisionId));
        revisionNumber = revision.number;
        reply = QString::fromStdString(message.text);
        rows = barsFromTrace(store::TraceRepo(m_ctx.db()).retrieval(messageId), message.settingsJson, revision.facts);
        const QJsonObject s = QJsonDocument::fromJson(QByteArray::fromStdString(message.settingsJson)).object();
        method = s.value(QStringLiteral("method")).toString(s.value(QStringLiteral("retrieval")).toString());
        m_topK = s.value(QStringLiteral("top_k")).toInt(3);
        m_threshold = s.value(QStringLiteral("threshold")).toDouble(0);
    });
    m_title->setText(tr("«%1» — %2, persona revision %3, top-%4").arg(reply, method).arg(revisionNumber).arg(m_topK));
    // For hybrid the threshold applies to the bi-encoder part, not to the fused score drawn here.
    m_bars->setRows(rows, method == QLatin1String("hybrid") ? NAN : m_threshold, m_topK, {});
    fillTable();
    showHeatmap(chatId);
    m_influence->showMessage(messageId);
    if (m_mode->currentIndex() == 1) compareMethods(true);
}

void RetrievalInspector::fillTable() {
    const auto& rows = m_bars->rows();
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels({tr("Rank"), tr("Fact"), tr("Score"), tr("Used"), tr("Why")});
    m_table->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const BarRow& b = rows[r];
        const QStringList cells{QString::number(b.rank), b.text, QString::number(b.score, 'g', 6),
                                b.selected ? tr("yes") : QString(), RetrievalBars::reasonText(b.reason)};
        for (int c = 0; c < cells.size(); ++c) m_table->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
    auto* header = m_table->horizontalHeader();
    for (int c : {0, 2, 3, 4}) header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(1, QHeaderView::Stretch);
}

void RetrievalInspector::showHeatmap(qint64 chatId) {
    std::vector<store::TurnView> turns;
    m_ctx.guarded([&] { turns = store::ChatRepo(m_ctx.db()).transcript(chatId); });
    QStringList facts, labels;
    QHash<qint64, int> factRow;
    QVector<QVector<HeatmapCell>> cells;
    int replies = 0;
    for (const auto& t : turns) {
        if (t.message.role != store::Role::Persona || t.retrieval.empty()) continue;
        double lo = INFINITY, hi = -INFINITY;
        for (const auto& r : t.retrieval)
            if (r.score) lo = std::min(lo, *r.score), hi = std::max(hi, *r.score);
        for (const auto& r : t.retrieval) {
            if (!factRow.contains(r.factId)) {
                factRow.insert(r.factId, static_cast<int>(facts.size()));
                facts << QString::fromStdString(r.factText);
                cells.push_back(QVector<HeatmapCell>(replies));
            }
            auto& row = cells[factRow[r.factId]];
            row.resize(replies + 1);
            const double s = r.score ? *r.score : lo;
            row[replies] = {hi > lo ? (s - lo) / (hi - lo) : 0.0, r.selectedByModel};
        }
        ++replies;
        labels << QString::number(replies);
    }
    for (auto& row : cells) row.resize(replies);
    m_heatmap->setData(facts, labels, cells);
}

void RetrievalInspector::compareMethods(bool on) {
    m_stack->setCurrentIndex(on ? 1 : 0);
    if (m_mode->currentIndex() != (on ? 1 : 0)) m_mode->setCurrentIndex(on ? 1 : 0);
    if (!on || !m_messageId) return;
    const bool hasBiEncoder = m_ctx.models() && m_ctx.models()->retriever;
    const QStringList methods = hasBiEncoder ? QStringList{QStringLiteral("bm25"), QStringLiteral("biencoder"), QStringLiteral("hybrid")}
                                             : QStringList{QStringLiteral("bm25")};
    m_methodsPending = static_cast<int>(methods.size());
    AgentSettings settings = m_ctx.settings().agent;
    settings.topK = m_topK;
    settings.threshold = m_threshold;
    for (const QString& method : methods)
        queueCall(m_ctx.chatWorker(), &ChatWorker::scoreMessage, m_messageId, method, settings);
}

void RetrievalInspector::onScored(qint64 messageId, const QString& method, const AgentRetrieval& r) {
    if (messageId != m_messageId) return;
    const int i = method == QLatin1String("bm25") ? 0 : method == QLatin1String("biencoder") ? 1 : 2;
    const QString titles[3] = {tr("BM25"), tr("bi-encoder"), tr("hybrid")};
    m_methodBars[i]->setRows(barsFromRetrieval(r), i == 2 ? NAN : m_threshold, m_topK, titles[i]);
    if (--m_methodsPending == 0) Q_EMIT methodsReady();
}

void RetrievalInspector::cycleOverride(qint64 factId) {
    if (m_pinned.remove(factId)) m_excluded.insert(factId);
    else if (!m_excluded.remove(factId)) m_pinned.insert(factId);
    updateOverridesLabel();
}

void RetrievalInspector::updateOverridesLabel() {
    auto names = [this](const QSet<qint64>& ids) {
        QStringList out;
        for (const auto& b : m_bars->rows())
            if (ids.contains(b.factId)) out << QStringLiteral("«%1»").arg(b.text);
        return out.join(QStringLiteral(", "));
    };
    m_overrides->setText(m_pinned.isEmpty() && m_excluded.isEmpty()
                             ? tr("No pinned or excluded facts.")
                             : tr("Pinned: %1\nExcluded: %2").arg(names(m_pinned), names(m_excluded)));
    m_regenerate->setEnabled(m_messageId && (!m_pinned.isEmpty() || !m_excluded.isEmpty()));
}

QString RetrievalInspector::replySummary(qint64 messageId) {
    QString html;
    m_ctx.guarded([&] {
        const auto message = store::ChatRepo(m_ctx.db()).message(messageId);
        html = QStringLiteral("<p><b>%1</b></p>").arg(QString::fromStdString(message.text).toHtmlEscaped());
        for (const auto& r : store::TraceRepo(m_ctx.db()).retrieval(messageId))
            if (r.selectedByModel)
                html += QStringLiteral("<p>• %1 <span style=\"color:gray\">%2</span></p>")
                            .arg(QString::fromStdString(r.factText).toHtmlEscaped())
                            .arg(r.score ? QString::number(*r.score, 'f', 3) : QString());
    });
    return html;
}

bool RetrievalInspector::regenerateWithOverrides() {
    if (!m_messageId || m_ctx.turnRunning()) return false;
    ChatRequest r;
    r.kind = ChatRequest::Kind::Regenerate;
    r.messageId = m_messageId;
    r.settings = m_ctx.settings().agent;
    for (qint64 id : m_pinned) r.settings.pinnedFactIds.insert(id);
    for (qint64 id : m_excluded) r.settings.excludedFactIds.insert(id);
    m_ctx.guarded([&] { r.chatId = store::ChatRepo(m_ctx.db()).message(m_messageId).chatId; });
    m_waitingFor = m_ctx.startTurn(r);
    if (!m_waitingFor) return false;
    m_before->setHtml(replySummary(m_messageId));
    m_after->setHtml(tr("<p>Writing…</p>"));
    return true;
}

void RetrievalInspector::onFinished(const TurnOutcome& outcome) {
    if (!m_waitingFor || outcome.requestId != m_waitingFor) return;
    m_waitingFor = 0;
    if (!outcome.personaMessageId) return;
    m_after->setHtml(replySummary(outcome.personaMessageId));
    showMessage(outcome.personaMessageId);
    Q_EMIT regenerated(outcome.personaMessageId);
}

}  // namespace persona::ui
