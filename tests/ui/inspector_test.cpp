// The inspectors hold the values the engine produced for a message (not just that they draw):
// retrieval bars and the three methods side by side against the stored trace, pin / exclude +
// regenerate makes a sibling with the changed selection, the token inspector's plot and tables
// against the stored token trace, and continuing from an alternative.
#include "ui_test_support.h"

#include "inspectors/influence_panel.h"
#include "inspectors/retrieval_inspector.h"
#include "inspectors/token_inspector.h"
#include "models/fact_table_model.h"
#include "persona/store/chat_repo.h"
#include "persona/store/trace_repo.h"
#include "plots/plot_export.h"
#include "plots/qcp.h"
#include "plots/retrieval_bars.h"
#include "plots/token_plots.h"
#include "views/chat_view.h"
#include "views/persona_list_view.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QScrollBar>
#include <QTableWidget>

#include <algorithm>
#include <cmath>
#include <map>

using namespace persona;

namespace {

// Every (row index -> value) the bars plot holds, over all its QCPBars.
std::map<int, double> plottedBars(QCustomPlot* plot) {
    std::map<int, double> out;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto* bars = qobject_cast<QCPBars*>(plot->plottable(i)))
            for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
                out[static_cast<int>(it->key)] = it->value;
    return out;
}

ui::TurnOutcome reply(ui::MainWindow& w, const QString& text) {
    QSignalSpy finished(w.chatView(), &ui::ChatView::replyFinished);
    if (!w.chatView()->send(text) || !finished.wait(60000)) return {};
    return finished.first().at(0).value<ui::TurnOutcome>();
}

ui::StudioSettings settings(test::UiFixture& fx) {
    auto s = fx.settings();
    s.agent.sampling.minNewTokens = 6;
    s.agent.topK = 2;
    return s;
}

}  // namespace

class InspectorTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void retrievalPlotHoldsTheStoredScores() {
        test::UiFixture fx;
        auto w = fx.window(settings(fx));
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        QSignalSpy engine(w->context().chatWorker(), &ui::ChatWorker::retrieved);
        const auto out = reply(*w, QStringLiteral("Ты учишься в университете ИТМО?"));
        QVERIFY(out.personaMessageId);
        QCOMPARE(engine.count(), 1);
        const auto retrieval = engine.first().at(1).value<AgentRetrieval>();

        ui::RetrievalInspector* inspector = w->retrievalInspector();
        QCOMPARE(inspector->messageId(), out.personaMessageId);
        const auto& rows = inspector->bars()->rows();
        QCOMPARE(rows.size(), static_cast<int>(retrieval.facts.size()));
        const auto plotted = plottedBars(inspector->bars()->plot());
        QCOMPARE(static_cast<int>(plotted.size()), rows.size());
        for (const auto& f : retrieval.facts) {
            const auto it = std::find_if(rows.begin(), rows.end(), [&](const ui::BarRow& b) { return b.factId == f.factId; });
            QVERIFY(it != rows.end());
            QCOMPARE(it->score, f.score.score);
            QCOMPARE(it->rank, f.score.rank);
            QCOMPARE(it->selected, f.score.selected);
            QCOMPARE(plotted.at(static_cast<int>(it - rows.begin())), f.score.score);  // the bar drawn at its row
            QCOMPARE(it->reason, QString::fromStdString(toString(f.score.reason)));
        }
        // Hover text names the exact value and the reason.
        QVERIFY(ui::RetrievalBars::describe(rows[0]).contains(QString::number(rows[0].score, 'g', 6)));
        // The table copies as TSV with the same numbers.
        const QString tsv = ui::tableToTsv(inspector->table(), false);
        QVERIFY2(tsv.contains(QString::number(rows[0].score, 'g', 6)), qPrintable(tsv));

        // Fact influence, computed on the worker and stored: the panel shows the stored numbers.
        ui::InfluencePanel* influence = inspector->influence();
        if (influence->result().messageId != out.personaMessageId) {
            QSignalSpy ready(influence, &ui::InfluencePanel::ready);
            QVERIFY(ready.wait(60000));
        }
        const auto stored = storedInfluence(w->context().db(), out.personaMessageId);
        QVERIFY(stored.has_value());
        QCOMPARE(influence->table()->rowCount(), static_cast<int>(stored->facts.size()));
        QVERIFY(!stored->facts.empty());
        for (int i = 0; i < influence->table()->rowCount(); ++i)
            QCOMPARE(influence->table()->item(i, 2)->text(), QString::number(stored->facts[static_cast<size_t>(i)].influence, 'f', 4));

        // The persona editor links back: each fact's row holds how often it was selected and its
        // mean influence (one reply so far: that reply's numbers).
        ui::FactTableModel* facts = w->factModel();
        QTRY_VERIFY(facts->rowCount() > 0);
        for (const auto& f : retrieval.facts) {
            const int row = facts->rowOf(f.factId);
            QVERIFY(row >= 0);
            const QModelIndex cell = facts->index(row, ui::FactTableModel::UsageColumn);
            QTRY_COMPARE(cell.data(ui::FactTableModel::SelectedCountRole).toInt(), f.score.selected ? 1 : 0);
            const auto it = std::find_if(stored->facts.begin(), stored->facts.end(), [&](const FactInfluence& fi) { return fi.factId == f.factId; });
            if (it == stored->facts.end()) {
                QVERIFY(!cell.data(ui::FactTableModel::MeanInfluenceRole).isValid());
            } else {
                QTRY_VERIFY(cell.data(ui::FactTableModel::MeanInfluenceRole).isValid());
                QCOMPARE(cell.data(ui::FactTableModel::MeanInfluenceRole).toDouble(), it->influence);
                QVERIFY(cell.data(Qt::DisplayRole).toString().contains(QString::number(it->influence, 'f', 2)));
            }
        }

        // Side by side: each method's scores equal the components the hybrid score was made of.
        inspector->compareMethods(true);
        QSignalSpy ready(inspector, &ui::RetrievalInspector::methodsReady);
        QVERIFY(ready.wait(30000));
        QVERIFY(retrieval.method == RetrievalMethod::Hybrid);
        for (const auto& f : retrieval.facts)
            for (int m = 0; m < 2; ++m) {
                const auto& mr = inspector->methodBars(m)->rows();
                const auto it = std::find_if(mr.begin(), mr.end(), [&](const ui::BarRow& b) { return b.factId == f.factId; });
                QVERIFY(it != mr.end());
                QVERIFY(std::abs(it->score - f.score.components.at(m == 0 ? "bm25" : "biencoder")) < 1e-6);
            }
    }

    void aPlotOfManyFactsKeepsItsHeightAndScrolls() {
        ui::RetrievalBars bars;
        auto rows = [](int n) {
            QVector<ui::BarRow> out;
            for (int i = 0; i < n; ++i) out.push_back({i + 1, QStringLiteral("факт %1").arg(i), 1.0 / (i + 1), i + 1, i < 3, {}});
            return out;
        };
        bars.setRows(rows(5), 0.1, 3, {});
        QVERIFY(bars.scrollBar()->isHidden());
        const int smallHeight = bars.plot()->minimumHeight();
        bars.setRows(rows(10000), 0.1, 3, {});
        QCOMPARE(bars.rows().size(), 10000);
        QVERIFY(!bars.scrollBar()->isHidden());
        QCOMPARE(bars.scrollBar()->maximum(), 10000 - ui::RetrievalBars::kMaxRowsShown);
        QVERIFY(bars.plot()->minimumHeight() < 1000);  // not 22 pixels a fact
        QVERIFY(bars.plot()->minimumHeight() > smallHeight);
        QCOMPARE(bars.firstShownRow(), 0);
        bars.scrollBar()->setValue(500);
        QCOMPARE(bars.firstShownRow(), 500);
        bars.setRows(rows(40), 0.1, 3, {});
        QCOMPARE(bars.firstShownRow(), 0);  // a new message starts from the top
    }

    void pinAndExcludeThenRegenerateMakesASiblingWithThatSelection() {
        test::UiFixture fx;
        auto w = fx.window(settings(fx));
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        const auto out = reply(*w, QStringLiteral("Ты учишься в университете ИТМО?"));
        ui::RetrievalInspector* inspector = w->retrievalInspector();
        const auto rows = inspector->bars()->rows();
        qint64 selected = 0, unselected = 0;
        for (const auto& r : rows) {
            if (r.selected && !selected) selected = r.factId;
            if (!r.selected) unselected = r.factId;
        }
        QVERIFY(selected && unselected);
        inspector->cycleOverride(unselected);  // pinned
        inspector->cycleOverride(selected);    // pinned
        inspector->cycleOverride(selected);    // excluded
        QVERIFY(inspector->pinned().contains(unselected));
        QVERIFY(inspector->excluded().contains(selected));
        QSignalSpy regenerated(inspector, &ui::RetrievalInspector::regenerated);
        QVERIFY(inspector->regenerateWithOverrides());
        QVERIFY(regenerated.wait(60000));
        const qint64 sibling = regenerated.first().at(0).toLongLong();
        QVERIFY(sibling != out.personaMessageId);
        QCOMPARE(store::ChatRepo(w->context().db()).siblings(sibling).size(), 2u);
        for (const auto& row : store::TraceRepo(w->context().db()).retrieval(sibling)) {
            if (row.factId == unselected) QVERIFY(row.selectedByModel);
            if (row.factId == selected) QVERIFY(!row.selectedByModel);
        }
        // The inspector now shows the new reply, and both replies side by side.
        QCOMPARE(inspector->messageId(), sibling);
        QVERIFY(!inspector->compareBefore()->toPlainText().isEmpty());
        QVERIFY(!inspector->compareAfter()->toPlainText().isEmpty());
        const auto after = inspector->bars()->rows();
        for (const auto& r : after) {
            if (r.factId == unselected) QCOMPARE(r.reason, QStringLiteral("pinned"));
            if (r.factId == selected) QCOMPARE(r.reason, QStringLiteral("excluded"));
        }
    }

    void tokenInspectorHoldsTheStoredTokensAndContinuesFromAnAlternative() {
        test::UiFixture fx;
        auto w = fx.window(settings(fx));
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        const auto out = reply(*w, QStringLiteral("Привет"));
        ui::TokenInspector* inspector = w->tokenInspector();
        QCOMPARE(inspector->messageId(), out.personaMessageId);
        const auto stored = store::TraceRepo(w->context().db()).tokens(out.personaMessageId);
        QCOMPARE(inspector->tokens().size(), stored.size());
        QVERIFY(stored.size() >= 3);
        // Which weights produced these probabilities: stored with the reply, shown in the header.
        const auto settingsJson = store::ChatRepo(w->context().db()).message(out.personaMessageId).settingsJson;
        QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(settingsJson)).object().value("weights").toString(),
                 QStringLiteral("f32"));  // the demo generator is an F32 file
        auto* title = inspector->findChild<QLabel*>(QStringLiteral("tokenInspectorTitle"));
        QVERIFY(title);
        QVERIFY2(title->text().contains(QStringLiteral("F32 weights")), qPrintable(title->text()));
        // The plot's first graph is the chosen token's probability at each step.
        QCPGraph* graph = inspector->probabilityPlot()->plot()->graph(0);
        QCOMPARE(graph->dataCount(), static_cast<int>(stored.size()));
        for (size_t i = 0; i < stored.size(); ++i) QCOMPARE((graph->data()->constBegin() + i)->value, stored[i].prob);
        // Entropy from the stored alternatives plus the rest: bounded by log(k + 1).
        for (const auto& t : stored) QVERIFY(ui::TokenInspector::entropy(t) <= std::log(t.alternatives.size() + 1.0) + 1e-9);
        // Clicking token 2 lists its alternatives with their probabilities.
        inspector->selectToken(2);
        QTableWidget* alts = inspector->alternativesTable();
        QCOMPARE(alts->rowCount(), static_cast<int>(stored[2].alternatives.size()));
        QCOMPARE(alts->item(1, 2)->text(), QString::number(stored[2].alternatives[1].prob, 'f', 4));
        // The steps table: one column per step, candidates in rows.
        QCOMPARE(inspector->stepsTable()->columnCount(), static_cast<int>(stored.size()));

        // Continue from step 2 with its second alternative: a sibling that keeps steps 0-1.
        QSignalSpy continued(inspector, &ui::TokenInspector::continued);
        QVERIFY(inspector->continueWith(2, 1));
        QVERIFY(continued.wait(60000));
        const qint64 sibling = continued.first().at(0).toLongLong();
        const auto next = store::TraceRepo(w->context().db()).tokens(sibling);
        QVERIFY(next.size() >= 3);
        QCOMPARE(next[0].id, stored[0].id);
        QCOMPARE(next[1].id, stored[1].id);
        QCOMPARE(next[2].id, stored[2].alternatives[1].id);
        QCOMPARE(inspector->messageId(), sibling);  // inspectable the same way
        QCOMPARE(store::ChatRepo(w->context().db()).siblings(sibling).size(), 2u);
    }
};

QTEST_MAIN(InspectorTest)
#include "inspector_test.moc"
