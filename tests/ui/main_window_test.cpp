// The window's frame: menus and shortcuts, the status bar, the model loader thread, translations.
#include "ui_test_support.h"

#include "studio_settings.h"
#include "translator.h"
#include "views/settings_dialog.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QSettings>

class MainWindowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quitHasTheStandardShortcut() {
        persona::test::UiFixture fx;
        persona::ui::MainWindow window(fx.path(QStringLiteral("w.db")), fx.settings());
        auto* quit = window.findChild<QAction*>(QStringLiteral("actionQuit"));
        QVERIFY(quit);
        QCOMPARE(quit->shortcut(), QKeySequence(QKeySequence::Quit));
    }

    void statusBarShowsTheRuntime() {
        persona::test::UiFixture fx;
        persona::ui::MainWindow window(fx.path(QStringLiteral("w.db")), fx.settings());
        auto* label = window.findChild<QLabel*>(QStringLiteral("runtimeLabel"));
        QVERIFY(label);
        QVERIFY2(label->text().contains(QStringLiteral("libtorch 1.")), qPrintable(label->text()));
    }

    void englishPluralsWhenNoTranslationMatches() {
        QCOMPARE(persona::ui::installTranslation(*qApp, QStringLiteral("C")), QStringLiteral("en"));
        persona::test::UiFixture fx;
        persona::ui::MainWindow window(fx.path(QStringLiteral("w.db")), fx.settings());
        auto* label = window.findChild<QLabel*>(QStringLiteral("runtimeLabel"));
        QVERIFY(label);
        QVERIFY2(!label->text().contains(QStringLiteral("(s)")), qPrintable(label->text()));
        QVERIFY2(label->text().contains(QStringLiteral("thread")), qPrintable(label->text()));
    }

    void loadsTheDemoModelsOffTheUiThread() {
        persona::test::UiFixture fx;
        persona::ui::StudioSettings demo;  // empty folders: the bundled demo models
        persona::ui::MainWindow window(fx.path(QStringLiteral("w.db")), demo);
        auto* label = window.findChild<QLabel*>(QStringLiteral("modelLabel"));
        QVERIFY(label);
        QVERIFY(!window.context().models());  // not yet: the loader thread is working
        QSignalSpy ready(&window.context(), &persona::ui::AppContext::modelsReady);
        QVERIFY(ready.wait(60000));
        QVERIFY(window.context().models());
        QVERIFY(window.context().models()->generator);
        QVERIFY(window.context().models()->retriever);
        QVERIFY2(label->text().contains(QStringLiteral("generator")), qPrintable(label->text()));
    }

    void aModelLoadErrorSaysWhatIsWrong() {
        persona::test::UiFixture fx;
        auto settings = fx.settings();
        settings.generatorDir = fx.path(QStringLiteral("no-such-model"));
        persona::ui::MainWindow window(fx.path(QStringLiteral("w.db")), settings);
        QSignalSpy failed(&window.context(), &persona::ui::AppContext::modelsFailed);
        QVERIFY(failed.wait(60000));
        const QString message = failed.first().at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("no-such-model")), qPrintable(message));
        QVERIFY(!window.context().models());
    }

    void russianTranslationIsEmbeddedAndUsed() {
        QCOMPARE(persona::ui::installTranslation(*qApp, QStringLiteral("ru")), QStringLiteral("ru"));
        persona::test::UiFixture fx;
        persona::ui::MainWindow window(fx.path(QStringLiteral("w.db")), fx.settings());
        QCOMPARE(window.windowTitle(), QStringLiteral("Персона Студия"));
        auto* quit = window.findChild<QAction*>(QStringLiteral("actionQuit"));
        QVERIFY(quit);
        QCOMPARE(quit->text(), QStringLiteral("&Выход"));
        auto* send = window.findChild<QPushButton*>(QStringLiteral("sendButton"));
        QVERIFY(send);
        QCOMPARE(send->text(), QStringLiteral("Отправить"));
        persona::ui::installTranslation(*qApp, QStringLiteral("en"));
    }

    void theFactBoostIsTheModelsUnlessSetAndSurvivesTheSettingsFile() {
        persona::test::UiFixture fx;
        auto settings = fx.settings();
        QVERIFY(settings.agent.sampling.knowledgeBoost < 0);  // the generator's own by default
        {
            persona::ui::SettingsDialog dialog(settings, nullptr, false);
            QVERIFY(dialog.settings().agent.sampling.knowledgeBoost < 0);
        }
        settings.agent.sampling.knowledgeBoost = 2.5f;
        {
            persona::ui::SettingsDialog dialog(settings, nullptr, false);
            QCOMPARE(dialog.settings().agent.sampling.knowledgeBoost, 2.5f);
        }
        QSettings file(fx.path(QStringLiteral("studio.ini")), QSettings::IniFormat);
        settings.save(file);
        QCOMPARE(persona::ui::StudioSettings::load(file).agent.sampling.knowledgeBoost, 2.5f);
        file.setValue(QStringLiteral("sampling/knowledgeBoost"), 1e9);  // a hand-edited file: the default instead
        QVERIFY(persona::ui::StudioSettings::load(file).agent.sampling.knowledgeBoost < 0);
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
