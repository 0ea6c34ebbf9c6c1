#include "persona/about.h"
#include "persona/engine/runtime.h"
#include "persona/version.h"
#include "translator.h"
#include "views/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("persona-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Persona Studio"));
    QApplication::setApplicationVersion(QString::fromLatin1(persona::kVersion));
    QApplication::setOrganizationName(QStringLiteral("persona-studio"));
    QApplication::setDesktopFileName(QStringLiteral("persona-studio"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Author persona chatbots and test them live."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption language(QStringList{QStringLiteral("l"), QStringLiteral("language")},
                                QStringLiteral("UI language: ru or en (default: system)."),
                                QStringLiteral("lang"));
    parser.addOption(language);
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Render the main window to a PNG file and exit (docs, checks)."),
                                  QStringLiteral("file"));
    parser.addOption(screenshot);
    parser.process(app);

    persona::ui::installTranslation(app, parser.value(language));
    persona::setIntraOpThreads(0);  // once, at start-up: one per core

    persona::ui::MainWindow window;
    window.show();
    if (parser.isSet(screenshot)) {
        QApplication::processEvents();
        const bool saved = window.grab().save(parser.value(screenshot), "PNG");
        return saved ? 0 : 1;
    }
    return app.exec();
}
