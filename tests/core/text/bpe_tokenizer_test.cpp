// GPT-2 byte-level BPE. The tiny_bpe fixture is small enough to check every id by hand: its ids
// 0-255 are GPT-2's byte tokens ('!'..'~' are 0..93, 0xAE..0xFF are 106..187, the shifted bytes
// 0x00..0x20 are 188..220, so a space "Ġ" is 220), then 256.. are the merges of merges.txt in
// order, <|endoftext|> is 268, and the added tokens are [P1u] 269, [P2u] 270, [Gk] 271, [P1 272
// and <sep> 273 (lstrip + rstrip).
#include "persona/error.h"
#include "persona/text/tokenizer.h"
#include "text_test_util.h"

#include <gtest/gtest.h>

#include <memory>

namespace {

using persona::test::textFixture;

constexpr int kHello = 259;   // h e -> he; l l -> ll; he ll -> hell; hell o -> hello
constexpr int kGWorld = 264;  // Ġ w -> Ġw; o r -> or; Ġw or -> Ġwor; l d -> ld; Ġwor ld -> Ġworld
constexpr int kEot = 268;
constexpr int kP1u = 269, kP2u = 270, kGk = 271, kP1 = 272, kSep = 273;

class TinyBpeTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { tok = persona::loadTokenizer(textFixture("tiny_bpe").string()); }
    static void TearDownTestSuite() { tok.reset(); }
    static inline std::unique_ptr<persona::Tokenizer> tok;
};

TEST_F(TinyBpeTest, MergesByRank) {
    EXPECT_EQ(tok->kind(), "bpe");
    EXPECT_EQ(tok->encode("hello world"), (std::vector<int>{kHello, kGWorld}));
    // "при": Ð ¿ -> Ð¿ (265), Ñ Ģ -> ÑĢ (266), Ð¿ ÑĢ -> Ð¿ÑĢ (267); "и" is D0 B8, no merge:
    // Ð = 0xD0 -> 106 + (0xD0 - 0xAE) = 140, ¸ = 0xB8 -> 106 + (0xB8 - 0xAE) = 116.
    EXPECT_EQ(tok->encode("при"), (std::vector<int>{267, 140, 116}));
    // "hellx": hell (258) then x (0x78 - 0x21 = 87).
    EXPECT_EQ(tok->encode("hellx"), (std::vector<int>{258, 87}));
}

TEST_F(TinyBpeTest, AddedTokensAreNeverSplit) {
    EXPECT_EQ(tok->encode("hello[P1u] world"), (std::vector<int>{kHello, kP1u, kGWorld}));
    EXPECT_EQ(tok->encode("[P1u][P2u][Gk]"), (std::vector<int>{kP1u, kP2u, kGk}));
    EXPECT_EQ(tok->encode("<|endoftext|>hello"), (std::vector<int>{kEot, kHello}));
}

TEST_F(TinyBpeTest, LongestAddedTokenWinsAtOnePosition) {
    // "[P1" and "[P1u]" both match at 0: the longer one is taken; then "[P1" + "x" (87).
    EXPECT_EQ(tok->encode("[P1u][P1x"), (std::vector<int>{kP1u, kP1, 87}));
}

TEST_F(TinyBpeTest, LstripRstripSwallowSpacesAroundToken) {
    // <sep> has lstrip and rstrip: "a <sep> b" is a, <sep>, b (a = 64, b = 65), no Ġ.
    EXPECT_EQ(tok->encode("a <sep> b"), (std::vector<int>{64, kSep, 65}));
    // [P1u] has neither: the space before "b" stays (Ġ = 220, then b).
    EXPECT_EQ(tok->encode("[P1u] b"), (std::vector<int>{kP1u, 220, 65}));
}

TEST_F(TinyBpeTest, EncodeForModelAddsBosWhenConfigured) {
    EXPECT_EQ(tok->encodeForModel("hello"), (std::vector<int>{kEot, kHello}));
    EXPECT_EQ(tok->bosId(), kEot);
    EXPECT_EQ(tok->eosId(), kEot);
    EXPECT_EQ(tok->unkId(), kEot);
    EXPECT_FALSE(tok->padId().has_value());
}

TEST_F(TinyBpeTest, DecodeAndTokenStrings) {
    EXPECT_EQ(tok->decode({kEot, kHello, kP1u, kGWorld}), "<|endoftext|>hello[P1u] world");
    EXPECT_EQ(tok->decode({kEot, kHello, kP1u, kGWorld}, true), "hello world");
    EXPECT_EQ(tok->tokenString(kGWorld), "Ġworld");
    EXPECT_EQ(tok->tokenBytes(kGWorld), " world");
    EXPECT_EQ(tok->tokenString(kGk), "[Gk]");
    EXPECT_EQ(tok->tokenBytes(140), "\xD0");  // half of a Cyrillic letter
    EXPECT_EQ(tok->decode({140}), "\xEF\xBF\xBD");  // decoded alone: U+FFFD
    EXPECT_EQ(tok->tokenId("[P2u]"), kP2u);
    EXPECT_EQ(tok->tokenId("Ġworld"), kGWorld);
    EXPECT_FALSE(tok->tokenId("nonexistent").has_value());
    EXPECT_TRUE(tok->isSpecial(kP1u));
    EXPECT_TRUE(tok->isSpecial(kEot));
    EXPECT_FALSE(tok->isSpecial(kHello));
    EXPECT_EQ(tok->vocabSize(), 274);
}

TEST_F(TinyBpeTest, UnknownIdIsAnError) {
    try {
        tok->decode({kHello, 9999});
        FAIL() << "expected TokenizerError";
    } catch (const persona::TokenizerError& e) {
        EXPECT_NE(std::string(e.what()).find("token id 9999 is not in the vocabulary"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(tok->tokenString(-1), persona::TokenizerError);
}

TEST_F(TinyBpeTest, InvalidUtf8InputIsReplacedNotFatal) {
    // "h\xFFi" is tokenized as "h\uFFFDi": h (71), the bytes EF BF BD (171, 123, 121), i (72).
    EXPECT_EQ(tok->encode("h\xFFi"), (std::vector<int>{71, 171, 123, 121, 72}));
    EXPECT_EQ(tok->decode(tok->encode("h\xFFi")), "h\xEF\xBF\xBDi");
}

TEST(TinyBpeConfig, AddPrefixSpace) {
    persona::test::TempDir dir("prefix");
    for (const char* f : {"vocab.json", "merges.txt"})
        std::filesystem::copy_file(textFixture("tiny_bpe") / f, dir.path() / f);
    persona::test::writeText(dir.path() / "tokenizer_config.json", R"({"add_prefix_space": true})");
    const auto tok = persona::loadTokenizer(dir.str());
    // " hello": Ġ (220) stays alone (no "Ġ h" merge), then hello.
    EXPECT_EQ(tok->encode("hello"), (std::vector<int>{220, kHello}));
    EXPECT_EQ(tok->encode("hello world"), (std::vector<int>{220, kHello, kGWorld}));
}

TEST(Gpt2Bpe, KnownIdsAndDefaultSpecialToken) {
    // The original gpt2 folder has only vocab.json and merges.txt: <|endoftext|> (50256) is still
    // BOS/EOS/UNK and never split, as in HuggingFace's GPT2Tokenizer.
    const auto tok = persona::loadTokenizer(textFixture("gpt2").string());
    EXPECT_EQ(tok->vocabSize(), 50257);
    EXPECT_EQ(tok->encode("Hello world"), (std::vector<int>{15496, 995}));
    EXPECT_EQ(tok->encode("Hello<|endoftext|>"), (std::vector<int>{15496, 50256}));
    EXPECT_EQ(tok->bosId(), 50256);
    EXPECT_EQ(tok->eosId(), 50256);
    EXPECT_FALSE(tok->padId().has_value());
    EXPECT_EQ(tok->encodeForModel("Hello world"), tok->encode("Hello world"));  // no add_bos_token
}

TEST(RuGpt3Bpe, SpecialTokensFromItsConfig) {
    const auto tok = persona::loadTokenizer(textFixture("rugpt3").string());
    EXPECT_EQ(tok->padId(), 0);
    EXPECT_EQ(tok->unkId(), 1);
    EXPECT_EQ(tok->bosId(), 2);
    EXPECT_EQ(tok->eosId(), 3);
    EXPECT_EQ(tok->encode("<pad><|endoftext|><s></s><mask>"), (std::vector<int>{0, 1, 2, 3, 5}));
    const auto body = tok->encode("Привет");
    std::vector<int> expected{2};
    expected.insert(expected.end(), body.begin(), body.end());
    expected.push_back(3);
    EXPECT_EQ(tok->encode("<s>Привет</s>"), expected);
    EXPECT_EQ(tok->decode(expected, true), "Привет");
    EXPECT_EQ(tok->decode(expected), "<s>Привет</s>");
    // add_bos_token is false in its tokenizer_config.json.
    EXPECT_EQ(tok->encodeForModel("Привет"), body);
}

}  // namespace
