// fact_use (persona-cli eval generator, issue 15): does a reply restate something of its facts?
// Compared by crude stems of content words, so "учусь" in a fact matches "учусь"/"учусь," in a reply.
#include "persona/train/training.h"

#include "text/utf8.h"

#include <algorithm>
#include <set>
#include <utf8proc.h>

namespace persona {
namespace {

constexpr size_t kMinLetters = 4;
constexpr size_t kStemLetters = 5;

char32_t fold(char32_t cp) {
    cp = static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
    return cp == U'ё' ? U'е' : cp;
}

// Folded words of at least kMinLetters letters.
std::vector<std::u32string> longWords(const std::string& text) {
    std::vector<std::u32string> out;
    std::u32string word;
    auto flush = [&] {
        if (word.size() >= kMinLetters) out.push_back(word);
        word.clear();
    };
    for (char32_t cp : detail::toCodePoints(text)) {
        if (detail::isLetter(cp))
            word.push_back(fold(cp));
        else
            flush();
    }
    flush();
    return out;
}

}  // namespace

const std::vector<std::string>& contentStopWords() {
    // Pronouns, auxiliaries, conjunctions, particles and chat fillers of 4+ letters: words any
    // reply may contain whatever its facts.
    static const std::vector<std::string> words{
        "этот", "этого", "этом", "этих", "тоже", "также", "очень", "когда", "тогда", "потом", "чтобы", "если",
        "есть", "быть", "было", "была", "были", "будет", "буду", "меня", "мене", "мной", "тебя", "тебе",
        "тобой", "него", "нему", "ними", "свой", "своя", "свои", "своё", "свое", "моей", "моих", "твой", "твои",
        "ваши", "ваша", "наши", "наша", "который", "которая", "которые", "какой", "какая", "какие", "какое",
        "здесь", "сейчас", "теперь", "всех", "всем", "весь", "даже", "только", "может", "можно", "нужно",
        "надо", "хорошо", "ладно", "привет", "здравствуй", "здравствуйте", "спасибо", "пожалуйста", "понятно",
        "конечно", "правда", "просто", "вообще", "наверное", "кстати", "ничего", "чего", "куда", "откуда",
        "почему", "зачем", "сколько", "много", "мало", "более", "менее", "самый", "самая", "самое", "хотя",
        "либо", "себя", "себе", "собой", "сама", "сами", "друг", "другой", "другие", "такой", "такая", "такие",
        "таки", "давай", "давайте", "знаю", "знаешь", "думаю", "хочу", "хочешь", "люблю", "нравится",
        "нравятся", "занимаюсь", "занимаешься", "работаю", "живу", "учусь"};
    return words;
}

std::vector<std::string> contentStems(const std::string& text) {
    static const std::set<std::u32string> stop = [] {
        std::set<std::u32string> s;
        for (const auto& w : contentStopWords()) {
            std::u32string folded;
            for (char32_t cp : detail::toCodePoints(w)) folded.push_back(fold(cp));
            s.insert(folded);
        }
        return s;
    }();
    std::vector<std::string> out;
    for (const auto& w : longWords(text)) {
        if (stop.count(w)) continue;
        out.push_back(detail::fromCodePoints(std::u32string_view(w).substr(0, kStemLetters)));
    }
    return out;
}

bool usesFacts(const std::string& reply, const std::vector<std::string>& facts) {
    const auto words = contentStems(reply);
    const std::set<std::string> said(words.begin(), words.end());
    for (const auto& fact : facts)
        for (const auto& stem : contentStems(fact))
            if (said.count(stem)) return true;
    return false;
}

}  // namespace persona
