// A Bot API Update, reduced to what the bot acts on. Parsing checks every field it reads, so a
// malformed update is an error naming the update and the field, never a crash.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace persona::telegram {

struct Event {
    enum class Kind { Text, Callback, Other };  // Other: a message without text (a sticker...)
    std::int64_t updateId = 0;
    Kind kind = Kind::Text;
    std::int64_t chatId = 0;     // the raw Telegram chat id: kept only while the update is in flight
    std::string language;        // the sender's language_code, may be empty
    std::string text;            // the message text, or the callback's data
    std::string callbackId;      // callback queries
    std::int64_t messageId = 0;  // callback queries: the message whose button was pressed
    std::string messageText;     // ... and its text
};

// The update's id when it has one (so that even a malformed update can be stepped over).
std::optional<std::int64_t> updateIdOf(const nlohmann::json& update);
// The event of an update; std::nullopt for kinds the bot ignores (edited messages, polls...).
// Throws InvalidArgument "malformed update N: ..." naming the field.
std::optional<Event> parseUpdate(const nlohmann::json& update);

nlohmann::json toJson(const Event& e);
Event eventFromJson(const nlohmann::json& j);

}  // namespace persona::telegram
