#include "telegram/bot_texts.h"

#include <map>

namespace persona::telegram {

namespace {

struct Pair {
    const char* ru;
    const char* en;
};

const std::map<Text, Pair>& table() {
    static const std::map<Text, Pair> t = {
        {Text::Help,
         {"Я — персона из Persona Studio: отвечаю от её имени, опираясь на факты о ней.\n\n"
          "/start — начать новый диалог\n"
          "/persona — вернуть персону по умолчанию; /persona и факты, по одному в строке, — "
          "добавить их к персоне этого чата\n"
          "/set_simple — простой режим: ответ, факты, на которых он основан, и новые факты, "
          "которые модель сказала о себе\n"
          "/set_validation — режим разметки: выберите факты для ответа, нажмите «Готово» и "
          "отметьте ответ как логичный, конкретный, личный\n"
          "/help en — this help in English",
          "I am a persona from Persona Studio: I answer as her, based on facts about her.\n\n"
          "/start - begin a new dialogue\n"
          "/persona - back to the default persona; /persona followed by facts, one per line - "
          "add them to this chat's persona\n"
          "/set_simple - simple mode: the reply, the facts it was based on, and any new facts "
          "the model stated about itself\n"
          "/set_validation - labelling mode: pick the facts for the reply, press \"Done\", then "
          "mark the reply as logical, specific, personal\n"
          "/help ru - эта справка по-русски"}},
        {Text::Started, {"Новый диалог с персоной «{persona}». Напишите что-нибудь.",
                         "A new dialogue with the persona \"{persona}\". Say something."}},
        {Text::ModeSimple, {"Простой режим.", "Simple mode."}},
        {Text::ModeValidation, {"Режим разметки: после вашего сообщения выберите факты и нажмите «Готово».",
                                "Labelling mode: after your message, pick facts and press \"Done\"."}},
        {Text::PersonaDefault, {"Персона по умолчанию: «{persona}» ({count} фактов). Новый диалог.",
                                "The default persona: \"{persona}\" ({count} facts). A new dialogue."}},
        {Text::PersonaExtended, {"Персона «{persona}»: теперь {count} фактов. Новый диалог.",
                                 "The persona \"{persona}\" now has {count} facts. A new dialogue."}},
        {Text::FactsUsed, {"Факты:", "Facts:"}},
        {Text::FactsNone, {"Факты: нет", "Facts: none"}},
        {Text::Proposals, {"Новые факты (предложены моделью):", "New facts (proposed by the model):"}},
        {Text::ChooseFacts, {"Выберите факты для ответа и нажмите «Готово»:", "Pick the facts for the reply and press \"Done\":"}},
        {Text::Done, {"Готово", "Done"}},
        {Text::PickedFacts, {"Выбранные факты:", "Picked facts:"}},
        {Text::FinishPicksFirst, {"Сначала выберите факты для предыдущего сообщения и нажмите «Готово».",
                                  "First pick the facts for the previous message and press \"Done\"."}},
        {Text::StaleButton, {"Этот выбор уже закрыт.", "This choice is closed."}},
        {Text::RateReply, {"Оцените ответ:", "Rate the reply:"}},
        {Text::Logical, {"логично", "logical"}},
        {Text::Specific, {"конкретно", "specific"}},
        {Text::Personal, {"лично", "personal"}},
        {Text::UnknownCommand, {"Не знаю такой команды. /help — справка.", "Unknown command. /help lists them."}},
        {Text::TextOnly, {"Я понимаю только текст.", "I understand text only."}},
        {Text::Failed, {"Не получилось ответить, попробуйте ещё раз.", "Something went wrong; please try again."}},
    };
    return t;
}

void replaceAll(std::string& s, const std::string& what, const std::string& with) {
    for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size())) s.replace(at, what.size(), with);
}

}  // namespace

Lang langOf(const std::string& code) {
    return code.rfind("en", 0) == 0 ? Lang::En : Lang::Ru;
}

std::string say(Lang lang, Text text, const std::string& persona, int count) {
    const Pair& p = table().at(text);
    std::string s = lang == Lang::En ? p.en : p.ru;
    replaceAll(s, "{persona}", persona);
    replaceAll(s, "{count}", std::to_string(count));
    return s;
}

}  // namespace persona::telegram
