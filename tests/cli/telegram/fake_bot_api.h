// A fake Telegram Bot API for tests: a tiny single-threaded HTTP/1.1 server on 127.0.0.1 (one
// request per connection) that serves scripted updates to getUpdates, records every request,
// answers sendMessage with a message id, and can fail or stop at chosen requests.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace persona::test {

struct FakeRequest {
    std::string method;   // "sendMessage", ...
    std::string path;     // "/bot<token>/sendMessage"
    nlohmann::json body;
    std::chrono::steady_clock::time_point at;
    int status = 200;        // what the fake answered
    bool answered = true;    // false: the hook stopped the bot before the answer
    long long messageId = 0; // sendMessage: the id given to the message
};

class FakeBotApi {
public:
    FakeBotApi();
    ~FakeBotApi();

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

    // Updates getUpdates hands out (those with update_id >= offset, in order).
    void addUpdate(nlohmann::json update);
    // The next call of `method` is answered with this status and body instead.
    void failNext(const std::string& method, int status, nlohmann::json body);
    // Called for every request before it is answered; returning true closes the connection
    // without an answer (the hook has killed the client, say).
    void setHook(std::function<bool(const FakeRequest&)> hook);

    std::vector<FakeRequest> requests() const;
    // Waits (at most `seconds`) until pred holds for the recorded requests.
    bool waitFor(const std::function<bool(const std::vector<FakeRequest>&)>& pred, double seconds) const;

private:
    void serve();
    void handle(int fd);
    nlohmann::json answer(FakeRequest& r);

    int m_listen = -1;
    int m_port = 0;
    std::atomic_bool m_stop{false};
    mutable std::mutex m_mutex;
    std::vector<nlohmann::json> m_updates;
    std::map<std::string, std::deque<std::pair<int, nlohmann::json>>> m_failures;
    std::function<bool(const FakeRequest&)> m_hook;
    std::vector<FakeRequest> m_requests;
    long long m_nextMessageId = 1000;
    std::thread m_thread;
};

}  // namespace persona::test
