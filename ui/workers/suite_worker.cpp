#include "workers/suite_worker.h"

#include "persona/agent/self_play.h"
#include "persona/agent/suite_runner.h"
#include "persona/error.h"
#include "persona/store/database.h"

#include <QCoreApplication>

namespace persona::ui {

SuiteWorker::SuiteWorker(QString databasePath) : m_databasePath(std::move(databasePath)) {
    qRegisterMetaType<persona::store::SuiteResult>("persona::store::SuiteResult");
    qRegisterMetaType<persona::store::SuiteRun>("persona::store::SuiteRun");
}

SuiteWorker::~SuiteWorker() = default;

store::Database& SuiteWorker::db() {
    if (!m_db) m_db = std::make_unique<store::Database>(store::Database::open(m_databasePath.toStdString()));
    return *m_db;
}

namespace {

void requireModels(const std::shared_ptr<AgentModels>& models) {
    if (!models) throw InvalidArgument(QCoreApplication::translate("ChatWorker", "The models are still loading.").toStdString());
}

}  // namespace

void SuiteWorker::runSuite(qint64 personaId, std::shared_ptr<AgentModels> models, const AgentSettings& settings) {
    try {
        requireModels(models);
        SuiteRunner runner(db(), *models);
        const auto out = runner.run(
            personaId, settings, [this](const SuiteProgress& p) { Q_EMIT questionDone(p.done, p.total, p.result); },
            &m_cancel);
        Q_EMIT runFinished(out.run, out.cancelled);
    } catch (const std::exception& e) {
        // No exception crosses a slot: the view shows the message.
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

void SuiteWorker::selfPlay(qint64 personaA, qint64 personaB, int turns, const QString& opening, const QString& title,
                           std::shared_ptr<AgentModels> models, const AgentSettings& settings) {
    try {
        requireModels(models);
        SelfPlayOptions options;
        options.turns = turns;
        options.opening = opening.toStdString();
        options.title = title.toStdString();
        options.settings = settings;
        const auto r = persona::selfPlay(
            db(), *models, personaA, personaB, options, [this](int done, int total) { Q_EMIT selfPlayProgress(done, total); },
            &m_cancel);
        Q_EMIT selfPlayFinished(r.chatId, static_cast<int>(r.lines.size()), r.cancelled);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

}  // namespace persona::ui
