#include "persona/error.h"
#include "persona/retrieve/bm25.h"

#include <gtest/gtest.h>

#include <algorithm>

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
