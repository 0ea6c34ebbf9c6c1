// The window's chat worker under a user who never waits: 1,000 turns sent through the chat view,
// each met at a random moment by one of Stop, a fact added in the editor, a switch to another
// persona, a regenerate, or (every 100th turn) closing the whole window mid-reply and opening it
// again on the same database. At the end nothing crashed or hung, every message the view
// accepted is stored, every fact the editor added is in its persona's current revision, and the
// database is consistent (integrity_check, foreign keys, no orphan rows, every reply with its
// trace). PERSONA_STRESS_ITERATIONS overrides the count (the TSan run uses fewer: scripts/tsan.sh).
#include "ui_test_support.h"

#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "views/chat_view.h"
#include "views/persona_editor.h"
#include "views/persona_list_view.h"
#include "workers/chat_worker.h"

#include <sqlite3.h>

#include <QElapsedTimer>
#include <QtTest>

#include <random>

using namespace persona;

namespace {

std::string queryText(store::Database& db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_text(st, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

int iterations() {
    const int n = qEnvironmentVariableIntValue("PERSONA_STRESS_ITERATIONS");
    return n > 0 ? n : 1000;
}

// Lets the event loop run for `ms` milliseconds (tokens arrive, the worker's signals land).
void spin(int ms) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
}

}  // namespace

class WorkerStressTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aThousandInterruptedTurnsLoseNothingAndLeaveAConsistentStore() {
        test::UiFixture fx;
        ui::StudioSettings s = fx.settings();
        s.agent.sampling.maxNewTokens = 48;  // long enough for an interruption to land mid-reply
        s.agent.sampling.minNewTokens = 1;
        const QString db = QStringLiteral("stress.db");
        const int n = iterations();
        std::mt19937 rng(42);
        std::map<qint64, QStringList> addedFacts;  // persona -> facts the editor added
        int accepted = 0, closingSent = 0, stops = 0, edits = 0, switches = 0, regenerations = 0, closes = 0;
        QStringList names;

        QStringList failures;  // every turn the worker reported as failed, with its message
        auto watch = [&failures](ui::MainWindow* window) {
            QObject::connect(window->context().chatWorker(), &ui::ChatWorker::failed, window,
                             [&failures](qint64, const QString& message) { failures << message; });
        };
        auto w = fx.window(s, db);
        QVERIFY(w);
        watch(w.get());
        {
            auto check = store::Database::open(fx.path(db).toStdString());
            for (const auto& p : store::PersonaRepo(check).list()) names << QString::fromStdString(p.name);
        }
        QVERIFY2(names.size() >= 2, "the demo database has at least two personas to switch between");
        QVERIFY(w->personaList()->selectPersonaByName(names[0]));

        for (int i = 0; i < n; ++i) {
            if (i > 0 && i % 100 == 0) {
                // Close the window mid-reply and open it again on the same database.
                if (w->chatView()->send(QStringLiteral("Закрываю окно %1").arg(i))) ++accepted, ++closingSent;
                spin(static_cast<int>(rng() % 15));
                w->close();
                w.reset();
                ++closes;
                w = fx.window(s, db);
                QVERIFY(w);
                watch(w.get());
                QVERIFY(w->personaList()->selectPersonaByName(names[static_cast<int>(rng() % names.size())]));
            }
            const int action = static_cast<int>(rng() % 5);
            const bool regenerate = action == 4 && w->chatView()->chatId() != 0;
            if (regenerate) {
                w->chatView()->regenerate();
                ++regenerations;
            } else if (w->chatView()->send(QStringLiteral("Привет! Как дела? 😀 %1").arg(i))) {
                ++accepted;
            } else {
                QFAIL(qPrintable(QStringLiteral("turn %1: the view refused a message while idle").arg(i)));
            }
            spin(static_cast<int>(rng() % 12));
            switch (action) {
                case 0: break;  // let it finish
                case 1:
                    w->chatView()->stop();
                    ++stops;
                    break;
                case 2: {
                    const QString fact = QStringLiteral("Факт номер %1").arg(i);
                    w->editor()->addFact(fact);
                    addedFacts[w->editor()->personaId()] << fact;
                    ++edits;
                    break;
                }
                case 3:
                    QVERIFY(w->personaList()->selectPersonaByName(names[static_cast<int>(rng() % names.size())]));
                    ++switches;
                    break;
                default: break;
            }
            QTRY_VERIFY_WITH_TIMEOUT(!w->context().turnRunning(), 60000);
        }
        w->close();
        w.reset();
        qInfo("%d turns: %d messages accepted, %d stops, %d fact edits, %d persona switches, %d regenerations, "
              "%d window closes mid-reply",
              n, accepted, stops, edits, switches, regenerations, closes);
        QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 turns failed; the first: %2")
                                                    .arg(failures.size())
                                                    .arg(failures.value(0))));
        QVERIFY(stops > 0 && edits > 0 && switches > 0 && (n < 100 || closes > 0));

        auto check = store::Database::open(fx.path(db).toStdString());
        QCOMPARE(check.integrityCheck(), std::string("ok"));
        QCOMPARE(queryText(check, "SELECT count(*) FROM pragma_foreign_key_check"), std::string("0"));
        // Every message the view accepted is stored (the demo database starts with none of these).
        const std::string sent = queryText(check, "SELECT count(*) FROM messages WHERE role = 'user' AND "
                                                  "text LIKE 'Привет! Как дела?%'");
        const std::string closing = queryText(check, "SELECT count(*) FROM messages WHERE role = 'user' AND "
                                                     "text LIKE 'Закрываю окно%'");
        qInfo("stored: %s sent, %s of %d sent just before a close", sent.c_str(), closing.c_str(), closingSent);
        QCOMPARE(QString::fromStdString(sent).toInt() + QString::fromStdString(closing).toInt(), accepted);
        QCOMPARE(queryText(check, "SELECT count(*) FROM messages m WHERE m.parent_id IS NOT NULL AND "
                                  "NOT EXISTS (SELECT 1 FROM messages p WHERE p.id = m.parent_id)"),
                 std::string("0"));
        QCOMPARE(queryText(check, "SELECT count(*) FROM messages m WHERE m.role = 'persona' AND "
                                  "NOT EXISTS (SELECT 1 FROM token_trace t WHERE t.message_id = m.id)"),
                 std::string("0"));
        // Every fact the editor added during a reply is in its persona's current revision.
        store::PersonaRepo personas(check);
        for (const auto& [personaId, facts] : addedFacts) {
            QStringList current;
            for (const auto& f : personas.currentRevision(personaId).facts) current << QString::fromStdString(f.text);
            for (const QString& f : facts) QVERIFY2(current.contains(f), qPrintable(f));
        }
    }
};

QTEST_MAIN(WorkerStressTest)
#include "worker_stress_test.moc"
