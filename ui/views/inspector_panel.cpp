#include "views/inspector_panel.h"

#include "app_context.h"
#include "persona/store/chat_repo.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace persona::ui {

namespace {

QTableWidgetItem* cell(const QString& text, bool right = false) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (right) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

// A token's bytes for display: partial UTF-8 shows as U+FFFD, spaces as a visible dot.
QString tokenText(const std::string& bytes) {
    QString s = QString::fromUtf8(bytes.data(), static_cast<int>(bytes.size()));
    s.replace(QLatin1Char(' '), QChar(0x00B7));
    return s;
}

}  // namespace

InspectorPanel::InspectorPanel(AppContext& ctx, Kind kind, QWidget* parent) : QWidget(parent), m_ctx(ctx), m_kind(kind) {
    setObjectName(kind == Kind::Retrieval ? QStringLiteral("retrievalPanel") : QStringLiteral("tokenPanel"));
    m_title = new QLabel(tr("Choose «Inspect» under a reply in the chat."), this);
    m_title->setWordWrap(true);
    m_table = new QTableWidget(this);
    m_table->verticalHeader()->setVisible(false);
    m_table->setAlternatingRowColors(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_table, 1);
}

void InspectorPanel::showMessage(qint64 messageId) {
    m_messageId = messageId;
    m_table->clear();
    m_table->setRowCount(0);
    if (!messageId) return;
    if (m_kind == Kind::Retrieval) showRetrieval();
    else showTokens();
}

void InspectorPanel::showRetrieval() {
    std::vector<store::RetrievalTraceRow> rows;
    QString reply;
    int revision = 0;
    m_ctx.guarded([&] {
        rows = store::TraceRepo(m_ctx.db()).retrieval(m_messageId);
        const auto message = store::ChatRepo(m_ctx.db()).message(m_messageId);
        reply = QString::fromStdString(message.text);
        const auto chat = store::ChatRepo(m_ctx.db()).get(message.chatId);
        revision = store::PersonaRepo(m_ctx.db()).revision(message.personaRevisionId.value_or(chat.personaRevisionId)).number;
    });
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.rank.value_or(1 << 30) < b.rank.value_or(1 << 30); });
    m_title->setText(tr("Retrieval for the reply «%1» with persona revision %2: %n fact(s) scored", nullptr,
                        static_cast<int>(rows.size()))
                         .arg(reply)
                         .arg(revision));
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels({tr("Rank"), tr("Fact"), tr("Score"), tr("Used"), tr("Components")});
    m_table->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
        const auto& row = rows[static_cast<size_t>(r)];
        QStringList parts;
        for (const auto& [name, value] : row.components) parts << QStringLiteral("%1 %2").arg(QString::fromStdString(name)).arg(value, 0, 'f', 3);
        m_table->setItem(r, 0, cell(row.rank ? QString::number(*row.rank) : QString(), true));
        m_table->setItem(r, 1, cell(QString::fromStdString(row.factText)));
        m_table->setItem(r, 2, cell(row.score ? QString::number(*row.score, 'f', 4) : QString(), true));
        m_table->setItem(r, 3, cell(row.selectedByModel ? tr("yes") : QString()));
        m_table->setItem(r, 4, cell(parts.join(QStringLiteral(", "))));
    }
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->resizeColumnToContents(0);
}

void InspectorPanel::showTokens() {
    std::vector<store::TokenTraceRow> tokens;
    m_ctx.guarded([&] { tokens = store::TraceRepo(m_ctx.db()).tokens(m_messageId); });
    m_title->setText(tr("%n generated token(s), with the model's probability and its best alternatives", nullptr,
                        static_cast<int>(tokens.size())));
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("#"), tr("Token"), tr("Probability"), tr("Alternatives")});
    m_table->setRowCount(static_cast<int>(tokens.size()));
    for (int r = 0; r < static_cast<int>(tokens.size()); ++r) {
        const auto& t = tokens[static_cast<size_t>(r)];
        QStringList alts;
        for (size_t i = 0; i < std::min<size_t>(t.alternatives.size(), 5); ++i)
            alts << QStringLiteral("%1 %2").arg(tokenText(t.alternatives[i].text)).arg(t.alternatives[i].prob, 0, 'f', 3);
        m_table->setItem(r, 0, cell(QString::number(t.position), true));
        m_table->setItem(r, 1, cell(tokenText(t.text)));
        m_table->setItem(r, 2, cell(QString::number(t.prob, 'f', 4), true));
        m_table->setItem(r, 3, cell(alts.join(QStringLiteral("   "))));
    }
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_table->resizeColumnToContents(0);
}

}  // namespace persona::ui
