#include "translator.h"
#include "persona/agent/agent.h"
#include "views/main_window.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

class MainWindowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quitHasTheStandardShortcut() {
        persona::ui::MainWindow window;
        auto* quit = window.findChild<QAction*>(QStringLiteral("actionQuit"));
        QVERIFY(quit);
        QCOMPARE(quit->shortcut(), QKeySequence(QKeySequence::Quit));
    }

    void statusBarShowsTheRuntime() {
        persona::ui::MainWindow window;
        auto* label = window.findChild<QLabel*>(QStringLiteral("runtimeLabel"));
        QVERIFY(label);
        QVERIFY2(label->text().contains(QStringLiteral("libtorch 1.")), qPrintable(label->text()));
    }

    void englishPluralsWhenNoTranslationMatches() {
        QCOMPARE(persona::ui::installTranslation(*qApp, QStringLiteral("C")), QStringLiteral("en"));
        persona::ui::MainWindow window;
        auto* label = window.findChild<QLabel*>(QStringLiteral("runtimeLabel"));
        QVERIFY(label);
        QVERIFY2(!label->text().contains(QStringLiteral("(s)")), qPrintable(label->text()));
        QVERIFY2(label->text().contains(QStringLiteral("thread")), qPrintable(label->text()));
    }

    void loadsTheDemoModelsOffTheUiThread() {
        persona::ui::MainWindow window;
        auto* label = window.findChild<QLabel*>(QStringLiteral("modelLabel"));
        QVERIFY(label);
        QVERIFY(!window.models());  // not yet: the loader thread is working
        QSignalSpy ready(&window, &persona::ui::MainWindow::modelsReady);
        QVERIFY(ready.wait(60000));
        QVERIFY(window.models());
        QVERIFY(window.models()->generator);
        QVERIFY(window.models()->retriever);
        QVERIFY2(label->text().contains(QStringLiteral("generator")), qPrintable(label->text()));
    }

    void russianTranslationIsEmbeddedAndUsed() {
        QCOMPARE(persona::ui::installTranslation(*qApp, QStringLiteral("ru")), QStringLiteral("ru"));
        persona::ui::MainWindow window;
        QCOMPARE(window.windowTitle(), QStringLiteral("Персона Студия"));
        auto* quit = window.findChild<QAction*>(QStringLiteral("actionQuit"));
        QVERIFY(quit);
        QCOMPARE(quit->text(), QStringLiteral("&Выход"));
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
