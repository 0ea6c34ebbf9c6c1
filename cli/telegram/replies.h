// The Bot API requests the bot queues: messages, edits, button answers and their keyboards.
#pragma once

#include "telegram/bot_texts.h"

#include "persona/store/store_types.h"
#include "persona/store/telegram_repo.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace persona::telegram {

// Telegram's limits: 4096 characters a message, 64 bytes of callback data.
inline constexpr std::size_t kMaxMessageBytes = 3500;
inline constexpr std::size_t kMaxButtonBytes = 60;

// At most maxBytes of UTF-8, cut at a character boundary ("…" marks a cut).
std::string clip(const std::string& text, std::size_t maxBytes);

store::TelegramOutboxItem sendMessage(std::int64_t chatId, const std::string& text,
                                      const nlohmann::json& keyboard = nullptr);
store::TelegramOutboxItem editMessage(std::int64_t chatId, std::int64_t messageId, const std::string& text,
                                      const nlohmann::json& keyboard = nullptr);
store::TelegramOutboxItem answerCallback(const std::string& callbackId, const std::string& text = {});

struct Candidate {
    store::Id factId = 0;
    std::string text;
    bool picked = false;
};
// Validation mode: one button per candidate fact ("p:<user message>:<index>"), then "done".
nlohmann::json pickKeyboard(Lang lang, store::Id userMessageId, const std::vector<Candidate>& candidates);
// The three marks of a reply ("m:<persona message>:l|s|p"), checked where set to 1.
nlohmann::json markKeyboard(Lang lang, store::Id personaMessageId, const std::optional<store::Rating>& rating);

// "• fact" lines.
std::string bullets(const std::vector<std::string>& lines);

}  // namespace persona::telegram
