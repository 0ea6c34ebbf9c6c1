// One AppContext per window (no singletons): the database path and the GUI thread's connection,
// the settings, the loaded models, the worker threads (model loader, chat worker) and the undo
// stack. Views get it handed in; they never own threads or connections themselves.
#pragma once

#include "studio_settings.h"
#include "workers/chat_worker.h"
#include "workers/model_loader.h"
#include "workers/suite_worker.h"
#include "workers/worker_thread.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QThread;
class QUndoStack;

namespace persona::store {
class Database;
}

namespace persona::ui {

class AppContext : public QObject {
    Q_OBJECT
public:
    // Opens (creating and migrating when needed) the database on this, the GUI, thread. Throws
    // persona::StoreError with the engine's message when it cannot be opened.
    AppContext(const QString& databasePath, StudioSettings settings, QObject* parent = nullptr);
    ~AppContext() override;  // cancels a reply in progress, stops and joins the worker threads

    store::Database& db() { return *m_db; }
    const QString& databasePath() const { return m_databasePath; }
    QUndoStack* undoStack() const { return m_undo; }
    ChatWorker* chatWorker() const { return m_chat->worker(); }
    // Test-suite runs and self-play, on a thread of their own (the "Tests" tab).
    SuiteWorker* suiteWorker() const { return m_suite->worker(); }

    const StudioSettings& settings() const { return m_settings; }
    // Saves them; reloads the models when the folders or the device changed.
    void setSettings(const StudioSettings& settings);
    // For this session only (scripted runs, benchmarks): nothing is saved.
    void setSessionAgentSettings(const AgentSettings& agent) { m_settings.agent = agent; }

    // The loaded models (null while loading or after a failed load) and what they are.
    std::shared_ptr<AgentModels> models() const { return m_models; }
    const ModelInfo& modelInfo() const { return m_modelInfo; }
    bool loadingModels() const { return m_loading; }
    void reloadModels();

    // First run: an empty store gets the bundled demo personas. Returns how many were added.
    int addDemoPersonasIfEmpty();

    // Everything that edits a persona says so here, so every view showing it refreshes.
    void notifyPersonaChanged(qint64 personaId);
    void notifyPersonaListChanged();

    // Runs f; an exception becomes errorOccurred(message) and false. For store writes made from
    // undo commands and actions, where no exception may cross into Qt's event loop.
    bool guarded(const std::function<void()>& f);

    // Starts a turn on the chat worker (queued). Returns the request's id (the outcome carries it
    // back), or 0 when a turn is already running.
    qint64 startTurn(ChatRequest request);
    void stopTurn();
    bool turnRunning() const { return m_turnRunning; }

Q_SIGNALS:
    void modelsLoading(const QString& stage, int percent);
    void modelsReady(const persona::ui::ModelInfo& info);
    void modelsFailed(const QString& message);
    void personaChanged(qint64 personaId);
    void personaListChanged();
    void turnStarted(qint64 chatId);
    void turnEnded(qint64 chatId);
    void errorOccurred(const QString& message);

private:
    void startThreads();

    QString m_databasePath;
    std::unique_ptr<store::Database> m_db;
    StudioSettings m_settings;
    QUndoStack* m_undo = nullptr;
    std::unique_ptr<WorkerThread<ModelLoader>> m_loader;
    std::unique_ptr<WorkerThread<ChatWorker>> m_chat;
    std::unique_ptr<WorkerThread<SuiteWorker>> m_suite;
    std::shared_ptr<AgentModels> m_models;
    ModelInfo m_modelInfo;
    bool m_loading = false;
    bool m_turnRunning = false;
    qint64 m_lastRequestId = 0;
};

}  // namespace persona::ui
