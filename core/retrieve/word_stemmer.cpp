#include "persona/retrieve/word_stemmer.h"

#include "persona/error.h"

#include <libstemmer.h>
#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace persona {
namespace {

// A Snowball stemmer is not thread-safe; each thread gets its own pair, made on first use.
struct Stemmers {
    struct Free {
        void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
    };
    std::unique_ptr<sb_stemmer, Free> russian{sb_stemmer_new("russian", "UTF_8")};
    std::unique_ptr<sb_stemmer, Free> english{sb_stemmer_new("english", "UTF_8")};
};

Stemmers& stemmers() {
    thread_local Stemmers s;
    if (!s.russian || !s.english) throw Error("libstemmer has no Russian or English stemmer");
    return s;
}

bool isWordChar(utf8proc_int32_t cp) {
    const auto cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) || cat == UTF8PROC_CATEGORY_ND ||
           cat == UTF8PROC_CATEGORY_MN;
}

void append(std::string& out, utf8proc_int32_t cp) {
    utf8proc_uint8_t buf[4];
    out.append(reinterpret_cast<char*>(buf), static_cast<size_t>(utf8proc_encode_char(cp, buf)));
}

}  // namespace

WordScript scriptOf(const std::string& word) {
    bool cyrillic = false, latin = false, other = false;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(word.data());
    utf8proc_ssize_t pos = 0, n = static_cast<utf8proc_ssize_t>(word.size());
    while (pos < n) {
        utf8proc_int32_t cp = 0;
        const auto len = utf8proc_iterate(p + pos, n - pos, &cp);
        if (len <= 0) return WordScript::Other;
        pos += len;
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ND) continue;
        if (cp >= 0x400 && cp <= 0x52F) cyrillic = true;
        else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) latin = true;
        else other = true;
    }
    if (other || cyrillic == latin) return WordScript::Other;
    return cyrillic ? WordScript::Cyrillic : WordScript::Latin;
}

std::vector<int32_t> caseFoldedCodePoints(const std::string& text) {
    utf8proc_uint8_t* folded = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                static_cast<utf8proc_ssize_t>(text.size()), &folded,
                                static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE |
                                                               UTF8PROC_STABLE | UTF8PROC_IGNORE));
    if (n < 0) throw InvalidArgument(std::string("BM25: text is not valid UTF-8: ") + utf8proc_errmsg(n));
    std::vector<int32_t> cps;
    utf8proc_ssize_t pos = 0;
    while (pos < n) {
        utf8proc_int32_t cp = 0;
        pos += utf8proc_iterate(folded + pos, n - pos, &cp);
        cps.push_back(cp);
    }
    std::free(folded);
    return cps;
}

std::vector<std::string> foldedWords(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (const int32_t cp : caseFoldedCodePoints(text)) {
        if (isWordChar(cp)) {
            append(word, cp == 0x451 ? 0x435 : cp);  // ё -> е
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

std::string stemWord(const std::string& foldedWord) {
    const WordScript script = scriptOf(foldedWord);
    if (script == WordScript::Other) return foldedWord;
    sb_stemmer* s = script == WordScript::Cyrillic ? stemmers().russian.get() : stemmers().english.get();
    const sb_symbol* stem = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(foldedWord.data()),
                                            static_cast<int>(foldedWord.size()));
    if (!stem) throw Error("libstemmer: out of memory");
    return std::string(reinterpret_cast<const char*>(stem), static_cast<size_t>(sb_stemmer_length(s)));
}

std::vector<std::string> stemmedWords(const std::string& text) {
    auto words = foldedWords(text);
    for (auto& w : words) w = stemWord(w);
    return words;
}

}  // namespace persona
