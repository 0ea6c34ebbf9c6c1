// The persona side of the window, driven through the real widgets: create a persona, add / edit in
// place / reorder / disable / delete facts, undo and redo every edit, delete and restore a
// persona, import a card by dropping it on the window, revisions and their diff, search.
#include "ui_test_support.h"

#include "commands/persona_commands.h"
#include "models/fact_table_model.h"
#include "models/persona_list_model.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/suite_repo.h"
#include "views/persona_editor.h"
#include "views/persona_list_view.h"

#include <QAction>
#include <QApplication>
#include <QDropEvent>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>

using namespace persona;

namespace {

std::vector<std::string> factTexts(ui::MainWindow& w, qint64 personaId) {
    std::vector<std::string> out;
    for (const auto& f : store::PersonaRepo(w.context().db()).currentRevision(personaId).facts) out.push_back(f.text);
    return out;
}

QAction* action(ui::MainWindow& w, const char* name) { return w.findChild<QAction*>(QString::fromLatin1(name)); }

}  // namespace

class EditorTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void firstRunHasTheDemoPersona() {
        test::UiFixture fx;
        ui::MainWindow w(fx.path(QStringLiteral("first.db")), fx.settings());
        QVERIFY(w.personaList()->model()->rowCount() >= 1);
        QVERIFY(w.personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        QVERIFY(w.factModel()->rowCount() >= 5);
    }

    void factsAreEditedThroughTheTableAndEveryEditUndoes() {
        test::UiFixture fx;
        ui::MainWindow w(fx.path(QStringLiteral("edit.db")), fx.settings());
        w.show();
        const qint64 id = w.personaList()->createPersona(QStringLiteral("Анна"));
        QVERIFY(id);
        QCOMPARE(w.editor()->personaId(), id);

        // Add two facts by typing into the new-fact line and pressing Enter.
        auto* line = w.editor()->findChild<QLineEdit*>(QStringLiteral("newFactEdit"));
        QVERIFY(line);
        for (const QString& f : {QStringLiteral("Я живу в Казани"), QStringLiteral("У меня есть кошка")}) {
            line->setFocus();
            test::typeText(line, f);
            QTest::keyClick(line, Qt::Key_Return);
        }
        QCOMPARE(factTexts(w, id), (std::vector<std::string>{"Я живу в Казани", "У меня есть кошка"}));
        QCOMPARE(w.factModel()->rowCount(), 2);

        // Edit in place: the table's own editor, typed into and committed with Enter.
        QTableView* view = w.editor()->factView();
        const QModelIndex cell = w.factModel()->index(0, ui::FactTableModel::TextColumn);
        view->setCurrentIndex(cell);
        view->edit(cell);
        auto* editor = view->findChild<QLineEdit*>();
        QVERIFY(editor);
        editor->selectAll();
        test::typeText(editor, QStringLiteral("Я живу в Москве"));
        QTest::keyClick(editor, Qt::Key_Return);
        QCoreApplication::processEvents();  // the delegate commits through a queued call
        QCOMPARE(QString::fromStdString(factTexts(w, id)[0]), QStringLiteral("Я живу в Москве"));

        // Reorder by drag: the model's drop of row 1 above row 0.
        QMimeData* drag = w.factModel()->mimeData({w.factModel()->index(1, 1)});
        w.factModel()->dropMimeData(drag, Qt::MoveAction, 0, 0, {});
        delete drag;
        QCOMPARE(factTexts(w, id), (std::vector<std::string>{"У меня есть кошка", "Я живу в Москве"}));

        // Disable with the check box.
        QVERIFY(w.factModel()->setData(w.factModel()->index(0, ui::FactTableModel::EnabledColumn), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!store::PersonaRepo(w.context().db()).currentRevision(id).facts[0].enabled);

        // Undo all four edits with Ctrl+Z, one at a time, then redo them with Ctrl+Shift+Z.
        QAction* undo = action(w, "actionUndo");
        QAction* redo = action(w, "actionRedo");
        QVERIFY(undo && redo);
        QCOMPARE(undo->shortcut(), QKeySequence(QKeySequence::Undo));
        QCOMPARE(redo->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+Z")));
        undo->trigger();  // enable again
        QVERIFY(store::PersonaRepo(w.context().db()).currentRevision(id).facts[0].enabled);
        undo->trigger();  // order back
        QCOMPARE(factTexts(w, id), (std::vector<std::string>{"Я живу в Москве", "У меня есть кошка"}));
        undo->trigger();  // text back
        QCOMPARE(factTexts(w, id)[0], std::string("Я живу в Казани"));
        const qint64 keptId = w.factModel()->factIdAt(0);
        undo->trigger();  // second fact gone
        undo->trigger();  // first fact gone
        QVERIFY(factTexts(w, id).empty());
        for (int i = 0; i < 5; ++i) redo->trigger();
        QCOMPARE(factTexts(w, id), (std::vector<std::string>{"У меня есть кошка", "Я живу в Москве"}));
        QCOMPARE(w.factModel()->factIdAt(1), keptId);  // the same fact, not a copy
        QVERIFY(!store::PersonaRepo(w.context().db()).currentRevision(id).facts[0].enabled);

        // Multi-select delete, and its undo.
        view->selectAll();
        w.editor()->deleteSelectedFacts();
        QVERIFY(factTexts(w, id).empty());
        undo->trigger();
        QCOMPARE(factTexts(w, id).size(), 2u);

        // Every edit made a revision; the list shows them and a diff names the change.
        QListWidget* revisions = w.editor()->revisionList();
        const auto all = store::PersonaRepo(w.context().db()).revisions(id);
        QCOMPARE(revisions->count(), static_cast<int>(all.size()));
        const QString diff = w.editor()->showDiff(all[1].id, all[2].id);  // 1 fact -> 2 facts
        QVERIFY2(diff.contains(QStringLiteral("У меня есть кошка")), qPrintable(diff));
    }

    void deletingAPersonaIsUndoneWithTheSameIds() {
        test::UiFixture fx;
        ui::MainWindow w(fx.path(QStringLiteral("delete.db")), fx.settings());
        const qint64 id = w.personaList()->createPersona(QStringLiteral("Пётр"));
        w.factModel()->addFact(QStringLiteral("Я играю в шахматы"));
        const qint64 factId = w.factModel()->factIdAt(0);
        w.personaList()->deleteCurrent();
        QVERIFY(!store::PersonaRepo(w.context().db()).find(id));
        action(w, "actionUndo")->trigger();
        QVERIFY(store::PersonaRepo(w.context().db()).find(id));
        QCOMPARE(store::PersonaRepo(w.context().db()).currentRevision(id).facts.at(0).id, factId);
        QVERIFY(w.personaList()->selectPersona(id));
    }

    void aPersonaWithTestsIsDeletedOnlyAfterAskingSinceUndoCannotBringThemBack() {
        test::UiFixture fx;
        ui::MainWindow w(fx.path(QStringLiteral("delete_tests.db")), fx.settings());
        const qint64 id = w.personaList()->createPersona(QStringLiteral("Пётр"));
        w.factModel()->addFact(QStringLiteral("Я играю в шахматы"));
        store::SuiteRepo(w.context().db()).addQuestion(id, "Во что ты играешь?");
        // The question names what would be lost; "No" keeps everything.
        QString asked;
        auto answer = [&](QMessageBox::StandardButton button) {
            QTimer::singleShot(0, [&asked, button] {
                for (QWidget* top : QApplication::topLevelWidgets())
                    if (auto* box = qobject_cast<QMessageBox*>(top); box && box->isVisible()) {
                        asked = box->text();
                        box->button(button)->click();
                    }
            });
        };
        answer(QMessageBox::No);
        w.personaList()->deleteCurrent();
        QVERIFY2(asked.contains(QStringLiteral("1 test question")), qPrintable(asked));
        QVERIFY(store::PersonaRepo(w.context().db()).find(id));
        QCOMPARE(store::SuiteRepo(w.context().db()).questions(id).size(), size_t{1});
        answer(QMessageBox::Yes);
        w.personaList()->deleteCurrent();
        QVERIFY(!store::PersonaRepo(w.context().db()).find(id));
        QVERIFY(!w.context().undoStack()->undoText().startsWith(QStringLiteral("delete persona")));
    }

    void searchFiltersAsYouType() {
        test::UiFixture fx;
        ui::MainWindow w(fx.path(QStringLiteral("search.db")), fx.settings());
        w.personaList()->createPersona(QStringLiteral("Ольга"));
        w.personaList()->createPersona(QStringLiteral("Олег"));
        w.personaList()->createPersona(QStringLiteral("Мария"));
        test::typeText(w.personaList()->searchEdit(), QStringLiteral("ол"));
        QCOMPARE(w.personaList()->listView()->model()->rowCount(), 2);
        test::typeText(w.personaList()->searchEdit(), QStringLiteral("ь"));
        QCOMPARE(w.personaList()->listView()->model()->rowCount(), 1);
    }

    void droppingACardImportsItAndABadFileChangesNothing() {
        test::UiFixture fx;
        ui::MainWindow w(fx.path(QStringLiteral("drop.db")), fx.settings());
        w.show();
        const int before = w.personaList()->model()->rowCount();
        const QString card = fx.path(QStringLiteral("nina.card.json"));
        {
            QFile f(card);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"spec":"chara_card_v2","spec_version":"2.0","data":{"name":"Нина","description":"Я люблю горы\nЯ работаю врачом","tags":["врач"]}})");
        }
        // A real drop: drag enter (accepted), then the drop; returns the importer's error, if any.
        auto drop = [&](const QString& file) {
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(file)});
            QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&w, &enter);
            if (!enter.isAccepted()) return QStringLiteral("drag enter refused");
            QDropEvent dropEvent(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QSignalSpy done(&w, &ui::MainWindow::importFinished);
            QApplication::sendEvent(&w, &dropEvent);
            if (!done.wait(20000)) return QStringLiteral("no import finished");
            return done.first().at(1).toString();
        };
        QCOMPARE(drop(card), QString());
        QCOMPARE(w.personaList()->model()->rowCount(), before + 1);
        QVERIFY(w.personaList()->selectPersonaByName(QStringLiteral("Нина")));
        QCOMPARE(w.factModel()->rowCount(), 2);

        const QString bad = fx.path(QStringLiteral("broken.card.json"));
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"spec":"chara_card_v2","data":{"name":)");
        }
        const QString error = drop(bad);
        QVERIFY2(error.contains(QStringLiteral("broken.card.json")), qPrintable(error));
        QCOMPARE(w.personaList()->model()->rowCount(), before + 1);
    }

    // Several files, each its own transaction: the good one stays imported when a later one fails,
    // and the report says so per file (it used to say only that nothing was imported).
    void aPartialImportIsReportedPerFile() {
        test::UiFixture fx;
        ui::MainWindow w(fx.path(QStringLiteral("partial.db")), fx.settings());
        const int before = w.personaList()->model()->rowCount();
        const QString good = fx.path(QStringLiteral("vera.card.json"));
        const QString bad = fx.path(QStringLiteral("torn.card.json"));
        {
            QFile f(good);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"spec":"chara_card_v2","spec_version":"2.0","data":{"name":"Вера","description":"Я пою в хоре"}})");
            QFile g(bad);
            QVERIFY(g.open(QIODevice::WriteOnly));
            g.write(R"({"spec":"chara_card_v2","data":{"name":)");
        }
        QSignalSpy done(&w, &ui::MainWindow::importFinished);
        w.importFiles({good, bad});
        QVERIFY(done.wait(20000));
        QCOMPARE(done.first().at(0).toInt(), 1);  // personas imported
        QVERIFY2(done.first().at(1).toString().contains(QStringLiteral("torn.card.json")), qPrintable(done.first().at(1).toString()));
        QCOMPARE(w.personaList()->model()->rowCount(), before + 1);
        const QString shown = w.statusBar()->currentMessage();
        QVERIFY2(shown.contains(QStringLiteral("vera.card.json: imported 1 persona")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("torn.card.json: nothing imported")), qPrintable(shown));
    }

    // Closing the window mid-import waits for the file being written and skips the rest: nothing
    // writes to the database after the window is gone (the thread used to run on, unjoined).
    void closingTheWindowMidImportJoinsTheImport() {
        test::UiFixture fx;
        const QString dbPath = fx.path(QStringLiteral("closing.db"));
        QStringList files;
        for (int i = 0; i < 40; ++i) {
            const QString file = fx.path(QStringLiteral("p%1.card.json").arg(i));
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral(R"({"spec":"chara_card_v2","spec_version":"2.0","data":{"name":"Персона %1","description":"Факт %1"}})")
                        .arg(i).toUtf8());
            files << file;
        }
        auto w = std::make_unique<ui::MainWindow>(dbPath, fx.settings());
        w->importFiles(files);
        w.reset();  // at once: the import is under way
        auto count = [&] {
            auto db = store::Database::open(dbPath.toStdString());
            return store::PersonaRepo(db).list().size();
        };
        const size_t atClose = count();
        QTest::qWait(1500);
        QCOMPARE(count(), atClose);
        QVERIFY(atClose < size_t(40 + 2));  // the files not begun were skipped (2: the demo personas)
    }
};

QTEST_MAIN(EditorTest)
#include "editor_test.moc"
