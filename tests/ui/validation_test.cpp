// Validation mode through the real widgets: a turn labelled before its reply (the ticks go into
// the store as the turn's gold label and into the exported seed JSONL), the reply rated after it,
// and the metrics panel's precision@k against a chat whose BM25 ranking is worked out by hand.
#include "ui_test_support.h"

#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"
#include "views/chat_transcript.h"
#include "views/chat_view.h"
#include "views/label_panel.h"
#include "views/persona_list_view.h"
#include "views/validation_view.h"
#include "plots/qcp.h"

#include <QCheckBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTextBrowser>
#include <QThread>

#include <atomic>
#include <memory>
#include <set>

using namespace persona;

class ValidationTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aLabelledTurnIsStoredAndExported() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings());
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        ui::ChatView* chat = w->chatView();
        chat->newChat();
        chat->findChild<QCheckBox*>(QStringLiteral("validationMode"))->click();
        QVERIFY(chat->validationMode());

        // Ctrl+Enter in validation mode lists the facts first; nothing is sent yet.
        QSignalSpy listed(chat, &ui::ChatView::factsListed);
        auto* input = chat->findChild<QPlainTextEdit*>(QStringLiteral("chatInput"));
        input->setFocus();
        test::typeText(input, QStringLiteral("Где ты учишься?"));
        QTest::keyClick(input, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(listed.wait(30000));
        QVERIFY(store::ChatRepo(w->context().db()).selectedPath(chat->chatId()).empty());
        ui::LabelPanel* panel = chat->labelPanel();
        QVERIFY(panel->choosingFacts());
        const QList<qint64> shown = panel->shownFactIds();
        const auto factCount = store::PersonaRepo(w->context().db()).currentRevision(w->personaList()->currentPersonaId()).facts.size();
        QVERIFY(factCount >= 5);
        QCOMPARE(shown.size(), std::min<int>(ui::LabelPanel::kShownFacts, static_cast<int>(factCount)));
        QCOMPARE(panel->tickedFactIds().size(), 3);            // the retriever's top 3, pre-ticked

        // The labeller wants rows 2 and 5 only: untick everything, then the digits 2 and 5
        // (Space toggles the current row, the first: twice leaves it as it was).
        for (qint64 id : panel->tickedFactIds()) panel->setTicked(id, false);
        QTest::keyClick(panel->factTable(), Qt::Key_Space);
        QCOMPARE(panel->tickedFactIds(), QList<qint64>{shown[0]});
        QTest::keyClick(panel->factTable(), Qt::Key_Space);
        QVERIFY(panel->tickedFactIds().isEmpty());
        QTest::keyClick(panel->factTable(), Qt::Key_2);
        QTest::keyClick(panel->factTable(), Qt::Key_5);
        const std::set<qint64> wanted{shown[1], shown[4]};
        const QList<qint64> ticked = panel->tickedFactIds();
        QVERIFY(std::set<qint64>(ticked.begin(), ticked.end()) == wanted);

        QSignalSpy finished(chat, &ui::ChatView::replyFinished);
        QTest::keyClick(input, Qt::Key_Return, Qt::ControlModifier);  // confirms the ticks
        QVERIFY(finished.wait(60000));
        const auto outcome = finished.first().at(0).value<ui::TurnOutcome>();
        QVERIFY(outcome.personaMessageId);

        // In the store: the gold label is exactly the ticks; the retriever's scores are all kept.
        store::TraceRepo traces(w->context().db());
        const auto human = traces.humanSelection(outcome.personaMessageId);
        QVERIFY(std::set<qint64>(human.begin(), human.end()) == wanted);
        QCOMPARE(traces.retrieval(outcome.personaMessageId).size(), factCount);

        // After the reply the panel asks for the marks; they are stored with the message.
        QCOMPARE(panel->ratingMessageId(), outcome.personaMessageId);
        panel->findChild<QCheckBox*>(QStringLiteral("rateLogical"))->click();
        panel->findChild<QCheckBox*>(QStringLiteral("ratePersonal"))->click();
        QTest::keyClicks(panel->findChild<QLineEdit*>(QStringLiteral("rateComment")), QStringLiteral("on topic"));
        panel->findChild<QPushButton*>(QStringLiteral("saveRating"))->click();
        const auto rating = traces.rating(outcome.personaMessageId);
        QVERIFY(rating);
        QCOMPARE(rating->logical.value_or(-1), 1);
        QCOMPARE(rating->specific.value_or(-1), 0);
        QCOMPARE(rating->personal.value_or(-1), 1);
        QCOMPARE(rating->comment, std::string("on topic"));
        const QString shownText = chat->transcriptView()->toPlainText();
        QVERIFY2(shownText.contains(QStringLiteral("logical ✓ · specific ✗ · personal ✓ — on topic")), qPrintable(shownText));

        // The exported seed JSONL carries the ticks as the persona turn's gk.
        const QString file = fx.path(QStringLiteral("labelled.jsonl"));
        w->validationView()->setScope(LabelScope::Chat);
        QVERIFY(w->validationView()->exportJsonl(file));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        const QJsonObject doc = QJsonDocument::fromJson(lines[0]).object();
        const QJsonArray description = doc[QStringLiteral("persons")].toArray()[1].toObject()[QStringLiteral("description")].toArray();
        const QJsonObject reply = doc[QStringLiteral("dialog")].toArray()[1].toObject();
        QCOMPARE(reply[QStringLiteral("person")].toInt(), 1);
        std::set<std::string> gkTexts, wantedTexts;
        for (const auto& v : reply[QStringLiteral("gk")].toArray())
            gkTexts.insert(description[v.toInt()].toString().toStdString());
        for (const auto& row : traces.retrieval(outcome.personaMessageId))
            if (wanted.count(row.factId)) wantedTexts.insert(row.factText);
        QCOMPARE(gkTexts.size(), 2u);
        QVERIFY(gkTexts == wantedTexts);
    }

    void precisionAtKMatchesAHandComputedValue() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings());
        QVERIFY(w);
        store::Database& db = w->context().db();
        // Facts 0..3; each user message shares its words with one fact only, so BM25 (character
        // 4-grams of the last message) scores that fact above 0 and the others 0 (ties by order):
        //   "apples apples" -> 0, 1, 2, 3    labels {0, 3}
        //   "chess chess"   -> 3, 0, 1, 2    labels {2}
        //   "Paris Paris"   -> 1, 0, 2, 3    labels {1}
        // precision@1 = (1 + 0 + 1) / 3 = 0.667; precision@3 = (1/3 + 0 + 1/3) / 3 = 0.222.
        store::Persona p;
        p.name = "Alice";
        const std::vector<std::string> texts{"apples are my favourite fruit", "I live in Paris", "I study mathematics",
                                             "I play chess every day"};
        std::vector<store::FactDraft> drafts;
        for (const auto& t : texts) drafts.push_back({0, t, store::FactOrigin::Typed, true});
        const qint64 personaId = store::PersonaRepo(db).create(p, drafts).id;
        const auto facts = store::PersonaRepo(db).currentRevision(personaId).facts;
        store::ChatRepo chats(db);
        const qint64 chatId = chats.create(personaId, "by hand").id;
        std::optional<qint64> parent;
        const std::vector<std::pair<std::string, std::vector<int>>> turns{
            {"apples apples", {0, 3}}, {"chess chess", {2}}, {"Paris Paris", {1}}};
        for (const auto& [text, gold] : turns) {
            const auto user = chats.addMessage(chatId, parent, store::Role::User, text);
            const auto reply = chats.addMessage(chatId, user.id, store::Role::Persona, "ok");
            std::vector<store::Id> ids;
            for (int g : gold) ids.push_back(facts[static_cast<size_t>(g)].id);
            store::TraceRepo(db).setHumanSelection(reply.id, ids);
            parent = reply.id;
        }
        w->context().notifyPersonaListChanged();
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Alice")));

        ui::ValidationView* view = w->validationView();
        view->setScope(LabelScope::Persona);
        QSignalSpy updated(view, &ui::ValidationView::updated);
        view->setK(1);
        w->showView(ui::MainWindow::View::Validation);
        QVERIFY(updated.wait(30000));
        while (updated.wait(500)) {}  // the last of the refreshes (scope, k, showing the tab)
        QVERIFY(view->report());
        QCOMPARE(view->report()->labelledTurns, 3);
        QTableWidget* table = view->metricsTable();
        // BM25, bi-encoder, hybrid, then BM25's character n-grams alone and its stemmed words alone.
        QCOMPARE(table->rowCount(), 5);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("BM25 (n-grams + stemmed words)"));
        QCOMPARE(table->item(3, 0)->text(), QStringLiteral("BM25, character n-grams only"));
        QCOMPARE(table->item(4, 0)->text(), QStringLiteral("BM25, stemmed words only"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("0.667"));
        QVERIFY(qAbs(view->report()->methods[0].mean.precisionAtK - 2.0 / 3) < 1e-12);

        updated.clear();
        view->setK(3);
        QVERIFY(updated.wait(30000));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("0.222"));
        QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("Precision@3"));
        QVERIFY(qAbs(view->report()->methods[0].mean.precisionAtK - 2.0 / 9) < 1e-12);
        // The plot has one line per row of the table, one point per labelled turn.
        QCOMPARE(view->plot()->graphCount(), 5);
        QCOMPARE(view->plot()->graph(0)->dataCount(), 3);
    }

    // A metrics evaluation still queued when the window closes is cancelled too: the shutdown's
    // cancel used to be cleared by the evaluation when it started, so it ran to the end.
    void closingCancelsAQueuedLabelEvaluation() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings());
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        QVERIFY(w->chatView()->newChat());  // one chat in scope: the evaluation checks the flag per chat
        ui::ChatWorker* worker = w->context().chatWorker();
        auto evaluated = std::make_shared<std::atomic_int>(0);
        auto failed = std::make_shared<std::atomic_int>(0);
        // Direct: counted on the worker's thread, which outlives nothing here but these counters.
        QObject::connect(worker, &ui::ChatWorker::labelsEvaluated, worker, [evaluated] { ++*evaluated; }, Qt::DirectConnection);
        QObject::connect(worker, &ui::ChatWorker::labelsFailed, worker, [failed] { ++*failed; }, Qt::DirectConnection);
        // The worker busy for a moment, so that the evaluation is still queued at the close.
        QMetaObject::invokeMethod(worker, [] { QThread::msleep(500); }, Qt::QueuedConnection);
        QMetaObject::invokeMethod(worker, [worker] { worker->evaluateLabels(1, LabelQuery{}); }, Qt::QueuedConnection);
        w.reset();  // ~AppContext: cancel, then the thread quits behind what was queued
        QCOMPARE(evaluated->load(), 0);
        QCOMPARE(failed->load(), 1);  // Cancelled
    }
};

QTEST_MAIN(ValidationTest)
#include "validation_test.moc"
