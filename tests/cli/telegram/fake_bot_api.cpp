#include "fake_bot_api.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace persona::test {

using nlohmann::json;

FakeBotApi::FakeBotApi() {
    m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_listen < 0) throw std::runtime_error("socket failed");
    int one = 1;
    ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only
    addr.sin_port = 0;
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listen, 16) != 0)
        throw std::runtime_error("bind/listen on 127.0.0.1 failed");
    socklen_t len = sizeof addr;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
}

FakeBotApi::~FakeBotApi() {
    m_stop = true;
    m_thread.join();
    ::close(m_listen);
}

void FakeBotApi::addUpdate(json update) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_updates.push_back(std::move(update));
}

void FakeBotApi::failNext(const std::string& method, int status, json body) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_failures[method].emplace_back(status, std::move(body));
}

void FakeBotApi::setHook(std::function<bool(const FakeRequest&)> hook) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_hook = std::move(hook);
}

std::vector<FakeRequest> FakeBotApi::requests() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_requests;
}

bool FakeBotApi::waitFor(const std::function<bool(const std::vector<FakeRequest>&)>& pred, double seconds) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        if (pred(requests())) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred(requests());
}

void FakeBotApi::serve() {
    while (!m_stop) {
        pollfd p{m_listen, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int fd = ::accept(m_listen, nullptr, nullptr);
        if (fd < 0) continue;
        handle(fd);
        ::close(fd);
    }
}

namespace {

// Reads one request (headers, then Content-Length bytes of body); false on a closed connection.
bool readRequest(int fd, std::string& head, std::string& body) {
    std::string data;
    char buf[4096];
    size_t headerEnd = std::string::npos;
    size_t length = 0;
    for (int rounds = 0; rounds < 10000; ++rounds) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0) return false;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return false;
        data.append(buf, static_cast<size_t>(n));
        if (headerEnd == std::string::npos && (headerEnd = data.find("\r\n\r\n")) != std::string::npos) {
            head = data.substr(0, headerEnd);
            std::string lower = head;
            for (auto& ch : lower) ch = static_cast<char>(::tolower(static_cast<unsigned char>(ch)));
            const auto at = lower.find("content-length:");
            if (at != std::string::npos) length = std::stoul(lower.substr(at + 15));
        }
        if (headerEnd != std::string::npos && data.size() >= headerEnd + 4 + length) {
            body = data.substr(headerEnd + 4, length);
            return true;
        }
    }
    return false;
}

void writeAll(int fd, const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
        const ssize_t n = ::write(fd, s.data() + off, s.size() - off);
        if (n <= 0) return;
        off += static_cast<size_t>(n);
    }
}

}  // namespace

void FakeBotApi::handle(int fd) {
    std::string head, body;
    if (!readRequest(fd, head, body)) return;
    FakeRequest r;
    r.at = std::chrono::steady_clock::now();
    const auto sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
    r.path = head.substr(sp1 + 1, sp2 - sp1 - 1);
    r.method = r.path.substr(r.path.rfind('/') + 1);
    r.body = json::parse(body, nullptr, false);
    std::function<bool(const FakeRequest&)> hook;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        hook = m_hook;
    }
    if (hook && hook(r)) {
        r.answered = false;
        std::lock_guard<std::mutex> lock(m_mutex);
        m_requests.push_back(std::move(r));
        return;
    }
    const json reply = answer(r);
    const std::string text = reply.dump();
    const std::string status = r.status == 200 ? "200 OK" : r.status == 429 ? "429 Too Many Requests" : std::to_string(r.status) + " Error";
    writeAll(fd, "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(text.size()) + "\r\nConnection: close\r\n\r\n" + text);
    std::lock_guard<std::mutex> lock(m_mutex);
    m_requests.push_back(std::move(r));
}

json FakeBotApi::answer(FakeRequest& r) {
    if (r.method == "getUpdates") {
        const long long offset = r.body.value("offset", 0LL);
        const double wait = std::min(0.3, r.body.value("timeout", 0.0));
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait);
        while (true) {
            json result = json::array();
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                for (const auto& u : m_updates)
                    if (!u.contains("update_id") || !u["update_id"].is_number_integer() || u["update_id"].get<long long>() >= offset)
                        result.push_back(u);
            }
            if (!result.empty() || std::chrono::steady_clock::now() >= until || m_stop) return {{"ok", true}, {"result", result}};
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        auto& queue = m_failures[r.method];
        if (!queue.empty()) {
            auto [status, body] = queue.front();
            queue.pop_front();
            r.status = status;
            return body;
        }
    }
    if (r.method == "sendMessage") {
        std::lock_guard<std::mutex> lock(m_mutex);
        r.messageId = ++m_nextMessageId;
        return {{"ok", true},
                {"result", {{"message_id", r.messageId}, {"chat", {{"id", r.body.value("chat_id", 0LL)}}}, {"text", r.body.value("text", "")}}}};
    }
    return {{"ok", true}, {"result", true}};
}

}  // namespace persona::test
