#include "telegram/telegram_bot.h"

#include "telegram/bot_api.h"
#include "telegram/chat_handler.h"
#include "telegram/sha256.h"
#include "telegram/update.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "persona/store/telegram_repo.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace persona::telegram {

using nlohmann::json;

struct TelegramBot::Impl {
    store::Database& db;
    BotOptions options;
    Log log;
    BotApi api;
    store::TelegramRepo repo;
    Agent agent;
    ChatHandler handler;
    std::string salt;
    std::string lastChatRef;  // the chat served last: chats take turns
    const std::atomic_bool* stop = nullptr;

    Impl(store::Database& d, AgentModels models, BotOptions o, Log l)
        : db(d),
          options(std::move(o)),
          log(std::move(l)),
          api(options.apiUrl, options.token),
          repo(d, botRef(options.token)),
          agent(d, models),
          handler(d, agent, models, repo, options, [this](const std::string& line) { say(line); }) {}

    void say(const std::string& line) const { log(api.redact(line)); }

    bool stopping() const { return stop->load(); }

    // Sleeps up to `seconds`, waking early when stopping.
    void pause(double seconds) const {
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (!stopping() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    // A call that waits out HTTP 429 (retry_after) and retries. Network errors are thrown. An
    // `abortable` call ends as soon as the bot is stopping; one that is not (a message sent from
    // the outbox) runs to its answer or its timeout.
    ApiResponse call(const std::string& method, const json& params, int timeoutSeconds, bool abortable = true) {
        while (true) {
            auto r = api.call(method, params, timeoutSeconds, abortable ? stop : nullptr);
            if (r.httpStatus != 429) {
                if (r.httpStatus >= 500) throw NetworkError(method + ": HTTP " + std::to_string(r.httpStatus) + " " + r.description);
                return r;
            }
            const int wait = std::max(1, r.retryAfter);
            say(method + ": too many requests, waiting " + std::to_string(wait) + " s as asked (retry_after)");
            pause(wait);
            if (stopping()) throw NetworkError(method + ": interrupted");
        }
    }

    // Sends the outbox in order; a request the API refuses for good (400, 403: chat gone, message
    // unchanged...) is logged and dropped, since repeating it cannot succeed. A send in flight is
    // not aborted by a stop: the API may have the message already, and an aborted send stays in
    // the outbox, so lastFlush() would send it to the user a second time.
    void flushOutbox() {
        for (const auto& item : repo.outbox()) {
            if (stopping()) return;
            const auto r = call(item.method, json::parse(item.body), 30, /*abortable=*/false);
            if (!r.ok) say(item.method + " refused (HTTP " + std::to_string(r.httpStatus) + "): " + r.description);
            repo.sent(item.id);
        }
    }

    // On the way out: one try (5 s each, no waiting out 429s) at what the last turn queued; the
    // rest stays in the outbox for the next start.
    void lastFlush() {
        try {
            for (const auto& item : repo.outbox()) {
                const auto r = api.call(item.method, json::parse(item.body), 5);
                if (r.httpStatus == 429 || r.httpStatus >= 500) return;
                repo.sent(item.id);
            }
        } catch (const Error& e) {
            say(std::string(e.what()) + "; the rest is sent at the next start");
        }
    }

    std::string chatRef(std::int64_t telegramChatId) const {
        return sha256Hex(salt + ":" + std::to_string(telegramChatId)).substr(0, 24);
    }

    void poll(int timeoutSeconds) {
        const auto r = call("getUpdates",
                            {{"offset", repo.nextOffset()},
                             {"timeout", timeoutSeconds},
                             {"allowed_updates", json::array({"message", "callback_query"})}},
                            timeoutSeconds + 15);
        if (!r.ok) throw NetworkError("getUpdates refused (HTTP " + std::to_string(r.httpStatus) + "): " + r.description);
        if (!r.result.is_array()) throw NetworkError("getUpdates: the result is not a list");
        std::vector<store::TelegramInboxItem> items;
        std::int64_t next = repo.nextOffset();
        for (const auto& update : r.result) {
            const auto id = updateIdOf(update);
            if (id) next = std::max(next, *id + 1);
            try {
                const auto event = parseUpdate(update);
                if (!event) {
                    say("update " + std::to_string(*id) + " ignored: not a message or a button press");
                    continue;
                }
                items.push_back({event->updateId, chatRef(event->chatId),
                                 toJson(*event).dump(-1, ' ', false, json::error_handler_t::replace), std::nullopt});
            } catch (const InvalidArgument& e) {
                say(std::string(e.what()) + "; skipped");
            }
        }
        repo.receive(items, next);
    }

    // The oldest update of the chat after the one served last (chats take turns).
    std::optional<store::TelegramInboxItem> next() {
        const auto inbox = repo.inbox();
        if (inbox.empty()) return std::nullopt;
        std::vector<std::string> order;
        for (const auto& item : inbox)
            if (std::find(order.begin(), order.end(), item.chatRef) == order.end()) order.push_back(item.chatRef);
        std::sort(order.begin(), order.end());
        const auto after = std::upper_bound(order.begin(), order.end(), lastChatRef);
        const std::string& chat = after == order.end() ? order.front() : *after;
        for (const auto& item : inbox)
            if (item.chatRef == chat) return item;
        return std::nullopt;
    }

    void typing(std::int64_t telegramChatId) {
        try {
            api.call("sendChatAction", {{"chat_id", telegramChatId}, {"action", "typing"}}, 5, stop);
        } catch (const NetworkError&) {
            // only a courtesy: the reply itself is sent from the outbox
        }
    }

    void step() {
        flushOutbox();
        if (stopping()) return;
        poll(repo.inbox().empty() ? options.pollTimeoutSeconds : 0);
        if (stopping()) return;
        if (const auto item = next()) {
            lastChatRef = item->chatRef;
            handler.handle(*item, [this](std::int64_t chatId) { typing(chatId); });
        }
    }
};

TelegramBot::TelegramBot(store::Database& db, AgentModels models, BotOptions options, Log log)
    : m_impl(std::make_unique<Impl>(db, std::move(models), std::move(options), std::move(log))) {}

TelegramBot::~TelegramBot() = default;

void TelegramBot::run(const std::atomic_bool& stop) {
    Impl& d = *m_impl;
    d.stop = &stop;
    d.salt = d.repo.ensureBot();
    d.say("telegram: polling " + d.options.apiUrl + " as persona \"" + d.options.personaName + "\"");
    int backoff = 1;
    while (!stop) {
        try {
            d.step();
            backoff = 1;
        } catch (const Error& e) {  // the network, or the store busy or failing for a while
            if (stop) break;
            d.say(std::string(e.what()) + "; retrying in " + std::to_string(backoff) + " s");
            d.pause(backoff);
            backoff = std::min(backoff * 2, std::max(1, d.options.maxBackoffSeconds));
        }
    }
    d.lastFlush();
    d.say("telegram: stopped");
}

}  // namespace persona::telegram
