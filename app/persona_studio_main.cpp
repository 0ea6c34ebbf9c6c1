#include "persona/engine/runtime.h"
#include "persona/store/database.h"
#include "persona/version.h"
#include "scripted_run.h"
#include "studio_settings.h"
#include "theme.h"
#include "translator.h"
#include "views/main_window.h"
#include "views/persona_list_view.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

#include <csignal>
#include <cstdio>

namespace {

struct Options {
    QCommandLineOption language{{QStringLiteral("l"), QStringLiteral("language")},
                                QStringLiteral("UI language: ru or en (default: the saved choice, else the system's)."),
                                QStringLiteral("lang")};
    QCommandLineOption db{QStringLiteral("db"), QStringLiteral("The persona database (default: the user's data folder)."),
                          QStringLiteral("file")};
    QCommandLineOption persona{QStringLiteral("persona"), QStringLiteral("Select this persona."), QStringLiteral("name")};
    QCommandLineOption say{QStringLiteral("say"),
                           QStringLiteral("Send TEXT as the user and wait for the reply (repeatable; a new chat)."),
                           QStringLiteral("text")};
    QCommandLineOption view{QStringLiteral("view"), QStringLiteral("Show this view: editor, chat, retrieval, tokens, validation, suite or training."),
                            QStringLiteral("view")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QStringLiteral("Render the window to a PNG file after the last reply, then quit."),
                                  QStringLiteral("file")};
    QCommandLineOption theme{QStringLiteral("theme"), QStringLiteral("Colours: system, light or dark."),
                             QStringLiteral("theme")};
    QCommandLineOption trainSteps{QStringLiteral("train-steps"),
                                  QStringLiteral("With --view training: run a short training of N steps before the screenshot."),
                                  QStringLiteral("n")};
    QCommandLineOption trainSeed{QStringLiteral("train-seed"),
                                 QStringLiteral("Seed dialogue JSONL for --train-steps (else the store's labelled chats)."),
                                 QStringLiteral("file")};
    QCommandLineOption benchUi{QStringLiteral("bench-ui"),
                               QStringLiteral("Measure launch time, first token and event-loop stalls during one reply; "
                                              "print one JSON line and quit.")};
};

}  // namespace

int main(int argc, char** argv) {
    QElapsedTimer launch;
    launch.start();
    // At a file-size limit a write fails with an error the store reports, instead of the process
    // being killed by SIGXFSZ.
    std::signal(SIGXFSZ, SIG_IGN);
    persona::keepFreedTensorMemory();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("persona-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Persona Studio"));
    QApplication::setApplicationVersion(QString::fromLatin1(persona::kVersion));
    QApplication::setOrganizationName(QStringLiteral("persona-studio"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.persona_studio.PersonaStudio"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("persona-studio")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Author persona chatbots and test them live."));
    parser.addHelpOption();
    parser.addVersionOption();
    Options o;
    parser.addOptions({o.language, o.db, o.persona, o.say, o.view, o.screenshot, o.theme, o.benchUi, o.trainSteps, o.trainSeed});
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QStringLiteral("Files to import: seed JSONL, Toloka TSV, Character Card JSON or PNG."),
                                 QStringLiteral("[files...]"));
    parser.process(app);
    persona::ui::MainWindow::View view;
    if (parser.isSet(o.view) && !persona::ui::MainWindow::parseView(parser.value(o.view), &view)) {
        std::fprintf(stderr, "persona-studio: --view must be editor, chat, retrieval, tokens, validation, suite or training\n");
        return 2;
    }

    QSettings saved;
    persona::ui::StudioSettings settings = persona::ui::StudioSettings::load(saved);
    persona::ui::installTranslation(app, parser.isSet(o.language) ? parser.value(o.language) : settings.language);
    persona::ui::applyTheme(app, parser.isSet(o.theme) ? parser.value(o.theme) : settings.theme);
    persona::setIntraOpThreads(settings.threads);  // once, at start-up (0: one per core)

    const QString dbPath =
        parser.isSet(o.db) ? parser.value(o.db) : QString::fromStdString(persona::store::defaultDatabasePath());
    std::unique_ptr<persona::ui::MainWindow> window;
    try {
        window = std::make_unique<persona::ui::MainWindow>(dbPath, settings);
    } catch (const std::exception& e) {
        // A database that cannot be opened (corrupt, from a newer version, no permission): say so.
        std::fprintf(stderr, "persona-studio: %s\n", e.what());
        if (!parser.isSet(o.screenshot) && !parser.isSet(o.benchUi))
            QMessageBox::critical(nullptr, QObject::tr("Persona Studio"), QString::fromUtf8(e.what()));
        return 1;
    }
    window->restoreSession();
    if (parser.isSet(o.persona)) window->personaList()->selectPersonaByName(parser.value(o.persona));
    if (parser.isSet(o.view)) window->showView(view);
    window->show();

    persona::ui::ScriptOptions script;
    script.persona = parser.value(o.persona);
    script.says = parser.values(o.say);
    script.view = parser.value(o.view);
    script.screenshot = parser.value(o.screenshot);
    script.benchUi = parser.isSet(o.benchUi);
    script.trainSteps = parser.value(o.trainSteps).toInt();
    if (parser.isSet(o.trainSeed)) script.trainSeed = QFileInfo(parser.value(o.trainSeed)).absoluteFilePath();
    QApplication::processEvents();
    script.launchToWindowMs = launch.elapsed();
    int exitCode = 0;
    persona::ui::ScriptedRun run(*window, script);
    // Files given on the command line (a card opened from the file manager: the desktop entry's
    // Exec=... %F), as absolute paths.
    QStringList imports;
    for (const QString& arg : parser.positionalArguments()) imports << QDir::cleanPath(QFileInfo(arg).absoluteFilePath());
    if (!imports.isEmpty()) window->importFiles(imports);
    if (script.benchUi || !script.says.isEmpty() || !script.screenshot.isEmpty()) {
        QObject::connect(&run, &persona::ui::ScriptedRun::done, &app, [&](int code) {
            exitCode = code;
            window->close();
            app.quit();
        });
        run.start();
    }
    const int rc = app.exec();
    return exitCode ? exitCode : rc;
}
