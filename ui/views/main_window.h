// The main window: layout and actions only. The personas pane on the left; the persona editor,
// the chat and the inspectors as tabs; menus with shortcuts; model status in the status bar.
// Owns the AppContext (database, settings, models, worker threads, undo stack).
#pragma once

#include "studio_settings.h"

#include <QMainWindow>

#include <QList>

#include <atomic>
#include <memory>
#include <vector>

class QLabel;
class QProgressBar;
class QTabWidget;
class QThread;

namespace persona::ui {

class AppContext;
class ChatView;
class FactTableModel;
class RetrievalInspector;
class TokenInspector;
class PersonaEditor;
class PersonaListView;
class SuiteView;
class TrainingView;
class ValidationView;
struct ModelInfo;
struct FileImport;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class View { Editor, Chat, Retrieval, Tokens, Validation, Suite, Training };

    // Opens the database (creating it, with the demo personas on first run) and starts loading
    // the models. Throws persona::StoreError when the database cannot be opened.
    MainWindow(const QString& databasePath, const StudioSettings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    AppContext& context() const { return *m_ctx; }
    PersonaListView* personaList() const { return m_personas; }
    PersonaEditor* editor() const { return m_editor; }
    ChatView* chatView() const { return m_chat; }
    FactTableModel* factModel() const { return m_facts; }
    RetrievalInspector* retrievalInspector() const { return m_retrieval; }
    TokenInspector* tokenInspector() const { return m_tokens; }
    ValidationView* validationView() const { return m_validation; }
    SuiteView* suiteView() const { return m_suite; }
    TrainingView* trainingView() const { return m_training; }
    void showView(View view);
    static bool parseView(const QString& name, View* view);

    // Imports files (seed JSONL, Toloka TSV, Character Card JSON/PNG) on a worker thread with a
    // progress dialog; each file is its own transaction: a bad file shows the importer's message
    // and changes nothing, the files before it stay imported, and the report names each file.
    void importFiles(const QStringList& files);
    // Restores geometry, splitters, the last persona and chat (QSettings).
    void restoreSession();

Q_SIGNALS:
    void importFinished(int personas, const QString& error);  // error: the failed files' messages

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createMenus();
    void createStatusBar();
    void onPersonaSelected(qint64 personaId);
    void onModelsReady(const ModelInfo& info);
    void openSettings();
    void importDialog();
    void reportImport(const std::vector<FileImport>& results);
    void exportChats();
    void exportCard();
    void showAbout();
    void saveSession();
    void setLanguage(const QString& code);

    std::unique_ptr<AppContext> m_ctx;
    QList<QThread*> m_imports;  // running imports, joined by ~MainWindow
    std::shared_ptr<std::atomic_bool> m_importCancel = std::make_shared<std::atomic_bool>(false);
    FactTableModel* m_facts = nullptr;
    PersonaListView* m_personas = nullptr;
    PersonaEditor* m_editor = nullptr;
    ChatView* m_chat = nullptr;
    RetrievalInspector* m_retrieval = nullptr;
    TokenInspector* m_tokens = nullptr;
    ValidationView* m_validation = nullptr;
    SuiteView* m_suite = nullptr;
    TrainingView* m_training = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_modelLabel = nullptr;
    QLabel* m_runtimeLabel = nullptr;
    QProgressBar* m_loadProgress = nullptr;
};

}  // namespace persona::ui
