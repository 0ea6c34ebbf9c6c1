// Fuzz-like checks with a fixed seed: random bytes never crash encode/decode; random valid UTF-8
// always round-trips through the byte-level BPE tokenizers, also when streamed token by token.
#include "persona/text/tokenizer.h"
#include "text/utf8.h"
#include "text_test_util.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>

namespace {

using persona::test::textFixture;

std::string randomBytes(std::mt19937& rng, std::size_t maxLen) {
    std::uniform_int_distribution<std::size_t> len(0, maxLen);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string s(len(rng), '\0');
    for (char& c : s) c = static_cast<char>(byte(rng));
    return s;
}

std::string randomUtf8(std::mt19937& rng, std::size_t maxChars) {
    static const std::pair<char32_t, char32_t> kRanges[] = {
        {0x00, 0x7F},       {0x20, 0x7E},     {0x80, 0x2FF},     {0x400, 0x4FF},
        {0x2000, 0x206F},   {0x3000, 0x303F}, {0x4E00, 0x9FFF},  {0x1F300, 0x1FAFF},
        {0xE000, 0xF8FF},   {0x0, 0x10FFFF}};
    std::uniform_int_distribution<std::size_t> len(0, maxChars);
    std::uniform_int_distribution<std::size_t> pick(0, std::size(kRanges) - 1);
    std::string s;
    for (std::size_t n = len(rng); n > 0; --n) {
        const auto [lo, hi] = kRanges[pick(rng)];
        char32_t cp = std::uniform_int_distribution<char32_t>(lo, hi)(rng);
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = U'ж';  // surrogates are not characters
        persona::detail::appendUtf8(s, cp);
    }
    return s;
}

class TokenizerFuzzTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TokenizerFuzzTest, RandomBytesNeverCrashAndDecodeToValidUtf8) {
    const auto tok = persona::loadTokenizer(textFixture(GetParam()).string());
    std::mt19937 rng(1234);
    for (int i = 0; i < 300; ++i) {
        const std::string bytes = randomBytes(rng, 64);
        std::vector<int> ids;
        ASSERT_NO_THROW(ids = tok->encode(bytes));
        std::string text;
        ASSERT_NO_THROW(text = tok->decode(ids));
        EXPECT_TRUE(persona::detail::isValidUtf8(text));
        if (tok->kind() == "bpe") {  // byte-level: the text with invalid parts as U+FFFD comes back
            EXPECT_EQ(text, persona::detail::sanitizeUtf8(bytes));
        }
    }
}

TEST_P(TokenizerFuzzTest, RandomValidUtf8RoundTrips) {
    const auto tok = persona::loadTokenizer(textFixture(GetParam()).string());
    if (tok->kind() != "bpe") GTEST_SKIP() << "WordPiece normalizes text; it cannot round-trip";
    std::mt19937 rng(5678);
    for (int i = 0; i < 300; ++i) {
        const std::string text = randomUtf8(rng, 48);
        const auto ids = tok->encode(text);
        ASSERT_EQ(tok->decode(ids), text);
        persona::Utf8StreamAssembler stream;
        std::string streamed;
        for (int id : ids) streamed += stream.push(tok->tokenBytes(id));
        streamed += stream.flush();
        ASSERT_EQ(streamed, text);
    }
}

// encode() is const and shares a cache: several threads on one tokenizer give the same ids as one.
TEST(TokenizerThreads, ConcurrentEncodeMatchesSerial) {
    const auto tok = persona::loadTokenizer(textFixture("rugpt3").string());
    std::mt19937 rng(42);
    std::vector<std::string> texts;
    for (int i = 0; i < 200; ++i) texts.push_back(randomUtf8(rng, 32) + " Привет, мир! " + std::to_string(i));
    std::vector<std::vector<int>> serial;
    for (const auto& t : texts) serial.push_back(tok->encode(t));
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int k = 0; k < 4; ++k)
        threads.emplace_back([&, k] {
            for (int round = 0; round < 5; ++round)
                for (std::size_t i = 0; i < texts.size(); ++i)
                    if (tok->encode(texts[(i + k * 37) % texts.size()]) != serial[(i + k * 37) % texts.size()])
                        ++mismatches[k];
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

INSTANTIATE_TEST_SUITE_P(Vocabularies, TokenizerFuzzTest,
                         ::testing::Values("gpt2", "rugpt3", "tiny_bpe", "tiny_wordpiece"));

}  // namespace
