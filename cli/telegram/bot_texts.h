// What the bot says, in Russian and English. The language is the user's Telegram language
// (language_code "en..." -> English), Russian otherwise; /help en and /help ru choose explicitly.
#pragma once

#include <string>

namespace persona::telegram {

enum class Lang { Ru, En };
Lang langOf(const std::string& languageCode);

enum class Text {
    Help,
    Started,
    ModeSimple,
    ModeValidation,
    PersonaDefault,      // {persona}, {count}
    PersonaExtended,     // {persona}, {count}
    FactsUsed,
    FactsNone,
    Proposals,
    ChooseFacts,         // the picker's header
    Done,
    PickedFacts,         // the picker after "done"
    FinishPicksFirst,
    StaleButton,
    RateReply,
    Logical,
    Specific,
    Personal,
    UnknownCommand,
    TextOnly,
    Failed,
};

// The text; {persona} and {count} are replaced by the arguments.
std::string say(Lang lang, Text text, const std::string& persona = {}, int count = 0);

}  // namespace persona::telegram
