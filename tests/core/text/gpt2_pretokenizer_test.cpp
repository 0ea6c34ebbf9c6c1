// The GPT-2 pre-tokenization regex over code points. Expected pieces were checked against
// Python's regex module with the same pattern (HuggingFace's GPT2Tokenizer uses it).
#include "text/gpt2_pretokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

struct PreTokenizeCase {
    const char* name;
    std::string text;
    std::vector<std::string> pieces;
};

class Gpt2PreTokenizeTest : public ::testing::TestWithParam<PreTokenizeCase> {};

TEST_P(Gpt2PreTokenizeTest, SplitsLikeTheRegex) {
    const auto& c = GetParam();
    std::vector<std::string> pieces;
    for (const auto& r : persona::detail::gpt2PreTokenize(c.text))
        pieces.push_back(c.text.substr(r.begin, r.end - r.begin));
    EXPECT_EQ(pieces, c.pieces);
}

INSTANTIATE_TEST_SUITE_P(
    Regex, Gpt2PreTokenizeTest,
    ::testing::Values(
        PreTokenizeCase{"Words", "Hello world", {"Hello", " world"}},
        PreTokenizeCase{"Contractions", "I'm here, they'll go",
                        {"I", "'m", " here", ",", " they", "'ll", " go"}},
        PreTokenizeCase{"UpperCaseIsNoContraction", "don'T", {"don", "'", "T"}},
        PreTokenizeCase{"QuoteRun", "''s", {"''", "s"}},
        PreTokenizeCase{"ContractionAfterLetter", "x's", {"x", "'s"}},
        PreTokenizeCase{"SpaceRunLeavesOneForTheWord", "a   b", {"a", "  ", " b"}},
        PreTokenizeCase{"SpaceNewlineSpace", "a \n b", {"a", " \n", " b"}},
        PreTokenizeCase{"LeadingSpaces", "  x", {" ", " x"}},
        PreTokenizeCase{"TrailingSpaces", "x  ", {"x", "  "}},
        PreTokenizeCase{"Newlines", "\n\nx", {"\n", "\n", "x"}},
        PreTokenizeCase{"Tabs", "\t\tx", {"\t", "\t", "x"}},
        PreTokenizeCase{"Digits", "12345 abc", {"12345", " abc"}},
        PreTokenizeCase{"Decimal", "3.14", {"3", ".", "14"}},
        PreTokenizeCase{"Russian", "Привет, мир!", {"Привет", ",", " мир", "!"}},
        PreTokenizeCase{"LettersThenDigits", "ёлка2024год", {"ёлка", "2024", "год"}},
        PreTokenizeCase{"Emoji", "😀😀 hi", {"😀😀", " hi"}},
        PreTokenizeCase{"NoBreakSpaceIsNotTheOptionalSpace", "a\u00a0b", {"a", "\u00a0", "b"}},
        PreTokenizeCase{"NextLineIsWhiteSpace", "nel\u0085x", {"nel", "\u0085", "x"}},
        PreTokenizeCase{"ByteOrderMarkIsNot", "bom\ufeffx", {"bom", "\ufeff", "x"}},
        PreTokenizeCase{"PunctuationRun", " !!! ", {" !!!", " "}},
        PreTokenizeCase{"IdeographicSpace", "a \u3000b", {"a", " ", "\u3000", "b"}},
        PreTokenizeCase{"LoneQuote", "'", {"'"}},
        PreTokenizeCase{"LoneSpace", " ", {" "}},
        PreTokenizeCase{"Empty", "", {}}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
