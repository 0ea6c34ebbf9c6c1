#include "persona/error.h"
#include "persona/retrieve/bm25.h"
#include "persona/retrieve/retrieval.h"
#include "persona/retrieve/word_stemmer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using persona::Bm25Index;

namespace {

size_t best(const std::vector<double>& s) { return std::max_element(s.begin(), s.end()) - s.begin(); }

TEST(Bm25, CharacterNgramsAreCaseFoldedAndPadded) {
    EXPECT_EQ(Bm25Index::ngrams("Кот", 4), (std::vector<std::string>{" кот", "кот "}));
    EXPECT_EQ(Bm25Index::ngrams("  a \t b ", 3), (std::vector<std::string>{" a ", "a b", " b "}));
    EXPECT_EQ(Bm25Index::ngrams("Я", 4), (std::vector<std::string>{" я "}));
    EXPECT_TRUE(Bm25Index::ngrams("   ", 4).empty());
}

TEST(Bm25, InflectedRussianStillMatches) {
    const Bm25Index index({"Я живу в Москве", "У меня есть кошка", "Я люблю футбол"});
    EXPECT_EQ(best(index.score("Ты из Москвы?")), 0u);
    EXPECT_EQ(best(index.score("Какие у тебя кошки?")), 1u);
    EXPECT_EQ(best(index.score("футбольный матч")), 2u);
}

TEST(Bm25, UnrelatedQueryScoresZero) {
    const Bm25Index index({"Я живу в Москве", "У меня есть кошка"});
    for (double s : index.score("qwerty")) EXPECT_EQ(s, 0.0);
    EXPECT_EQ(Bm25Index({}).score("x").size(), 0u);
}

TEST(Bm25, RareTermsWeighMoreThanCommonOnes) {
    // " я " is in every document; "гитар" only in one.
    const Bm25Index index({"Я играю на гитаре", "Я пою", "Я шью"});
    const auto s = index.score("я гитара");
    EXPECT_GT(s[0], s[1]);
    EXPECT_DOUBLE_EQ(s[1], s[2]);
}

TEST(Bm25, InvalidUtf8IsAnError) {
    EXPECT_THROW(Bm25Index({std::string("\xff\xfe")}), persona::Error);
}

}  // namespace

namespace {

using persona::Bm25Options;

TEST(WordStemmer, WordsAreFoldedWithYoAsYe) {
    EXPECT_EQ(persona::foldedWords("Где ты ЖИВЁШЬ? Ёлка, IT-отдел 2024"),
              (std::vector<std::string>{"где", "ты", "живешь", "елка", "it", "отдел", "2024"}));
    EXPECT_TRUE(persona::foldedWords(" ,.! ").empty());
    EXPECT_THROW(persona::foldedWords(std::string("\xff")), persona::InvalidArgument);
}

TEST(WordStemmer, ScriptPicksTheStemmer) {
    EXPECT_EQ(persona::scriptOf("учусь"), persona::WordScript::Cyrillic);
    EXPECT_EQ(persona::scriptOf("running"), persona::WordScript::Latin);
    EXPECT_EQ(persona::scriptOf("iтмо"), persona::WordScript::Other);  // mixed scripts: left alone
    EXPECT_EQ(persona::scriptOf("2024"), persona::WordScript::Other);
    // Russian forms of one verb meet; English forms too; a mixed word is kept as it is.
    EXPECT_EQ(persona::stemWord("учишься"), persona::stemWord("учусь"));
    EXPECT_EQ(persona::stemWord("работаешь"), persona::stemWord("работал"));
    EXPECT_EQ(persona::stemWord("running"), persona::stemWord("runs"));
    EXPECT_EQ(persona::stemWord("iтмо"), "iтмо");
    // The Russian stemmer is not applied to Latin words and the reverse: each changes its own.
    EXPECT_NE(persona::stemWord("учишься"), "учишься");
    EXPECT_EQ(persona::stemWord("nlp"), "nlp");
}

TEST(Bm25Words, StemmedWordsMatchFormsWithoutSharedNgrams) {
    const std::vector<std::string> facts{"Я живу в общежитии", "Я учусь в Университете ИТМО", "Мне нравится футбол"};
    // "учишься" and "учусь" share no character 4-gram: the n-gram field alone cannot tell.
    const auto ngramsOnly = Bm25Index(facts, persona::ngramOnlyBm25()).score("Где ты учишься?");
    EXPECT_EQ(ngramsOnly[1], 0.0);
    const auto words = Bm25Index(facts, persona::wordOnlyBm25()).score("Где ты учишься?");
    EXPECT_GT(words[1], 0.0);
    EXPECT_EQ(best(words), 1u);
    EXPECT_EQ(best(Bm25Index(facts).score("Где ты учишься?")), 1u);
}

TEST(Bm25Words, TheScoreIsTheWeightedSumOfTheFields) {
    const std::vector<std::string> facts{"Я живу в Москве", "Я учусь в школе", "Я люблю футбол"};
    const std::string q = "Ты учишься в Москве?";
    const auto ng = Bm25Index(facts, persona::ngramOnlyBm25()).score(q);
    const auto wd = Bm25Index(facts, persona::wordOnlyBm25()).score(q);
    Bm25Options o;
    o.ngramWeight = 0.5;
    o.wordWeight = 2.0;
    const auto both = Bm25Index(facts, o).score(q);
    for (size_t i = 0; i < facts.size(); ++i) EXPECT_NEAR(both[i], 0.5 * ng[i] + 2.0 * wd[i], 1e-12);
    EXPECT_GT(wd[1], 0.0);
}

TEST(Bm25Words, BadWeightsAreErrors) {
    Bm25Options o;
    o.wordWeight = -1;
    EXPECT_THROW(Bm25Index({"x"}, o), persona::InvalidArgument);
    o.wordWeight = std::nan("");
    EXPECT_THROW(Bm25Index({"x"}, o), persona::InvalidArgument);
}

TEST(Bm25Words, NoLexicalMatchFallsBackToTheDenseScores) {
    const std::vector<double> zero{0.0, 0.0}, some{0.0, 1.5}, dense{0.3, -0.2};
    EXPECT_TRUE(persona::noLexicalMatch(zero));
    EXPECT_FALSE(persona::noLexicalMatch(some));
    EXPECT_EQ(persona::lexicalFallback(zero, dense), dense);
    EXPECT_EQ(persona::lexicalFallback(some, dense), some);
    EXPECT_THROW(persona::lexicalFallback(zero, {1.0}), persona::InvalidArgument);
}

}  // namespace
