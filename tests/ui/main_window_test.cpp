#include "translator.h"
#include "views/main_window.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
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
