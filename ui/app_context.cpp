#include "app_context.h"

#include "persona/error.h"
#include "persona/io/importer.h"
#include "persona/model/model_folder.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "workers/thread_join.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QThread>
#include <QUndoStack>

namespace persona::ui {

namespace {

void registerMetaTypes() {
    qRegisterMetaType<std::shared_ptr<persona::AgentModels>>("std::shared_ptr<persona::AgentModels>");
    qRegisterMetaType<persona::ui::ModelInfo>("persona::ui::ModelInfo");
    qRegisterMetaType<persona::ui::ChatRequest>("persona::ui::ChatRequest");
    qRegisterMetaType<persona::ui::TurnOutcome>("persona::ui::TurnOutcome");
    qRegisterMetaType<persona::AgentRetrieval>("persona::AgentRetrieval");
    qRegisterMetaType<persona::AgentSettings>("persona::AgentSettings");
    qRegisterMetaType<persona::InfluenceResult>("persona::InfluenceResult");
}

// The bundled demo personas: <models>/../personas/*.card.json beside the demo models.
QStringList demoPersonaFiles() {
    const std::string generator = bundledModelDir("generator");
    if (generator.empty()) return {};
    QDir dir(QFileInfo(QString::fromStdString(generator)).dir());  // .../models
    dir.cdUp();
    if (!dir.cd(QStringLiteral("personas"))) return {};
    QStringList files;
    for (const QFileInfo& f : dir.entryInfoList({QStringLiteral("*.card.json")}, QDir::Files, QDir::Name))
        files << f.absoluteFilePath();
    return files;
}

}  // namespace

AppContext::AppContext(const QString& databasePath, StudioSettings settings, QObject* parent)
    : QObject(parent), m_databasePath(databasePath), m_settings(std::move(settings)) {
    registerMetaTypes();
    m_db = std::make_unique<store::Database>(store::Database::open(databasePath.toStdString()));
    m_undo = new QUndoStack(this);
    startThreads();
}

AppContext::~AppContext() {
    // Shutdown, in this order: stop a reply in progress (it is stored as it stands), then let
    // each thread finish what it runs and join it. Nothing waits on a generation to complete.
    // The chat thread quits from its own queue, behind whatever the window queued before closing:
    // a message sent just before the close is still stored (as a stopped turn, its reply empty
    // or partial) instead of being dropped with the thread's pending events.
    chatWorker()->shutdown();
    suiteWorker()->cancel();
    m_chat->quitAfterQueued();
    m_suite->thread()->quit();
    m_loader->thread()->quit();
    m_chat->join(/*quit=*/false);  // quits from its own queue, above
    m_suite->join(/*quit=*/false);
    m_loader->join(/*quit=*/false);
}

void AppContext::startThreads() {
    m_loader = std::make_unique<WorkerThread<ModelLoader>>(this, QStringLiteral("model-loader"));
    ModelLoader* loader = m_loader->worker();
    // Queued (here and below): results are made on a worker thread and used on this one.
    connect(loader, &ModelLoader::progress, this, &AppContext::modelsLoading, Qt::QueuedConnection);
    connect(loader, &ModelLoader::loaded, this,
            [this](std::shared_ptr<AgentModels> models, const ModelInfo& info) {
                m_loading = false;
                m_models = std::move(models);
                m_modelInfo = info;
                m_chat->call(&ChatWorker::setModels, m_models);
                Q_EMIT modelsReady(info);
            },
            Qt::QueuedConnection);
    connect(loader, &ModelLoader::failed, this,
            [this](const QString& message) {
                m_loading = false;
                Q_EMIT modelsFailed(message);
            },
            Qt::QueuedConnection);

    m_chat = std::make_unique<WorkerThread<ChatWorker>>(this, QStringLiteral("chat-worker"), m_databasePath);
    ChatWorker* chat = m_chat->worker();
    connect(chat, &ChatWorker::finished, this,
            [this](const TurnOutcome& o) {
                m_turnRunning = false;
                Q_EMIT turnEnded(o.chatId);
            },
            Qt::QueuedConnection);
    connect(chat, &ChatWorker::failed, this,
            [this](qint64 chatId, const QString&) {
                m_turnRunning = false;
                Q_EMIT turnEnded(chatId);
            },
            Qt::QueuedConnection);
    connect(chat, &ChatWorker::actionFailed, this, &AppContext::errorOccurred, Qt::QueuedConnection);
    connect(chat, &ChatWorker::proposalHandled, this, &AppContext::notifyPersonaChanged, Qt::QueuedConnection);
    m_suite = std::make_unique<WorkerThread<SuiteWorker>>(this, QStringLiteral("suite-worker"), m_databasePath);
    m_loader->start();
    m_chat->start();
    m_suite->start();
}

void AppContext::reloadModels() {
    m_loading = true;
    m_models.reset();
    m_loader->call(&ModelLoader::load, m_settings.generatorDir, m_settings.retrieverDir, m_settings.device, m_settings.weights);
}

void AppContext::setSettings(const StudioSettings& settings) {
    const bool reload = !settings.sameModels(m_settings);
    m_settings = settings;
    QSettings s;
    m_settings.save(s);
    if (reload) reloadModels();
}

int AppContext::addDemoPersonasIfEmpty() {
    store::PersonaRepo personas(*m_db);
    if (!personas.list().empty()) return 0;
    int added = 0;
    io::Importer importer(*m_db);
    for (const QString& file : demoPersonaFiles()) {
        try {
            added += importer.importFile(file.toStdString()).personas;
        } catch (const std::exception& e) {
            qWarning("demo persona %s: %s", qPrintable(file), e.what());
        }
    }
    return added;
}

bool AppContext::guarded(const std::function<void()>& f) {
    try {
        f();
        return true;
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromUtf8(e.what()));
        return false;
    }
}

void AppContext::notifyPersonaChanged(qint64 personaId) { Q_EMIT personaChanged(personaId); }
void AppContext::notifyPersonaListChanged() { Q_EMIT personaListChanged(); }

qint64 AppContext::startTurn(ChatRequest request) {
    if (m_turnRunning) return 0;
    request.requestId = ++m_lastRequestId;
    m_turnRunning = true;
    chatWorker()->clearCancel();
    Q_EMIT turnStarted(request.chatId);
    m_chat->call(&ChatWorker::run, request);
    return request.requestId;
}

void AppContext::stopTurn() { chatWorker()->cancel(); }

}  // namespace persona::ui
