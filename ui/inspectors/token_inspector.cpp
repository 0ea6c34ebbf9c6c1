#include "inspectors/token_inspector.h"

#include "app_context.h"
#include "persona/store/chat_repo.h"
#include "persona/store/trace_repo.h"
#include "plots/plot_export.h"
#include "plots/token_plots.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <cmath>
#include <map>

namespace persona::ui {

namespace {

// A token's bytes for display: partial UTF-8 shows as U+FFFD; a leading space as a middle dot in
// tables (in the reply it stays a space).
QString tokenText(const std::string& bytes, bool visibleSpace) {
    QString s = QString::fromUtf8(bytes.data(), static_cast<int>(bytes.size()));
    if (visibleSpace) s.replace(QLatin1Char(' '), QChar(0x00B7));
    return s;
}

// Red (unlikely) through yellow to green (likely), light enough to read text on.
QColor tint(double p) {
    const int hue = static_cast<int>(std::clamp(p, 0.0, 1.0) * 120);
    return QColor::fromHsv(hue, 90, 255);
}

QTableWidgetItem* cell(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

}  // namespace

double TokenInspector::entropy(const store::TokenTraceRow& t) {
    double h = 0, mass = 0;
    for (const auto& a : t.alternatives)
        if (a.prob > 0) h -= a.prob * std::log(a.prob), mass += a.prob;
    const double rest = 1.0 - mass;
    if (rest > 1e-9) h -= rest * std::log(rest);
    return h;
}

int TokenInspector::rank(const store::TokenTraceRow& t) {
    for (size_t i = 0; i < t.alternatives.size(); ++i)
        if (t.alternatives[i].id == t.id) return static_cast<int>(i) + 1;
    return 0;
}

QString TokenInspector::stageLabel(const std::string& stage) {
    static const std::map<std::string, const char*> labels = {
        {"logit_bias", QT_TR_NOOP("logit bias")},   {"min_length", QT_TR_NOOP("the minimum length")},
        {"knowledge_boost", QT_TR_NOOP("fact boost")}, {"penalties", QT_TR_NOOP("repetition penalties")},
        {"ngram_ban", QT_TR_NOOP("the n-gram ban")}, {"dry", QT_TR_NOOP("DRY")},
        {"temperature", QT_TR_NOOP("temperature")},  {"top_k", QT_TR_NOOP("top-k")},
        {"top_p", QT_TR_NOOP("top-p")},              {"min_p", QT_TR_NOOP("min-p")},
        {"typical_p", QT_TR_NOOP("typical-p")},      {"top_n_sigma", QT_TR_NOOP("top-n-sigma")},
        {"xtc", QT_TR_NOOP("XTC")},                  {"mirostat", QT_TR_NOOP("Mirostat")}};
    auto it = labels.find(stage);
    return it == labels.end() ? QString::fromStdString(stage) : tr(it->second);
}

QString TokenInspector::samplerNote(const store::TokenAlternative& a) {
    QStringList parts;
    for (const auto& [stage, delta] : a.changes)
        parts << (delta < 0 ? tr("penalized by %1 %2") : tr("raised by %1 %2"))
                     .arg(stageLabel(stage), QStringLiteral("%1%2").arg(delta < 0 ? QStringLiteral("−") : QStringLiteral("+"))
                                                 .arg(std::fabs(delta), 0, 'f', 2));
    if (!a.cutBy.empty()) parts << tr("cut by %1").arg(stageLabel(a.cutBy));
    return parts.join(QStringLiteral(", "));
}

TokenInspector::TokenInspector(AppContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx) {
    setObjectName(QStringLiteral("tokenInspector"));
    m_title = new QLabel(tr("Choose «Inspect» under a reply in the chat."), this);
    m_title->setWordWrap(true);
    m_title->setObjectName(QStringLiteral("tokenInspectorTitle"));
    auto* legend = new QLabel(tr("Tint: <span style=\"background:%1\">&nbsp;unlikely&nbsp;</span> "
                                 "<span style=\"background:%2\">&nbsp;even&nbsp;</span> "
                                 "<span style=\"background:%3\">&nbsp;likely&nbsp;</span> · "
                                 "<u>underlined</u>: sampled outside the stored alternatives · click a token")
                                  .arg(tint(0.05).name(), tint(0.5).name(), tint(0.95).name()),
                              this);
    m_reply = new QTextBrowser(this);
    m_reply->setObjectName(QStringLiteral("tokenReply"));
    m_reply->setOpenLinks(false);
    m_reply->setMaximumHeight(120);
    connect(m_reply, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        const QString s = url.toString();
        if (s.startsWith(QLatin1String("tok:"))) selectToken(s.mid(4).toInt());
    });
    m_alternatives = new QTableWidget(this);
    m_alternatives->setObjectName(QStringLiteral("alternativesTable"));
    m_alternatives->verticalHeader()->setVisible(false);
    m_alternatives->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_alternatives->setSelectionMode(QAbstractItemView::SingleSelection);
    enableTsvCopy(m_alternatives);
    m_continue = new QPushButton(tr("Continue from here with this token"), this);
    m_continue->setObjectName(QStringLiteral("continueButton"));
    connect(m_continue, &QPushButton::clicked, this, [this] {
        const int row = m_alternatives->currentRow();
        if (row >= 0) continueWith(m_selected, row);
    });
    connect(m_alternatives, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { continueWith(m_selected, row); });
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_alternatives, 1);
    leftLayout->addWidget(m_continue);

    m_steps = new QTableWidget(this);
    m_steps->setObjectName(QStringLiteral("stepsTable"));
    m_steps->setEditTriggers(QAbstractItemView::NoEditTriggers);
    enableTsvCopy(m_steps);
    m_plot = new TokenProbabilityPlot(this);
    connect(m_plot, &TokenProbabilityPlot::stepClicked, this, &TokenInspector::selectToken);
    auto* exportButton = new QPushButton(tr("Export plot…"), this);
    connect(exportButton, &QPushButton::clicked, this,
            [this] { exportPlotDialog(m_plot->plot(), this, QStringLiteral("tokens-%1").arg(m_messageId)); });

    auto* middle = new QSplitter(Qt::Horizontal, this);
    middle->addWidget(left);
    middle->addWidget(m_steps);
    middle->setStretchFactor(0, 1);
    middle->setStretchFactor(1, 3);
    middle->setSizes({560, 540});  // the alternatives table says what the sampler did to each
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(middle);
    split->addWidget(m_plot);
    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(exportButton);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(legend);
    layout->addWidget(m_reply);
    layout->addWidget(split, 1);
    connect(ctx.chatWorker(), &ChatWorker::finished, this, &TokenInspector::onFinished, Qt::QueuedConnection);
}

void TokenInspector::showMessage(qint64 messageId) {
    m_messageId = messageId;
    m_tokens.clear();
    m_selected = -1;
    QString weights;  // which decode weights produced the probabilities (absent in older messages)
    m_ctx.guarded([&] {
        if (!messageId) return;
        m_tokens = store::TraceRepo(m_ctx.db()).tokens(messageId);
        const auto settings = store::ChatRepo(m_ctx.db()).message(messageId).settingsJson;
        weights = QJsonDocument::fromJson(QByteArray::fromStdString(settings)).object().value(QStringLiteral("weights")).toString();
    });
    QString title = messageId ? tr("%n generated token(s), with the model's probability and its best alternatives", nullptr,
                                   static_cast<int>(m_tokens.size()))
                              : tr("Choose «Inspect» under a reply in the chat.");
    if (!weights.isEmpty()) title += QStringLiteral(" · ") + tr("probabilities from %1 weights").arg(weights.toUpper());
    m_title->setText(title);
    renderReply();
    fillSteps();
    QVector<double> probs, entropies;
    for (const auto& t : m_tokens) probs << t.prob, entropies << entropy(t);
    m_plot->setSteps(probs, entropies);
    m_alternatives->clear();
    m_alternatives->setRowCount(0);
    m_continue->setEnabled(false);
    if (!m_tokens.empty()) selectToken(0);
}

void TokenInspector::renderReply() {
    const QColor text(20, 20, 20);
    QString html = QStringLiteral("<p style=\"font-size: large\">");
    for (size_t i = 0; i < m_tokens.size(); ++i) {
        const auto& t = m_tokens[i];
        const int r = rank(t);
        QString shown = tokenText(t.text, false).toHtmlEscaped();
        if (shown.trimmed().isEmpty()) shown = QStringLiteral("&#x2423;");  // an end or blank token stays clickable
        const QString tip = tr("p = %1 · rank %2 · entropy %3").arg(t.prob, 0, 'f', 4).arg(r ? QString::number(r) : tr("outside"))
                                .arg(entropy(t), 0, 'f', 2);
        html += QStringLiteral("<a href=\"tok:%1\" title=\"%2\" style=\"background-color:%3; color:%4; text-decoration:%5\">%6</a>")
                    .arg(i)
                    .arg(tip.toHtmlEscaped(), tint(t.prob).name(), text.name(),
                         r == 0 || static_cast<int>(i) == m_selected ? QStringLiteral("underline") : QStringLiteral("none"), shown);
    }
    m_reply->setHtml(html + QStringLiteral("</p>"));
}

void TokenInspector::fillSteps() {
    // The seed's slide table: one column per step, the candidates in rows, best first.
    size_t k = 0;
    for (const auto& t : m_tokens) k = std::max(k, t.alternatives.size());
    m_steps->clear();
    m_steps->setColumnCount(static_cast<int>(m_tokens.size()));
    m_steps->setRowCount(static_cast<int>(k));
    QStringList header;
    for (size_t i = 0; i < m_tokens.size(); ++i) header << QStringLiteral("%1: %2").arg(i).arg(tokenText(m_tokens[i].text, true));
    m_steps->setHorizontalHeaderLabels(header);
    for (size_t i = 0; i < m_tokens.size(); ++i)
        for (size_t j = 0; j < m_tokens[i].alternatives.size(); ++j) {
            const auto& a = m_tokens[i].alternatives[j];
            auto* item = cell(QStringLiteral("%1  %2").arg(tokenText(a.text, true)).arg(a.prob, 0, 'f', 3));
            if (a.id == m_tokens[i].id) item->setBackground(tint(a.prob));
            if (!a.cutBy.empty()) {  // struck out: a sampler stage removed it
                QFont font = item->font();
                font.setStrikeOut(true);
                item->setFont(font);
            }
            if (const QString note = samplerNote(a); !note.isEmpty()) item->setToolTip(note);
            m_steps->setItem(static_cast<int>(j), static_cast<int>(i), item);
        }
    m_steps->resizeColumnsToContents();
}

void TokenInspector::selectToken(int position) {
    if (position < 0 || position >= static_cast<int>(m_tokens.size())) return;
    m_selected = position;
    const auto& t = m_tokens[static_cast<size_t>(position)];
    m_alternatives->clear();
    m_alternatives->setColumnCount(5);
    m_alternatives->setHorizontalHeaderLabels({tr("Rank"), tr("Token"), tr("Model"), tr("After"), tr("Sampler")});
    m_alternatives->horizontalHeaderItem(2)->setToolTip(tr("The model's own probability (before the sampler chain)"));
    m_alternatives->horizontalHeaderItem(3)->setToolTip(tr("The probability in the distribution the token was drawn from"));
    m_alternatives->setRowCount(static_cast<int>(t.alternatives.size()));
    for (size_t j = 0; j < t.alternatives.size(); ++j) {
        const auto& a = t.alternatives[j];
        const int row = static_cast<int>(j);
        m_alternatives->setItem(row, 0, cell(QString::number(j + 1)));
        m_alternatives->setItem(row, 1, cell(tokenText(a.text, true) + (a.id == t.id ? tr("  (chosen)") : QString())));
        m_alternatives->setItem(row, 2, cell(QString::number(a.prob, 'f', 4)));
        m_alternatives->setItem(row, 3, cell(a.probAfter ? QString::number(*a.probAfter, 'f', 4) : QStringLiteral("—")));
        auto* why = cell(samplerNote(a));
        if (!a.cutBy.empty()) why->setForeground(QColor(170, 40, 40));
        m_alternatives->setItem(row, 4, why);
    }
    auto* header = m_alternatives->horizontalHeader();
    header->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(4, QHeaderView::Stretch);
    m_continue->setEnabled(!t.alternatives.empty() && !m_ctx.turnRunning());
    m_plot->markStep(position);
    m_steps->setCurrentCell(0, position);
    renderReply();
}

bool TokenInspector::continueWith(int position, int alternativeRow) {
    if (position < 0 || position >= static_cast<int>(m_tokens.size()) || m_ctx.turnRunning()) return false;
    const auto& alts = m_tokens[static_cast<size_t>(position)].alternatives;
    if (alternativeRow < 0 || alternativeRow >= static_cast<int>(alts.size())) return false;
    ChatRequest r;
    r.kind = ChatRequest::Kind::ContinueFrom;
    r.messageId = m_messageId;
    r.position = position;
    r.tokenId = alts[static_cast<size_t>(alternativeRow)].id;
    r.settings = m_ctx.settings().agent;
    m_ctx.guarded([&] { r.chatId = store::ChatRepo(m_ctx.db()).message(m_messageId).chatId; });
    m_waitingFor = m_ctx.startTurn(r);
    return m_waitingFor != 0;
}

void TokenInspector::onFinished(const TurnOutcome& outcome) {
    if (!m_waitingFor || outcome.requestId != m_waitingFor) return;
    m_waitingFor = 0;
    if (!outcome.personaMessageId) return;
    showMessage(outcome.personaMessageId);
    Q_EMIT continued(outcome.personaMessageId);
}

}  // namespace persona::ui
