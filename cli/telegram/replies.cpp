#include "telegram/replies.h"

namespace persona::telegram {

std::string clip(const std::string& text, std::size_t maxBytes) {
    if (text.size() <= maxBytes) return text;
    std::size_t end = maxBytes - 3;  // room for "…"
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + "\xE2\x80\xA6";
}

store::TelegramOutboxItem sendMessage(std::int64_t chatId, const std::string& text, const nlohmann::json& keyboard) {
    nlohmann::json body{{"chat_id", chatId}, {"text", clip(text.empty() ? "\xE2\x80\xA6" : text, kMaxMessageBytes)}};
    if (!keyboard.is_null()) body["reply_markup"] = {{"inline_keyboard", keyboard}};
    return {0, "sendMessage", body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

store::TelegramOutboxItem editMessage(std::int64_t chatId, std::int64_t messageId, const std::string& text,
                                      const nlohmann::json& keyboard) {
    nlohmann::json body{{"chat_id", chatId}, {"message_id", messageId},
                        {"text", clip(text.empty() ? "\xE2\x80\xA6" : text, kMaxMessageBytes)}};
    if (!keyboard.is_null()) body["reply_markup"] = {{"inline_keyboard", keyboard}};
    return {0, "editMessageText", body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

store::TelegramOutboxItem answerCallback(const std::string& callbackId, const std::string& text) {
    nlohmann::json body{{"callback_query_id", callbackId}};
    if (!text.empty()) body["text"] = text;
    return {0, "answerCallbackQuery", body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

namespace {

const char* kChecked = "\xE2\x9C\x85 ";    // ✅
const char* kUnchecked = "\xE2\xAC\x9C ";  // ⬜

}  // namespace

nlohmann::json pickKeyboard(Lang lang, store::Id userMessageId, const std::vector<Candidate>& candidates) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& c = candidates[i];
        rows.push_back({{{"text", std::string(c.picked ? kChecked : kUnchecked) + clip(c.text, kMaxButtonBytes)},
                         {"callback_data", "p:" + std::to_string(userMessageId) + ":" + std::to_string(i)}}});
    }
    rows.push_back({{{"text", say(lang, Text::Done)}, {"callback_data", "d:" + std::to_string(userMessageId)}}});
    return rows;
}

nlohmann::json markKeyboard(Lang lang, store::Id personaMessageId, const std::optional<store::Rating>& rating) {
    const auto button = [&](Text label, const std::optional<int>& value, const char* key) {
        const bool on = value && *value == 1;
        return nlohmann::json{{"text", std::string(on ? kChecked : kUnchecked) + say(lang, label)},
                              {"callback_data", "m:" + std::to_string(personaMessageId) + ":" + key}};
    };
    const store::Rating r = rating.value_or(store::Rating{});
    return nlohmann::json::array({nlohmann::json::array({button(Text::Logical, r.logical, "l"),
                                                         button(Text::Specific, r.specific, "s"),
                                                         button(Text::Personal, r.personal, "p")})});
}

std::string bullets(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += "\n\xE2\x80\xA2 " + l;  // •
    return out;
}

}  // namespace persona::telegram
