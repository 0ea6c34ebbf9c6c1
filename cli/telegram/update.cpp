#include "telegram/update.h"

#include "persona/error.h"

namespace persona::telegram {

namespace {

const nlohmann::json& field(const nlohmann::json& obj, const char* name, const std::string& where) {
    if (!obj.is_object() || !obj.contains(name)) throw InvalidArgument(where + ": no \"" + name + "\"");
    return obj[name];
}

std::int64_t intField(const nlohmann::json& obj, const char* name, const std::string& where) {
    const auto& v = field(obj, name, where);
    if (!v.is_number_integer()) throw InvalidArgument(where + ": \"" + name + "\" is not an integer");
    return v.get<std::int64_t>();
}

std::string textField(const nlohmann::json& obj, const char* name, const std::string& where) {
    const auto& v = field(obj, name, where);
    if (!v.is_string()) throw InvalidArgument(where + ": \"" + name + "\" is not a string");
    return v.get<std::string>();
}

std::string languageOf(const nlohmann::json& holder) {
    if (!holder.contains("from") || !holder["from"].is_object()) return {};
    const auto& from = holder["from"];
    return from.contains("language_code") && from["language_code"].is_string() ? from["language_code"].get<std::string>()
                                                                                 : std::string();
}

}  // namespace

std::optional<std::int64_t> updateIdOf(const nlohmann::json& update) {
    if (update.is_object() && update.contains("update_id") && update["update_id"].is_number_integer())
        return update["update_id"].get<std::int64_t>();
    return std::nullopt;
}

std::optional<Event> parseUpdate(const nlohmann::json& update) {
    const auto id = updateIdOf(update);
    if (!id) throw InvalidArgument("malformed update: no integer \"update_id\"");
    const std::string where = "malformed update " + std::to_string(*id);
    Event e;
    e.updateId = *id;
    if (update.contains("message")) {
        const auto& m = update["message"];
        if (!m.is_object()) throw InvalidArgument(where + ": \"message\" is not an object");
        e.chatId = intField(field(m, "chat", where + ".message"), "id", where + ".message.chat");
        e.language = languageOf(m);
        if (m.contains("text")) {
            e.text = textField(m, "text", where + ".message");
        } else {
            e.kind = Event::Kind::Other;
        }
        return e;
    }
    if (update.contains("callback_query")) {
        const auto& q = update["callback_query"];
        e.kind = Event::Kind::Callback;
        e.callbackId = textField(q, "id", where + ".callback_query");
        e.language = languageOf(q);
        e.text = q.contains("data") ? textField(q, "data", where + ".callback_query") : std::string();
        const auto& m = field(q, "message", where + ".callback_query");
        e.chatId = intField(field(m, "chat", where + ".callback_query.message"), "id", where + ".callback_query.message.chat");
        e.messageId = intField(m, "message_id", where + ".callback_query.message");
        e.messageText = m.contains("text") && m["text"].is_string() ? m["text"].get<std::string>() : std::string();
        return e;
    }
    return std::nullopt;
}

nlohmann::json toJson(const Event& e) {
    return {{"update_id", e.updateId}, {"kind", static_cast<int>(e.kind)}, {"chat_id", e.chatId},
            {"language", e.language},  {"text", e.text},                     {"callback_id", e.callbackId},
            {"message_id", e.messageId}, {"message_text", e.messageText}};
}

Event eventFromJson(const nlohmann::json& j) {
    Event e;
    e.updateId = j.at("update_id").get<std::int64_t>();
    e.kind = static_cast<Event::Kind>(j.at("kind").get<int>());
    e.chatId = j.at("chat_id").get<std::int64_t>();
    e.language = j.at("language").get<std::string>();
    e.text = j.at("text").get<std::string>();
    e.callbackId = j.at("callback_id").get<std::string>();
    e.messageId = j.at("message_id").get<std::int64_t>();
    e.messageText = j.at("message_text").get<std::string>();
    return e;
}

}  // namespace persona::telegram
