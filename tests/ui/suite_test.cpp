// The Tests tab: a question typed and its expected fact ticked in the view, a suite run on two
// revisions of the persona (revision 2 disables the expected fact) reports the regression in the
// comparison table, marked in words and colour; Cancel stores nothing; self-play lands in the
// store as a chat with the partner.
#include "ui_test_support.h"

#include "persona/store/chat_repo.h"
#include "persona/store/persona_repo.h"
#include "views/persona_list_view.h"
#include "views/suite_tables.h"
#include "views/suite_view.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>

using namespace persona;

namespace {

// Every fact retrieved: whether a question is hit depends only on which facts are enabled.
ui::StudioSettings settings(test::UiFixture& fx) {
    auto s = fx.settings();
    s.agent.topK = 50;
    s.agent.threshold = -1000;
    s.agent.sampling.maxNewTokens = 6;
    return s;
}

ui::SuiteView* openTests(ui::MainWindow& w) {
    if (!w.personaList()->selectPersonaByName(QStringLiteral("Кирилл"))) return nullptr;
    w.showView(ui::MainWindow::View::Suite);
    return w.suiteView();
}

bool run(ui::SuiteView* view, bool* cancelled = nullptr) {
    QSignalSpy finished(view, &ui::SuiteView::runFinished);
    auto* button = view->findChild<QPushButton*>(QStringLiteral("suiteRun"));
    if (!button->isEnabled()) return false;
    button->click();
    if (!finished.wait(60000)) {
        qWarning("no run finished; status: %s", qPrintable(view->findChild<QLabel*>(QStringLiteral("suiteStatus"))->text()));
        return false;
    }
    if (cancelled) *cancelled = finished.first().at(1).toBool();
    return true;
}

}  // namespace

class SuiteTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runOnTwoRevisionsReportsTheRegression() {
        test::UiFixture fx;
        auto w = fx.window(settings(fx));
        QVERIFY(w);
        auto* view = openTests(*w);
        QVERIFY(view);
        const qint64 personaId = view->personaId();

        // The question and its expected fact, through the editor's widgets.
        test::typeText(view->findChild<QLineEdit*>(QStringLiteral("suiteQuestionEdit")), QStringLiteral("Где ты живёшь?"));
        auto* facts = view->findChild<QListWidget*>(QStringLiteral("suiteExpectedFacts"));
        QVERIFY(facts->count() >= 2);
        QListWidgetItem* expected = facts->item(1);
        const qint64 factId = expected->data(Qt::UserRole).toLongLong();
        expected->setCheckState(Qt::Checked);
        view->findChild<QPushButton*>(QStringLiteral("suiteAddQuestion"))->click();
        QCOMPARE(view->questions().size(), size_t(1));
        QCOMPARE(view->questions()[0].text, std::string("Где ты живёшь?"));
        QCOMPARE(view->questions()[0].expected.size(), size_t(1));
        QCOMPARE(qint64(view->questions()[0].expected[0].factId), factId);

        // Revision 1: every enabled fact is retrieved, so the question is hit.
        bool cancelled = true;
        QVERIFY(run(view, &cancelled));
        QVERIFY(!cancelled);
        QCOMPARE(view->runs().size(), size_t(1));
        QCOMPARE(view->resultsTable()->rowCount(), 1);
        QCOMPARE(view->resultsTable()->item(0, ui::SuiteTables::RunHit)->text(), ui::SuiteTables::hitText(true));
        QVERIFY(!view->comparison());

        // Revision 2 disables the expected fact, as the editor would: a miss, a regression.
        QVERIFY(w->context().guarded([&] { store::PersonaRepo(w->context().db()).setFactEnabled(personaId, factId, false); }));
        w->context().notifyPersonaChanged(personaId);
        QVERIFY(run(view, &cancelled));
        QVERIFY(!cancelled);
        QCOMPARE(view->runs().size(), size_t(2));
        QVERIFY(view->runs()[0].revisionNumber > view->runs()[1].revisionNumber);
        QCOMPARE(view->resultsTable()->item(0, ui::SuiteTables::RunHit)->text(), ui::SuiteTables::hitText(false));

        // The newest run is compared with the one before it at once.
        QVERIFY(view->comparison());
        QCOMPARE(view->comparison()->regressions, 1);
        QVERIFY(view->comparison()->rows[0].change == SuiteComparisonRow::Change::Regression);
        auto* table = view->comparisonTable();
        QVERIFY(table->isVisibleTo(view));
        QCOMPARE(table->rowCount(), 1);
        const auto* change = table->item(0, ui::SuiteTables::CmpChange);
        QCOMPARE(change->data(Qt::UserRole).toString(), QStringLiteral("regression"));
        QVERIFY2(change->text().startsWith(QStringLiteral("▼")), qPrintable(change->text()));
        QVERIFY2(change->text().contains(ui::SuiteTables::tr("hit → miss")), qPrintable(change->text()));
        const QColor tint = change->background().color();
        QVERIFY2(tint.red() > tint.green() + 20, qPrintable(tint.name()));  // marked red too
        QCOMPARE(table->item(0, ui::SuiteTables::CmpBefore)->text().left(1), QStringLiteral("✔"));
        QCOMPARE(table->item(0, ui::SuiteTables::CmpAfter)->text().left(1), QStringLiteral("✘"));

        // Selecting the runs the other way round shows the fix as an improvement.
        view->showRuns(view->runs()[0].id, view->runs()[1].id);
        QCOMPARE(view->comparison()->improvements, 1);
        QCOMPARE(view->comparison()->regressions, 0);
    }

    void cancelStoresNothing() {
        test::UiFixture fx;
        auto w = fx.window(settings(fx));
        QVERIFY(w);
        auto* view = openTests(*w);
        QVERIFY(view);
        QVERIFY(view->addQuestion(QStringLiteral("Где ты учишься?"), {}));
        QVERIFY(view->addQuestion(QStringLiteral("Что ты любишь?"), {}));
        QSignalSpy finished(view, &ui::SuiteView::runFinished);
        QVERIFY(view->runSuite());
        QVERIFY(view->busy());
        QVERIFY(!view->runSuite());  // one at a time
        view->findChild<QPushButton*>(QStringLiteral("suiteCancel"))->click();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(0).toLongLong(), qint64(0));
        QVERIFY(finished.first().at(1).toBool());
        QVERIFY(view->runs().empty());
        QVERIFY(!view->busy());
    }

    void selfPlayIsStoredAsAChatWithThePartner() {
        test::UiFixture fx;
        auto w = fx.window(settings(fx));
        QVERIFY(w);
        auto* view = openTests(*w);
        QVERIFY(view);
        store::ChatRepo chats(w->context().db());
        const auto partner = store::PersonaRepo(w->context().db()).getByName("Максим");
        const size_t before = chats.listForPersona(view->personaId()).size();
        QSignalSpy finished(view, &ui::SuiteView::selfPlayFinished);
        QVERIFY(view->startSelfPlay(partner.id, 2, QStringLiteral("Привет!")));
        QVERIFY(finished.wait(60000));
        const qint64 chatId = finished.first().at(0).toLongLong();
        QCOMPARE(chats.listForPersona(view->personaId()).size(), before + 1);
        const auto chat = chats.get(chatId);
        QVERIFY(chat.partnerPersonaId == partner.id);
        const auto path = chats.selectedPath(chatId);
        QCOMPARE(path.size(), size_t(4));
        QCOMPARE(path[0].text, std::string("Привет!"));
        QVERIFY(path[1].role == store::Role::Persona);
    }
};

QTEST_MAIN(SuiteTest)
#include "suite_test.moc"
