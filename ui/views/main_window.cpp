#include "views/main_window.h"

#include "app_context.h"
#include "models/fact_table_model.h"
#include "persona/about.h"
#include "persona/engine/runtime.h"
#include "persona/io/character_card.h"
#include "persona/io/dialog_exporter.h"
#include "persona/io/markdown_exporter.h"
#include "persona/io/importer.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "theme.h"
#include "views/chat_view.h"
#include "inspectors/retrieval_inspector.h"
#include "inspectors/token_inspector.h"
#include "views/persona_editor.h"
#include "views/persona_list_view.h"
#include "views/settings_dialog.h"
#include "views/suite_view.h"
#include "views/training_view.h"
#include "views/validation_view.h"
#include "workers/thread_join.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QProgressBar>
#include <QProgressDialog>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QUndoStack>

#include <utility>

namespace persona::ui {

MainWindow::MainWindow(const QString& databasePath, const StudioSettings& settings, QWidget* parent)
    : QMainWindow(parent), m_ctx(std::make_unique<AppContext>(databasePath, settings)) {
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Persona Studio"));
    setAcceptDrops(true);
    resize(1280, 820);
    m_ctx->addDemoPersonasIfEmpty();

    m_facts = new FactTableModel(*m_ctx, this);
    m_personas = new PersonaListView(*m_ctx, this);
    auto* dock = new QDockWidget(tr("Personas"), this);
    dock->setObjectName(QStringLiteral("personasDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable);
    dock->setWidget(m_personas);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    m_editor = new PersonaEditor(*m_ctx, m_facts, this);
    m_chat = new ChatView(*m_ctx, m_facts, this);
    m_retrieval = new RetrievalInspector(*m_ctx, this);
    m_tokens = new TokenInspector(*m_ctx, this);
    m_validation = new ValidationView(*m_ctx, this);
    m_suite = new SuiteView(*m_ctx, this);
    m_training = new TrainingView(*m_ctx, this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_editor, tr("Persona"));
    m_tabs->addTab(m_chat, tr("Chat"));
    m_tabs->addTab(m_retrieval, tr("Retrieval"));
    m_tabs->addTab(m_tokens, tr("Tokens"));
    m_tabs->addTab(m_validation, tr("Validation"));
    m_tabs->addTab(m_suite, tr("Tests"));
    m_tabs->addTab(m_training, tr("Training"));
    setCentralWidget(m_tabs);

    createMenus();
    createStatusBar();
    connect(m_personas, &PersonaListView::personaSelected, this, &MainWindow::onPersonaSelected);
    connect(m_chat, &ChatView::messageSelected, this, [this](qint64 id) {
        m_retrieval->showMessage(id);
        m_tokens->showMessage(id);
        showView(View::Retrieval);
    });
    connect(m_chat, &ChatView::replyFinished, this, [this](const TurnOutcome& o) {
        if (!o.personaMessageId) return;
        m_retrieval->showMessage(o.personaMessageId);
        m_tokens->showMessage(o.personaMessageId);
    });
    // The Validation tab's "this chat" scope follows the chat view.
    connect(m_chat, &ChatView::chatChanged, m_validation, &ValidationView::setChat);
    connect(m_ctx.get(), &AppContext::errorOccurred, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    m_ctx->reloadModels();
}

MainWindow::~MainWindow() {
    // Imports first: the files not begun are skipped, the one being written is finished (it is
    // one transaction), and the thread is joined before the database goes away.
    m_importCancel->store(true);
    for (QThread* thread : std::exchange(m_imports, {})) {
        thread->disconnect(this);
        joinThread(thread, /*quit=*/false);
        delete thread;
    }
    // Then the context: it stops a reply in progress (stored as it stands) and joins the workers
    // before any view goes away.
    m_ctx.reset();
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newPersona = file->addAction(tr("&New persona…"), this, [this] { m_personas->createPersona(); });
    newPersona->setShortcut(QKeySequence::New);
    QAction* import = file->addAction(tr("&Import…"), this, &MainWindow::importDialog);
    import->setObjectName(QStringLiteral("actionImport"));
    import->setShortcut(QKeySequence::Open);
    file->addAction(tr("Export persona as &card…"), this, &MainWindow::exportCard)->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addAction(tr("Export &chats as JSONL…"), this, &MainWindow::exportChats);
    file->addSeparator();
    QAction* settings = file->addAction(tr("&Models and settings…"), this, &MainWindow::openSettings);
    settings->setObjectName(QStringLiteral("actionSettings"));
    settings->setShortcut(QKeySequence::Preferences);
    if (settings->shortcut().isEmpty()) settings->setShortcut(QKeySequence(tr("Ctrl+,")));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_ctx->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("actionUndo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_ctx->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("actionRedo"));
    redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence::Redo});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Duplicate persona"), this, [this] { m_personas->duplicateCurrent(); });
    edit->addAction(tr("De&lete persona"), this, [this] { m_personas->deleteCurrent(); });
    edit->addAction(tr("&Find persona"), this, [this] { m_personas->searchEdit()->setFocus(); })->setShortcut(QKeySequence::Find);

    QMenu* chat = menuBar()->addMenu(tr("&Chat"));
    chat->addAction(tr("&New chat"), this, [this] { showView(View::Chat), m_chat->newChat(); })->setShortcut(QKeySequence(tr("Ctrl+T")));
    chat->addAction(tr("&Regenerate"), this, [this] { m_chat->regenerate(); })->setShortcut(QKeySequence(tr("Ctrl+R")));
    chat->addAction(tr("&Stop"), this, [this] { m_chat->stop(); })->setShortcut(QKeySequence(tr("Ctrl+.")));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const QList<QPair<QString, View>> views{{tr("&Persona"), View::Editor}, {tr("&Chat"), View::Chat},
                                            {tr("&Retrieval"), View::Retrieval}, {tr("&Tokens"), View::Tokens},
                                            {tr("&Validation"), View::Validation}, {tr("T&ests"), View::Suite},
                                            {tr("Trai&ning"), View::Training}};
    int key = Qt::Key_1;
    for (const auto& [name, v] : views) {
        const View target = v;
        view->addAction(name, this, [this, target] { showView(target); })->setShortcut(QKeySequence(Qt::ALT | Qt::Key(key++)));
    }
    view->addSeparator();
    QMenu* language = view->addMenu(tr("&Language"));
    auto* group = new QActionGroup(this);
    for (const auto& [code, name] : QList<QPair<QString, QString>>{{QString(), tr("System")},
                                                                 {QStringLiteral("en"), QStringLiteral("English")},
                                                                 {QStringLiteral("ru"), QStringLiteral("Русский")}}) {
        QAction* a = language->addAction(name, this, [this, code = code] { setLanguage(code); });
        a->setCheckable(true);
        a->setChecked(m_ctx->settings().language == code);
        group->addAction(a);
    }

    QMenu* theme = view->addMenu(tr("T&heme"));
    auto* themes = new QActionGroup(this);
    for (const auto& [code, name] : QList<QPair<QString, QString>>{{QString(), tr("System")},
                                                                 {QStringLiteral("light"), tr("Light")},
                                                                 {QStringLiteral("dark"), tr("Dark")}}) {
        QAction* a = theme->addAction(name, this, [this, code = code] {
            StudioSettings s = m_ctx->settings();
            s.theme = code;
            m_ctx->setSettings(s);
            applyTheme(*qApp, code.isEmpty() ? QStringLiteral("light") : code);
            m_chat->refresh();
        });
        a->setCheckable(true);
        a->setChecked(m_ctx->settings().theme == code);
        themes->addAction(a);
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Persona Studio"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
}

void MainWindow::createStatusBar() {
    const RuntimeInfo info = runtimeInfo();
    m_runtimeLabel = new QLabel(this);
    m_runtimeLabel->setObjectName(QStringLiteral("runtimeLabel"));
    m_runtimeLabel->setText(tr("libtorch %1 · %2 · %n thread(s)", nullptr, info.intraOpThreads)
                                .arg(QString::fromStdString(info.torchVersion), info.cudaAvailable ? tr("CUDA") : tr("CPU")));
    statusBar()->addPermanentWidget(m_runtimeLabel);
    m_modelLabel = new QLabel(tr("Loading models…"), this);
    m_modelLabel->setObjectName(QStringLiteral("modelLabel"));
    m_loadProgress = new QProgressBar(this);
    m_loadProgress->setMaximumWidth(160);
    m_loadProgress->setRange(0, 100);
    statusBar()->addWidget(m_modelLabel);
    statusBar()->addWidget(m_loadProgress);
    connect(m_ctx.get(), &AppContext::modelsLoading, this, [this](const QString& stage, int percent) {
        m_modelLabel->setText(stage);
        m_loadProgress->setValue(percent);
        m_loadProgress->show();
    });
    connect(m_ctx.get(), &AppContext::modelsReady, this, &MainWindow::onModelsReady);
    connect(m_ctx.get(), &AppContext::modelsFailed, this, [this](const QString& message) {
        m_loadProgress->hide();
        m_modelLabel->setText(tr("Models not loaded"));
        // A dialog with the engine's own words: file, tensor, expected, found.
        if (isVisible() && !QApplication::platformName().startsWith(QLatin1String("offscreen")))
            QMessageBox::warning(this, tr("Could not load the models"), message);
        statusBar()->showMessage(message);
    });
}

void MainWindow::onModelsReady(const ModelInfo& info) {
    m_loadProgress->hide();
    m_modelLabel->setText(tr("Models ready: %1").arg(info.summary()));
}

void MainWindow::onPersonaSelected(qint64 personaId) {
    m_facts->setPersona(personaId);
    m_editor->setPersona(personaId);
    m_chat->setPersona(personaId);
    m_validation->setPersona(personaId);
    m_suite->setPersona(personaId);
    m_training->setPersona(personaId);
    m_retrieval->showMessage(0);
    m_tokens->showMessage(0);
}

void MainWindow::showView(View view) {
    switch (view) {
        case View::Editor: m_tabs->setCurrentWidget(m_editor); break;
        case View::Chat: m_tabs->setCurrentWidget(m_chat); break;
        case View::Retrieval: m_tabs->setCurrentWidget(m_retrieval); break;
        case View::Tokens: m_tabs->setCurrentWidget(m_tokens); break;
        case View::Validation: m_tabs->setCurrentWidget(m_validation); break;
        case View::Suite: m_tabs->setCurrentWidget(m_suite); break;
        case View::Training: m_tabs->setCurrentWidget(m_training); break;
    }
}

bool MainWindow::parseView(const QString& name, View* view) {
    static const QList<QPair<QString, View>> names{{QStringLiteral("editor"), View::Editor},
                                                   {QStringLiteral("chat"), View::Chat},
                                                   {QStringLiteral("retrieval"), View::Retrieval},
                                                   {QStringLiteral("tokens"), View::Tokens},
                                                   {QStringLiteral("validation"), View::Validation},
                                                   {QStringLiteral("suite"), View::Suite},
                                                   {QStringLiteral("training"), View::Training}};
    for (const auto& [n, v] : names)
        if (n == name) {
            *view = v;
            return true;
        }
    return false;
}

void MainWindow::openSettings() {
    SettingsDialog dialog(m_ctx->settings(), m_ctx->models() ? &m_ctx->modelInfo() : nullptr, runtimeInfo().cudaAvailable, this);
    if (dialog.exec() == QDialog::Accepted) m_ctx->setSettings(dialog.settings());
}

void MainWindow::setLanguage(const QString& code) {
    StudioSettings s = m_ctx->settings();
    s.language = code;
    m_ctx->setSettings(s);
    statusBar()->showMessage(tr("The language changes at the next start."), 8000);
}

void MainWindow::importDialog() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import"), {}, tr("Personas and dialogues (*.jsonl *.tsv *.json *.png);;All files (*)"));
    if (!files.isEmpty()) importFiles(files);
}

// What the import thread did with one file: personas imported, or the importer's error.
struct FileImport {
    QString file;
    int personas = 0;
    QString error;
};

namespace {

// One line per file, in the order chosen.
QStringList importLines(const std::vector<FileImport>& results) {
    QStringList lines;
    for (const auto& r : results) {
        const QString name = QFileInfo(r.file).fileName();
        lines << (r.error.isEmpty() ? MainWindow::tr("%1: imported %n persona(s).", nullptr, r.personas).arg(name)
                                    : MainWindow::tr("%1: nothing imported. %2").arg(name, r.error));
    }
    return lines;
}

}  // namespace

void MainWindow::importFiles(const QStringList& files) {
    if (files.isEmpty()) return;
    auto* progress = new QProgressDialog(tr("Importing %n file(s)…", nullptr, static_cast<int>(files.size())), QString(), 0, 0, this);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    // The import reads and checks a whole file before writing it in one transaction (a later file
    // that fails leaves the earlier ones imported, so each file is reported); it runs on its own
    // thread with its own connection, so the window stays live for a large file. Closing the
    // window cancels the files not begun and waits for the one being written (~MainWindow).
    auto results = std::make_shared<std::vector<FileImport>>();
    const QString dbPath = m_ctx->databasePath();
    QThread* thread = QThread::create([files, dbPath, results, cancel = m_importCancel] {
        try {
            auto db = store::Database::open(dbPath.toStdString());
            io::Importer importer(db);
            for (const QString& f : files) {
                if (cancel->load()) break;
                FileImport r{f, 0, {}};
                try {
                    r.personas = importer.importFile(f.toStdString()).personas;
                } catch (const std::exception& e) {
                    r.error = QString::fromUtf8(e.what());
                }
                results->push_back(std::move(r));
            }
        } catch (const std::exception& e) {  // the database: every file is refused
            for (const QString& f : files) results->push_back({f, 0, QString::fromUtf8(e.what())});
        }
    });
    announceEnd(thread);
    m_imports.append(thread);
    connect(thread, &QThread::finished, this, [this, thread, progress, results] {
        m_imports.removeAll(thread);
        joinThread(thread, /*quit=*/false);
        thread->deleteLater();
        progress->deleteLater();
        m_ctx->notifyPersonaListChanged();
        reportImport(*results);
    });
    thread->start();
}

void MainWindow::reportImport(const std::vector<FileImport>& results) {
    int personas = 0;
    QStringList errors;
    for (const auto& r : results) {
        personas += r.personas;
        if (!r.error.isEmpty()) errors << r.error;
    }
    const QString lines = importLines(results).join(QLatin1Char('\n'));
    if (!errors.isEmpty()) {
        if (!QApplication::platformName().startsWith(QLatin1String("offscreen")))
            QMessageBox::warning(this, tr("Import failed"), lines);
        statusBar()->showMessage(tr("Import: %1").arg(importLines(results).join(QStringLiteral(" "))), 15000);
    } else {
        statusBar()->showMessage(tr("Imported %n persona(s).", nullptr, personas), 8000);
    }
    Q_EMIT importFinished(personas, errors.join(QLatin1Char('\n')));
}

void MainWindow::exportCard() {
    const qint64 id = m_personas->currentPersonaId();
    if (!id) return;
    QString name;
    m_ctx->guarded([&] { name = QString::fromStdString(store::PersonaRepo(m_ctx->db()).get(id).name); });
    // NAME.card.png / NAME.card.json: the names the desktop's MIME type opens in Persona Studio.
    const QString file = QFileDialog::getSaveFileName(this, tr("Export persona"), name + QStringLiteral(".card.png"),
                                                      tr("Character card PNG (*.png);;Character card JSON (*.json)"));
    if (file.isEmpty()) return;
    if (m_ctx->guarded([&] { io::CharacterCard::exportFile(m_ctx->db(), id, file.toStdString()); }))
        statusBar()->showMessage(tr("Exported to %1").arg(file), 8000);
}

void MainWindow::exportChats() {
    const qint64 id = m_personas->currentPersonaId();
    if (!id) return;
    QString filter;
    const QString file = QFileDialog::getSaveFileName(this, tr("Export chats"), {},
                                                      tr("Seed dialogues (*.jsonl)") + QStringLiteral(";;") +
                                                          tr("Markdown with the facts used per turn (*.md)"),
                                                      &filter);
    if (file.isEmpty()) return;
    io::DialogExportOptions options;
    options.personaId = id;
    io::DialogExportSummary sum;
    const bool markdown = file.endsWith(QStringLiteral(".md"), Qt::CaseInsensitive) || filter.contains(QStringLiteral("*.md"));
    if (m_ctx->guarded([&] {
            sum = markdown ? io::MarkdownExporter(m_ctx->db()).writeFile(file.toStdString(), options)
                           : io::DialogExporter(m_ctx->db()).writeFile(file.toStdString(), options);
        }))
        statusBar()->showMessage(tr("Exported %n chat(s) to %1", nullptr, sum.chats).arg(file), 8000);
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Persona Studio"),
                       tr("<b>%1</b><p>Author persona-grounded chatbots and test them live.</p><p>Database: %2</p>")
                           .arg(QString::fromStdString(productNameAndVersion()), m_ctx->databasePath().toHtmlEscaped()));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList files;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) files << url.toLocalFile();
    if (files.isEmpty()) return;
    event->acceptProposedAction();
    importFiles(files);
}

void MainWindow::restoreSession() {
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_editor->splitter()->restoreState(s.value(QStringLiteral("window/editorSplitter")).toByteArray());
    m_chat->splitter()->restoreState(s.value(QStringLiteral("window/chatSplitter")).toByteArray());
    m_tabs->setCurrentIndex(s.value(QStringLiteral("window/tab"), 1).toInt());
    const qint64 persona = s.value(QStringLiteral("session/persona")).toLongLong();
    if (!(persona && m_personas->selectPersona(persona)) && m_personas->listView()->model()->rowCount() > 0)
        m_personas->listView()->setCurrentIndex(m_personas->listView()->model()->index(0, 0));
    const qint64 chat = s.value(QStringLiteral("session/chat")).toLongLong();
    if (chat) m_chat->setChat(chat);
}

void MainWindow::saveSession() {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/editorSplitter"), m_editor->splitter()->saveState());
    s.setValue(QStringLiteral("window/chatSplitter"), m_chat->splitter()->saveState());
    s.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    s.setValue(QStringLiteral("session/persona"), m_personas->currentPersonaId());
    s.setValue(QStringLiteral("session/chat"), m_chat->chatId());
    StudioSettings::syncPrivately(s);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // Closing mid-reply is fine: the reply is stopped and stored as it stands when the context
    // goes (see ~MainWindow); nothing is asked and nothing is lost.
    saveSession();
    event->accept();
}

}  // namespace persona::ui
