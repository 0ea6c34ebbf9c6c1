// UTF-8 with a defined policy for bad input: sanitizeUtf8 and Utf8StreamAssembler.
#include "persona/text/tokenizer.h"
#include "text/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

struct SanitizeCase {
    const char* name;
    std::string in;
    std::string expected;
};

class SanitizeTest : public ::testing::TestWithParam<SanitizeCase> {};

TEST_P(SanitizeTest, ReplacesEachMaximalSubpartWithOneReplacementChar) {
    const auto& c = GetParam();
    EXPECT_EQ(persona::detail::sanitizeUtf8(c.in), c.expected);
    EXPECT_TRUE(persona::detail::isValidUtf8(persona::detail::sanitizeUtf8(c.in)));
}

// Expected values follow Unicode's "maximal subpart" practice; Python's
// bytes.decode("utf-8", "replace") gives the same for each row.
INSTANTIATE_TEST_SUITE_P(
    Utf8, SanitizeTest,
    ::testing::Values(
        SanitizeCase{"Ascii", "hello", "hello"},
        SanitizeCase{"Cyrillic", "\xD0\xBF\xD1\x80\xD0\xB8", "\xD0\xBF\xD1\x80\xD0\xB8"},
        SanitizeCase{"Emoji", "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
        SanitizeCase{"LoneContinuation", "a\x80" "b", "a" + kFffd + "b"},
        SanitizeCase{"BadLeadFF", "\xFF\xFE", kFffd + kFffd},
        // C0 AF is an overlong "/": C0 can never start a sequence, AF is a lone continuation.
        SanitizeCase{"Overlong", "\xC0\xAF", kFffd + kFffd},
        // ED A0 80 would be the surrogate U+D800: ED then A0 is out of range.
        SanitizeCase{"Surrogate", "\xED\xA0\x80", kFffd + kFffd + kFffd},
        SanitizeCase{"AboveMax", "\xF4\x90\x80\x80", kFffd + kFffd + kFffd + kFffd},
        // E2 82 is a valid prefix of the euro sign cut short: one replacement for both bytes.
        SanitizeCase{"TruncatedThenAscii", "\xE2\x82" "a", kFffd + "a"},
        SanitizeCase{"TruncatedAtEnd", "ok\xF0\x9F\x98", "ok" + kFffd}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Utf8StreamAssembler, HoldsCyrillicSplitOverTwoTokens) {
    persona::Utf8StreamAssembler a;
    EXPECT_EQ(a.push("\xD0"), "");  // first byte of "п"
    EXPECT_EQ(a.push("\xBF\xD1"), "\xD0\xBF");
    EXPECT_EQ(a.push("\x80 "), "\xD1\x80 ");
    EXPECT_EQ(a.flush(), "");
}

TEST(Utf8StreamAssembler, HoldsEmojiSplitOverFourPushes) {
    persona::Utf8StreamAssembler a;
    EXPECT_EQ(a.push("\xF0"), "");
    EXPECT_EQ(a.push("\x9F"), "");
    EXPECT_EQ(a.push("\x98"), "");
    EXPECT_EQ(a.push("\x80!"), "\xF0\x9F\x98\x80!");
    EXPECT_EQ(a.flush(), "");
}

TEST(Utf8StreamAssembler, BadBytesBecomeReplacementAtOnceAndTruncatedTailAtFlush) {
    persona::Utf8StreamAssembler a;
    // FF can never become valid: replaced at once, not held back.
    EXPECT_EQ(a.push("x\xFFy"), "x" + kFffd + "y");
    // A valid prefix that never completes: held, then one U+FFFD at flush.
    EXPECT_EQ(a.push("\xE2\x82"), "");
    EXPECT_EQ(a.flush(), kFffd);
    // After flush the assembler starts clean.
    EXPECT_EQ(a.push("ok"), "ok");
}

TEST(Utf8StreamAssembler, PrefixInterruptedByAsciiIsReplacedOnPush) {
    persona::Utf8StreamAssembler a;
    EXPECT_EQ(a.push("\xD0"), "");
    EXPECT_EQ(a.push("a"), kFffd + "a");
    EXPECT_EQ(a.flush(), "");
}

TEST(Utf8StreamAssembler, ByteByByteEqualsWholeText) {
    const std::string text = "Привет, мир! 😀 ёлка \xE2\x82\xAC";
    persona::Utf8StreamAssembler a;
    std::string out;
    for (char c : text) out += a.push(std::string(1, c));
    out += a.flush();
    EXPECT_EQ(out, text);
}

TEST(Utf8Classes, UseUnicodeCategories) {
    using namespace persona::detail;
    EXPECT_TRUE(isLetter(U'ж'));
    EXPECT_TRUE(isLetter(U'中'));
    EXPECT_FALSE(isLetter(U'😀'));
    EXPECT_TRUE(isNumber(U'٣'));   // Arabic-Indic digit three
    EXPECT_TRUE(isNumber(U'½'));   // No
    EXPECT_TRUE(isNumber(U'Ⅻ'));   // Nl
    EXPECT_TRUE(isWhiteSpace(0x3000));
    EXPECT_TRUE(isWhiteSpace(0x85));
    EXPECT_FALSE(isWhiteSpace(0xFEFF));
    EXPECT_FALSE(isWhiteSpace(0x200B));
    EXPECT_TRUE(isPunctuation(U'«'));
    EXPECT_FALSE(isPunctuation(U'$'));  // Sc, not P
}

}  // namespace
