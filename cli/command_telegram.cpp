// persona-cli telegram: serves a persona of the store as a Telegram bot (issue 14).
#include "cli.h"
#include "json_output.h"
#include "model_args.h"
#include "store_options.h"

#include "telegram/bot_api.h"
#include "telegram/telegram_bot.h"

#include "persona/error.h"
#include "persona/store/persona_repo.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <ctime>

namespace persona::cli {
namespace {

std::atomic_bool g_stop{false};
std::atomic_int g_signal{0};

extern "C" void onStopSignal(int sig) {
    g_signal = sig;
    g_stop = true;
}

// SIGINT and SIGTERM stop the bot cleanly while it runs. Without SA_RESTART, so a blocking call
// returns at once; the previous handlers come back afterwards.
class StopSignals {
public:
    StopSignals() {
        g_stop = false;
        g_signal = 0;
        struct sigaction sa {};
        sa.sa_handler = onStopSignal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &m_int);
        sigaction(SIGTERM, &sa, &m_term);
    }
    ~StopSignals() {
        sigaction(SIGINT, &m_int, nullptr);
        sigaction(SIGTERM, &m_term, nullptr);
    }

private:
    struct sigaction m_int {};
    struct sigaction m_term {};
};

std::string utcNow() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

void registerTelegram(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("telegram",
                                   "Serve a persona as a Telegram bot (long polling; SIGINT or SIGTERM stops it)");
    struct State {
        std::string db, tokenFile;
        ModelArgs models;
        AgentOptions agent;
        telegram::BotOptions options;
    };
    auto st = std::make_shared<State>();
    addDbOption(*cmd, st->db);
    cmd->add_option("--persona", st->options.personaName, "The persona of the store the bot speaks as")->required();
    cmd->add_option("--token-file", st->tokenFile, "File holding the bot token from BotFather (never printed)")->required();
    cmd->add_option("--api-url", st->options.apiUrl, "Bot API server")->capture_default_str();
    cmd->add_option("--poll-timeout", st->options.pollTimeoutSeconds, "getUpdates long-poll seconds")
        ->check(CLI::Range(0, 50))
        ->capture_default_str();
    st->agent.settings = st->options.settings;
    st->agent.add(cmd);
    st->models.addRetriever(cmd);
    st->models.addGenerator(cmd);
    cmd->callback([&ctx, st] {
        st->options.settings = st->agent.resolved();
        st->options.token = telegram::readTokenFile(st->tokenFile);
        auto db = openStore(st->db);
        store::PersonaRepo(db).getByName(st->options.personaName);  // fails before loading models
        StopSignals signals;
        telegram::TelegramBot bot(db, st->models.load(), st->options,
                                  [&ctx](const std::string& line) { ctx.err << utcNow() << " " << line << "\n" << std::flush; });
        bot.run(g_stop);
        printJson(ctx.out, {{"persona", st->options.personaName},
                            {"stopped_by", g_signal == SIGTERM ? "SIGTERM" : g_signal == SIGINT ? "SIGINT" : "stop"}});
    });
}

}  // namespace persona::cli
