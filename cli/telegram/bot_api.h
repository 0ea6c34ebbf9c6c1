// The Telegram Bot API over HTTP(S) with libcurl: one JSON POST per method call.
// The token is part of the request URL only: no error text, log line or exception carries it
// (every message this class produces passes through redact()).
#pragma once

#include "persona/error.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <string>

namespace persona::telegram {

// The Bot API could not be reached or answered something that is not its JSON (a network error:
// the caller backs off and retries).
class NetworkError : public Error {
public:
    using Error::Error;
};

struct ApiResponse {
    long httpStatus = 0;
    bool ok = false;
    nlohmann::json result;    // "result" when ok
    std::string description;  // the API's error text otherwise
    int retryAfter = 0;       // seconds to wait (HTTP 429, parameters.retry_after)
};

class BotApi {
public:
    // apiUrl: "https://api.telegram.org" or a test server; token: "<bot id>:<secret>".
    BotApi(std::string apiUrl, std::string token);
    ~BotApi();
    BotApi(const BotApi&) = delete;
    BotApi& operator=(const BotApi&) = delete;

    // Calls a method; waits at most timeoutSeconds. A transfer in progress is abandoned when
    // *abort becomes true (then NetworkError "interrupted"). Throws NetworkError.
    ApiResponse call(const std::string& method, const nlohmann::json& params, int timeoutSeconds,
                     const std::atomic_bool* abort = nullptr);

    // The text with every occurrence of the token replaced by "<token>".
    std::string redact(std::string text) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Reads a bot token from a file (surrounding white space ignored). Throws InvalidArgument (that
// names the file, never the content) when it is missing, empty or not "<digits>:<secret>".
std::string readTokenFile(const std::string& path);
// An opaque name of the bot (a hash of its numeric id), for the store.
std::string botRef(const std::string& token);

}  // namespace persona::telegram
