// The Tests tab's two tables: one run's results (question, retrieved facts, expected facts hit or
// missed, reply, reliance, top fact's influence) and two runs side by side with regressions
// marked by colour AND by a sign and words (▼ regression: hit → miss), never by colour alone.
#pragma once

#include "persona/agent/suite_runner.h"
#include "persona/store/suite_repo.h"

#include <QCoreApplication>
#include <QString>

class QTableWidget;

namespace persona::ui {

class SuiteTables {
    // The qualified name: the context lupdate gives this class's strings.
    Q_DECLARE_TR_FUNCTIONS(persona::ui::SuiteTables)
public:
    enum RunColumn { RunQuestion, RunRetrieved, RunExpected, RunHit, RunReply, RunReliance, RunTopFact, RunColumns };
    enum CompareColumn { CmpQuestion, CmpBefore, CmpAfter, CmpChange, CmpColumns };

    static void setUpRunTable(QTableWidget* table);
    static void setUpCompareTable(QTableWidget* table);
    static void fillRun(QTableWidget* table, const std::vector<store::SuiteResult>& results);
    static void appendResult(QTableWidget* table, const store::SuiteResult& result);
    static void fillComparison(QTableWidget* table, const SuiteComparison& comparison);

    // "✔ hit", "✘ missed", "—" (no expected facts).
    static QString hitText(const std::optional<bool>& hit);
    // What changed, in words, with its sign: "▼ regression: hit → miss, reliance −2.10".
    static QString changeText(const SuiteComparisonRow& row);
    // "2 of 3 hit (67%)", or "no expected facts".
    static QString hitRateText(const store::SuiteRun& run);
};

}  // namespace persona::ui
