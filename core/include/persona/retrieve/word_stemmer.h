// Words as the lexical retriever compares them: runs of letters and digits, case-folded, ё as е,
// each reduced by Snowball (libstemmer: Russian for Cyrillic words, English for Latin ones,
// others kept as they are), so "учишься" and "учусь" are both "уч".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace persona {

enum class WordScript { Cyrillic, Latin, Other };

// The code points of text case-folded (NFC); InvalidArgument "BM25: ..." on invalid UTF-8. The
// one folding both BM25 fields use.
std::vector<int32_t> caseFoldedCodePoints(const std::string& text);

// The script of a folded word: Cyrillic or Latin when every letter is, else Other.
WordScript scriptOf(const std::string& word);

// The words of text, folded (not stemmed). Throws InvalidArgument on invalid UTF-8.
std::vector<std::string> foldedWords(const std::string& text);

// One word stemmed by the stemmer of its script (the word itself for Other and digits).
std::string stemWord(const std::string& foldedWord);

// foldedWords, each stemmed: the terms of BM25's word field.
std::vector<std::string> stemmedWords(const std::string& text);

}  // namespace persona
