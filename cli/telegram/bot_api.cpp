#include "telegram/bot_api.h"

#include "telegram/sha256.h"

#include <curl/curl.h>

#include <cctype>
#include <fstream>
#include <mutex>
#include <sstream>

namespace persona::telegram {

namespace {

size_t appendBody(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

// Returns non-zero (abort the transfer) once the abort flag is set.
int progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* abort = static_cast<const std::atomic_bool*>(user);
    return abort && abort->load() ? 1 : 0;
}

void globalInit() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

struct BotApi::Impl {
    std::string apiUrl;
    std::string token;
    CURL* curl = nullptr;
};

BotApi::BotApi(std::string apiUrl, std::string token) : m_impl(std::make_unique<Impl>()) {
    globalInit();
    while (!apiUrl.empty() && apiUrl.back() == '/') apiUrl.pop_back();
    m_impl->apiUrl = std::move(apiUrl);
    m_impl->token = std::move(token);
    m_impl->curl = curl_easy_init();
    if (!m_impl->curl) throw NetworkError("cannot initialise libcurl");
}

BotApi::~BotApi() {
    if (m_impl->curl) curl_easy_cleanup(m_impl->curl);
}

std::string BotApi::redact(std::string text) const {
    const std::string& t = m_impl->token;
    if (t.empty()) return text;
    for (size_t at = text.find(t); at != std::string::npos; at = text.find(t, at)) text.replace(at, t.size(), "<token>");
    return text;
}

ApiResponse BotApi::call(const std::string& method, const nlohmann::json& params, int timeoutSeconds,
                         const std::atomic_bool* abort) {
    CURL* c = m_impl->curl;
    curl_easy_reset(c);
    const std::string url = m_impl->apiUrl + "/bot" + m_impl->token + "/" + method;
    const std::string body = params.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string response;
    char errorText[CURL_ERROR_SIZE] = {0};
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");  // no "100-continue" round trip for larger bodies
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeoutSeconds));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, abort);
    const CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    if (rc == CURLE_ABORTED_BY_CALLBACK) throw NetworkError(method + ": interrupted");
    if (rc != CURLE_OK)
        throw NetworkError(redact(method + ": " + (errorText[0] ? std::string(errorText) : curl_easy_strerror(rc))));
    ApiResponse r;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.httpStatus);
    const auto j = nlohmann::json::parse(response, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("ok") || !j["ok"].is_boolean())
        throw NetworkError(method + ": HTTP " + std::to_string(r.httpStatus) + " without the Bot API's JSON reply");
    r.ok = j["ok"].get<bool>();
    if (r.ok) r.result = j.value("result", nlohmann::json());
    if (j.contains("description") && j["description"].is_string()) r.description = redact(j["description"].get<std::string>());
    if (j.contains("parameters") && j["parameters"].is_object()) {
        const auto& p = j["parameters"];
        if (p.contains("retry_after") && p["retry_after"].is_number_integer()) r.retryAfter = p["retry_after"].get<int>();
    }
    return r;
}

std::string readTokenFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InvalidArgument("cannot read the token file " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string token = ss.str();
    const auto isSpace = [](unsigned char ch) { return std::isspace(ch) != 0; };
    while (!token.empty() && isSpace(token.back())) token.pop_back();
    size_t start = 0;
    while (start < token.size() && isSpace(token[start])) ++start;
    token.erase(0, start);
    const size_t colon = token.find(':');
    bool valid = colon != std::string::npos && colon > 0 && colon + 1 < token.size();
    for (size_t i = 0; valid && i < colon; ++i) valid = std::isdigit(static_cast<unsigned char>(token[i])) != 0;
    for (size_t i = colon + 1; valid && i < token.size(); ++i) {
        const unsigned char ch = token[i];
        valid = std::isalnum(ch) || ch == '_' || ch == '-';
    }
    if (!valid)
        throw InvalidArgument("the token file " + path +
                              " does not hold a bot token (one line \"<digits>:<secret>\", as BotFather gives it)");
    return token;
}

std::string botRef(const std::string& token) {
    return sha256Hex("persona-studio telegram bot " + token.substr(0, token.find(':'))).substr(0, 16);
}

}  // namespace persona::telegram
