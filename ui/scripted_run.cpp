#include "scripted_run.h"

#include "app_context.h"
#include "persona/model/causal_lm.h"
#include "views/chat_view.h"
#include "views/main_window.h"
#include "views/persona_list_view.h"
#include "views/validation_view.h"
#include "views/training_view.h"

#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSpinBox>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace persona::ui {

ScriptedRun::ScriptedRun(MainWindow& window, ScriptOptions options) : m_window(window), m_options(std::move(options)) {}

void ScriptedRun::start() {
    AppContext& ctx = m_window.context();
    connect(&ctx, &AppContext::modelsReady, this, &ScriptedRun::onModelsReady);
    connect(&ctx, &AppContext::modelsFailed, this, [this](const QString& m) { fail(QStringLiteral("models: ") + m); });
    connect(m_window.chatView(), &ChatView::replyFinished, this, &ScriptedRun::onReply);
    connect(m_window.chatView(), &ChatView::replyFailed, this, [this](const QString& m) { fail(QStringLiteral("reply: ") + m); });
    if (ctx.models()) QTimer::singleShot(0, this, &ScriptedRun::onModelsReady);
}

void ScriptedRun::onModelsReady() {
    if (m_started) return;
    m_started = true;
    if (!m_options.persona.isEmpty() && !m_window.personaList()->selectPersonaByName(m_options.persona))
        return fail(QStringLiteral("no persona named \"%1\" in %2").arg(m_options.persona, m_window.context().databasePath()));
    if (!m_window.personaList()->currentPersonaId()) return fail(QStringLiteral("no persona to chat with"));
    if (m_options.benchUi) return startBench();
    if (!m_options.says.isEmpty()) {
        m_window.chatView()->newChat();  // a scripted conversation is a chat of its own
        m_window.showView(MainWindow::View::Chat);
    }
    sayNext();
}

void ScriptedRun::sayNext() {
    if (m_next >= m_options.says.size()) return finish();
    if (!m_window.chatView()->send(m_options.says[m_next++])) fail(QStringLiteral("could not send the message"));
}

void ScriptedRun::onReply(const TurnOutcome& outcome) {
    if (m_options.benchUi) return printBench(outcome);
    sayNext();
}

bool ScriptedRun::trainFirst() {
    if (m_trained || m_options.trainSteps <= 0 || m_options.view != QLatin1String("training")) return false;
    m_trained = true;
    TrainingView* training = m_window.trainingView();
    if (!m_options.trainSeed.isEmpty()) training->addSeedFiles({m_options.trainSeed});
    if (auto* steps = training->findChild<QSpinBox*>(QStringLiteral("trainMaxSteps"))) steps->setValue(m_options.trainSteps);
    connect(training, &TrainingView::trainingFinished, this, &ScriptedRun::finish);
    connect(training, &TrainingView::trainingFailed, this, [this](const QString& m) { fail(QStringLiteral("training: ") + m); });
    if (!training->startTraining()) fail(QStringLiteral("training: ") + training->statusText());
    return true;
}

void ScriptedRun::finish() {
    if (trainFirst()) return;
    MainWindow::View view = MainWindow::View::Chat;
    if (!m_options.view.isEmpty() && MainWindow::parseView(m_options.view, &view)) m_window.showView(view);
    // The inspectors show the last reply of the chat.
    const auto& turns = m_window.chatView()->turns();
    for (auto it = turns.rbegin(); it != turns.rend(); ++it)
        if (it->message.role == store::Role::Persona) {
            m_window.chatView()->activateLink(QStringLiteral("act:inspect:%1").arg(it->message.id));
            if (!m_options.view.isEmpty()) m_window.showView(view);
            break;
        }
    if (m_options.screenshot.isEmpty()) return;
    // Let layouts settle, then render the window as it is on screen.
    QTimer::singleShot(100, this, [this] { grabWhenSettled(600); });
}

void ScriptedRun::grabWhenSettled(int triesLeft) {
    // The Validation tab computes its metrics on the worker: wait for them (at most a minute).
    if (m_window.validationView()->computing() && triesLeft > 0)
        return QTimer::singleShot(100, this, [this, triesLeft] { grabWhenSettled(triesLeft - 1); });
    const bool saved = m_window.grab().save(m_options.screenshot, "PNG");
    if (!saved) std::fprintf(stderr, "persona-studio: could not write %s\n", qPrintable(m_options.screenshot));
    Q_EMIT done(saved ? 0 : 1);
}

void ScriptedRun::fail(const QString& message) {
    std::fprintf(stderr, "persona-studio: %s\n", qPrintable(message));
    Q_EMIT done(1);
}

void ScriptedRun::startBench() {
    AppContext& ctx = m_window.context();
    // 128 new tokens, or as many as the generator's context leaves after a short prompt.
    const int context = ctx.models()->generator->info().contextLength;
    AgentSettings agent = ctx.settings().agent;
    agent.sampling.maxNewTokens = std::min(128, context - 24);
    agent.sampling.minNewTokens = agent.sampling.maxNewTokens;
    agent.sampling.stopAtEos = false;
    ctx.setSessionAgentSettings(agent);
    ChatView* chat = m_window.chatView();
    chat->newChat();
    m_window.showView(MainWindow::View::Chat);
    connect(ctx.chatWorker(), &ChatWorker::tokensArrived, this,
            [this](qint64, const QString&, int) {
                if (m_firstTokenMs < 0) m_firstTokenMs = m_turnClock.elapsed();
            },
            Qt::QueuedConnection);
    // A 1 ms timer probes the event loop; a gap longer than that is time the GUI thread was busy.
    auto* probe = new QTimer(this);
    probe->setTimerType(Qt::PreciseTimer);
    probe->setInterval(1);
    connect(probe, &QTimer::timeout, this, [this] {
        const qint64 now = m_probeClock.nsecsElapsed();
        if (m_lastProbeNs) m_gapsMs.push_back(double(now - m_lastProbeNs) / 1e6);
        m_lastProbeNs = now;
    });
    m_probeClock.start();
    probe->start();
    m_turnClock.start();
    if (!chat->send(QStringLiteral("Привет! Расскажи о себе: где ты учишься и чем увлекаешься?")))
        fail(QStringLiteral("could not send the benchmark message"));
}

void ScriptedRun::printBench(const TurnOutcome& outcome) {
    std::vector<double> stalls;
    for (double g : m_gapsMs) stalls.push_back(std::max(0.0, g - 1.0));
    std::sort(stalls.begin(), stalls.end());
    const double maxStall = stalls.empty() ? 0 : stalls.back();
    const double p99 = stalls.empty() ? 0 : stalls[std::min(stalls.size() - 1, static_cast<size_t>(0.99 * double(stalls.size())))];
    QJsonObject j;
    j[QStringLiteral("launch_to_window_ms")] = m_options.launchToWindowMs;
    j[QStringLiteral("first_token_ms")] = m_firstTokenMs;
    j[QStringLiteral("tokens")] = outcome.tokens;
    j[QStringLiteral("turn_ms")] = m_turnClock.elapsed();
    j[QStringLiteral("stall_max_ms")] = qRound(maxStall * 100) / 100.0;
    j[QStringLiteral("stall_p99_ms")] = qRound(p99 * 100) / 100.0;
    j[QStringLiteral("probes")] = static_cast<int>(m_gapsMs.size());
    std::printf("%s\n", QJsonDocument(j).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    Q_EMIT done(0);
}

}  // namespace persona::ui
