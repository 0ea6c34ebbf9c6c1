#include "views/suite_tables.h"

#include <QBrush>
#include <QHeaderView>
#include <QTableWidget>

#include <algorithm>

namespace persona::ui {

namespace {

// Light tints with dark text, readable in the light and the dark theme alike.
const QColor kBad(255, 205, 205), kGood(205, 240, 205), kInk(20, 20, 20);

QTableWidgetItem* item(const QString& text, const QString& tooltip = {}) {
    auto* it = new QTableWidgetItem(text);
    it->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    it->setToolTip(tooltip.isEmpty() ? text : tooltip);
    return it;
}

void tint(QTableWidgetItem* it, const QColor& colour) {
    it->setBackground(colour);
    it->setForeground(kInk);
}

QString lines(const std::vector<store::SuiteFact>& facts) {
    QStringList out;
    for (const auto& f : facts) out << QString::fromStdString(f.text);
    return out.join(QLatin1Char('\n'));
}

QString number(double v) {
    // A real minus sign, and a plus for rises: the sign is part of what the column says.
    QString s = QString::number(v, 'f', 2);
    if (v > 0) s.prepend(QLatin1Char('+'));
    return s.replace(QLatin1Char('-'), QChar(0x2212));
}

void setUp(QTableWidget* table, const QStringList& headers, const QList<int>& narrow) {
    table->setColumnCount(static_cast<int>(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->setWordWrap(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->setVisible(false);
    // Text columns share the width (and wrap); the short ones take what they need. Rows grow
    // again whenever a column's width changes.
    QHeaderView* header = table->horizontalHeader();
    for (int c = 0; c < table->columnCount(); ++c)
        header->setSectionResizeMode(c, narrow.contains(c) ? QHeaderView::ResizeToContents : QHeaderView::Stretch);
    QObject::connect(header, &QHeaderView::sectionResized, table, [table] { table->resizeRowsToContents(); });
}

}  // namespace

void SuiteTables::setUpRunTable(QTableWidget* table) {
    setUp(table,
          {tr("Question"), tr("Retrieved facts"), tr("Expected facts"), tr("Hit"), tr("Reply"), tr("Reliance"),
           tr("Top fact (influence)")},
          {RunHit, RunReliance});
}

void SuiteTables::setUpCompareTable(QTableWidget* table) {
    setUp(table, {tr("Question"), tr("Before"), tr("After"), tr("Change")}, {});
}

QString SuiteTables::hitText(const std::optional<bool>& hit) {
    if (!hit) return QStringLiteral("—");
    return *hit ? tr("✔ hit") : tr("✘ missed");
}

QString SuiteTables::hitRateText(const store::SuiteRun& run) {
    if (!run.hitRate()) return tr("no expected facts");
    return tr("%1 of %2 hit (%3%)").arg(run.hits).arg(run.scored).arg(qRound(*run.hitRate() * 100));
}

void SuiteTables::appendResult(QTableWidget* table, const store::SuiteResult& r) {
    const int row = table->rowCount();
    table->insertRow(row);
    table->setItem(row, RunQuestion, item(QString::fromStdString(r.question)));
    table->setItem(row, RunRetrieved, item(lines(r.retrieved)));
    QStringList expected;
    for (const auto& e : r.expected) {
        const bool got = std::any_of(r.retrieved.begin(), r.retrieved.end(),
                                     [&](const store::SuiteFact& f) { return f.factId == e.factId; });
        expected << (got ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + QString::fromStdString(e.text);
    }
    table->setItem(row, RunExpected, item(expected.join(QLatin1Char('\n'))));
    auto* hit = item(hitText(r.hit));
    if (r.hit) tint(hit, *r.hit ? kGood : kBad);
    table->setItem(row, RunHit, hit);
    table->setItem(row, RunReply, item(QString::fromStdString(r.reply)));
    table->setItem(row, RunReliance, item(r.reliance ? number(*r.reliance) : QStringLiteral("—"),
                                          tr("log p(reply | facts) − log p(reply | no facts), nats")));
    QString top = QStringLiteral("—");
    if (r.topFact && r.topFactInfluence)
        top = tr("%1 (%2)").arg(QString::fromStdString(r.topFact->text), number(*r.topFactInfluence));
    table->setItem(row, RunTopFact, item(top));
    table->resizeRowToContents(row);
}

void SuiteTables::fillRun(QTableWidget* table, const std::vector<store::SuiteResult>& results) {
    table->setRowCount(0);
    for (const auto& r : results) appendResult(table, r);
}

namespace {

QString side(const std::optional<store::SuiteResult>& r) {
    if (!r) return QStringLiteral("—");
    QString s = SuiteTables::hitText(r->hit);
    if (r->reliance) s += QStringLiteral(" · ") + SuiteTables::tr("reliance %1").arg(number(*r->reliance));
    return s;
}

}  // namespace

QString SuiteTables::changeText(const SuiteComparisonRow& row) {
    using Change = SuiteComparisonRow::Change;
    if (row.change == Change::Added) return tr("+ new question");
    if (row.change == Change::Removed) return tr("− not in this run");
    QStringList why;
    const auto& a = *row.before;
    const auto& b = *row.after;
    if (a.hit && b.hit && *a.hit != *b.hit) why << (*a.hit ? tr("hit → miss") : tr("miss → hit"));
    if (a.reliance && b.reliance && *a.reliance != *b.reliance)
        why << tr("reliance %1").arg(number(*b.reliance - *a.reliance));
    const QString detail = why.join(QStringLiteral(", "));
    switch (row.change) {
        case Change::Regression: return tr("▼ regression: %1").arg(detail);
        case Change::Improvement: return tr("▲ improvement: %1").arg(detail);
        default: return detail.isEmpty() ? tr("= same") : tr("= same (%1)").arg(detail);
    }
}

void SuiteTables::fillComparison(QTableWidget* table, const SuiteComparison& comparison) {
    table->setRowCount(0);
    for (const auto& c : comparison.rows) {
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, CmpQuestion, item(QString::fromStdString(c.question)));
        table->setItem(row, CmpBefore, item(side(c.before)));
        table->setItem(row, CmpAfter, item(side(c.after)));
        auto* change = item(changeText(c));
        change->setData(Qt::UserRole, QString::fromStdString(toString(c.change)));
        table->setItem(row, CmpChange, change);
        if (c.change == SuiteComparisonRow::Change::Regression)
            for (int col = 0; col < CmpColumns; ++col) tint(table->item(row, col), kBad);  // the whole row
        else if (c.change == SuiteComparisonRow::Change::Improvement)
            tint(change, kGood);
        table->resizeRowToContents(row);
    }
}

}  // namespace persona::ui
