#include "persona/about.h"
#include "persona/engine/runtime.h"
#include "persona/version.h"
#include "translator.h"
#include "views/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QPixmap>
#include <QStringList>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("persona-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Persona Studio"));
    QApplication::setApplicationVersion(QString::fromLatin1(persona::kVersion));
    QApplication::setOrganizationName(QStringLiteral("persona-studio"));
    // The desktop entry's name (packaging/): Wayland's app id, and how a desktop finds the icon.
    QApplication::setDesktopFileName(QStringLiteral("io.github.persona_studio.PersonaStudio"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("persona-studio")));

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
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QStringLiteral("Character cards (.card.json, .png), seed dialogues (.jsonl) or Toloka tables (.tsv) to import."),
        QStringLiteral("[file...]"));
    parser.process(app);

    persona::ui::installTranslation(app, parser.value(language));
    persona::setIntraOpThreads(0);  // once, at start-up: one per core

    persona::ui::MainWindow window;
    // Files given on the command line (a card opened from the file manager: the desktop entry's
    // Exec=... %F): the window imports them once it is up. Absolute paths, so that a later change
    // of the working folder cannot change what they name.
    QStringList imports;
    for (const QString& arg : parser.positionalArguments())
        imports << QDir::cleanPath(QFileInfo(arg).absoluteFilePath());
    window.setProperty("pendingImports", imports);
    window.show();
    if (parser.isSet(screenshot)) {
        QApplication::processEvents();
        const bool saved = window.grab().save(parser.value(screenshot), "PNG");
        return saved ? 0 : 1;
    }
    return app.exec();
}
