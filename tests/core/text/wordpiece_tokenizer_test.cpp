// BERT WordPiece against the hand-written tests/fixtures/text/tiny_wordpiece/vocab.txt (id = line
// number - 1): 0 [PAD] 1 [UNK] 2 [CLS] 3 [SEP] 4 [MASK] 5 the 6 quick 7 brown 8 fox 9 un
// 10 ##aff 11 ##able 12 , 13 . 14 ! 15 привет 16 мир 17 ##ы 18 ел 19 ##ка 20 中 21 国 22 cafe
// 23 hello 24 world 25 ##s 26 Hello 27 е 28 😀 29 [P1u] 30 ##ing 31 play 32 $ 33 ? 34 москва
// 35 мои 36 a 37 ##a. Its tokenizer_config.json: do_lower_case true, strip_accents null (follows
// lower-casing), tokenize_chinese_chars true, [P1u] an additional special token.
#include "persona/error.h"
#include "persona/text/tokenizer.h"
#include "text_test_util.h"

#include <gtest/gtest.h>

namespace {

using persona::test::textFixture;

struct WordPieceCase {
    const char* name;
    std::string text;
    std::vector<int> ids;
};

class WordPieceTest : public ::testing::TestWithParam<WordPieceCase> {
protected:
    static void SetUpTestSuite() { tok = persona::loadTokenizer(textFixture("tiny_wordpiece").string()); }
    static void TearDownTestSuite() { tok.reset(); }
    static inline std::unique_ptr<persona::Tokenizer> tok;
};

TEST_P(WordPieceTest, EncodesLikeBertTokenizer) {
    EXPECT_EQ(tok->encode(GetParam().text), GetParam().ids);
}

INSTANTIATE_TEST_SUITE_P(
    Uncased, WordPieceTest,
    ::testing::Values(
        // Lower-cased, "." split off as punctuation.
        WordPieceCase{"Sentence", "The quick brown fox.", {5, 6, 7, 8, 13}},
        // Greedy longest match: un, then ##aff, then ##able.
        WordPieceCase{"Pieces", "unaffable", {9, 10, 11}},
        // One piece that cannot be matched ("##x") makes the whole word [UNK].
        WordPieceCase{"UnmatchedTailMakesWordUnknown", "unaffablex", {1}},
        WordPieceCase{"Punctuation", "Hello, World!", {23, 12, 24, 14}},
        // Cyrillic lower-casing through utf8proc.
        WordPieceCase{"CyrillicLowerCase", "ПРИВЕТ, мир!", {15, 12, 16, 14}},
        WordPieceCase{"CyrillicContinuation", "миры", {16, 17}},
        // Ё -> ё, NFD gives е + U+0308 (a nonspacing mark), stripped: "елка" = ел ##ка.
        WordPieceCase{"AccentStripYo", "Ёлка", {18, 19}},
        // й is и + U+0306 after NFD: "Мой" becomes "мои" (as BERT uncased does).
        WordPieceCase{"AccentStripShortI", "Мой", {35}},
        WordPieceCase{"AccentStripLatin", "Café", {22}},
        // CJK ideographs are words of their own even without spaces.
        WordPieceCase{"ChineseCharsSplit", "中国", {20, 21}},
        // An emoji (So) is neither punctuation nor CJK: a word, found in the vocabulary.
        WordPieceCase{"Emoji", "😀", {28}},
        // "$" is ASCII punctuation for BERT; "5" is not in the vocabulary.
        WordPieceCase{"DollarIsPunctuation", "$5", {32, 1}},
        WordPieceCase{"Suffix", "playing", {31, 30}},
        WordPieceCase{"Unknown", "xyz", {1}},
        // NUL and U+200B (Cf) are dropped, TAB and NBSP become spaces.
        WordPieceCase{"CleanText", std::string("hello\0\t\u200bworld\u00a0!", 18), {23, 24, 14}},
        // Special tokens are recognized in the text and never split or lower-cased.
        WordPieceCase{"SpecialTokens", "[CLS] hello [SEP]", {2, 23, 3}},
        WordPieceCase{"AdditionalSpecial", "[P1u]hello", {29, 23}},
        // 100 characters: a + 99 × ##a; 101 characters: [UNK] (max_input_chars_per_word).
        WordPieceCase{"HundredChars", std::string(100, 'a'),
                      [] { std::vector<int> v{36}; v.insert(v.end(), 99, 37); return v; }()},
        WordPieceCase{"OverHundredChars", std::string(101, 'a'), {1}},
        WordPieceCase{"Empty", "", {}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(WordPieceTest, EncodeForModelWrapsInClsSep) {
    EXPECT_EQ(tok->kind(), "wordpiece");
    EXPECT_EQ(tok->encodeForModel("hello"), (std::vector<int>{2, 23, 3}));
    EXPECT_EQ(tok->bosId(), 2);
    EXPECT_EQ(tok->eosId(), 3);
    EXPECT_EQ(tok->padId(), 0);
    EXPECT_EQ(tok->unkId(), 1);
}

TEST_F(WordPieceTest, DecodeJoinsContinuations) {
    EXPECT_EQ(tok->decode({5, 6, 7}), "the quick brown");
    EXPECT_EQ(tok->decode({9, 10, 11, 13}), "unaffable .");
    EXPECT_EQ(tok->decode({2, 23, 3}), "[CLS] hello [SEP]");
    EXPECT_EQ(tok->decode({2, 23, 3}, true), "hello");
    EXPECT_EQ(tok->tokenBytes(10), "aff");
    EXPECT_EQ(tok->tokenBytes(9), " un");
    EXPECT_TRUE(tok->isSpecial(29));
    EXPECT_FALSE(tok->isSpecial(23));
    EXPECT_EQ(tok->tokenId("##ing"), 30);
    EXPECT_THROW(tok->decode({38}), persona::TokenizerError);
}

TEST(WordPieceCased, DoLowerCaseFalseKeepsCaseAndAccents) {
    persona::test::TempDir dir("cased");
    std::filesystem::copy_file(textFixture("tiny_wordpiece") / "vocab.txt", dir.path() / "vocab.txt");
    persona::test::writeText(dir.path() / "tokenizer_config.json", R"({"do_lower_case": false})");
    const auto tok = persona::loadTokenizer(dir.str());
    EXPECT_EQ(tok->encode("Hello"), (std::vector<int>{26}));  // the cased entry
    EXPECT_EQ(tok->encode("Café"), (std::vector<int>{1}));   // accents kept: not in vocabulary
    EXPECT_EQ(tok->encode("[P1u]"), (std::vector<int>{1, 1, 1}));  // not special here: [, p1u, ]
}

}  // namespace
