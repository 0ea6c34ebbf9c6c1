// Golden ids from an independent implementation (npm gpt-3-encoder, see
// tests/golden/tokenizers/make_golden.js) for the gpt2 and rugpt3 vocabularies.
#include "persona/text/tokenizer.h"
#include "text_test_util.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

namespace {

using persona::test::readText;
using persona::test::textFixture;

class GoldenTokenizerTest : public ::testing::TestWithParam<std::string> {
protected:
    nlohmann::json golden() const {
        return nlohmann::json::parse(readText(std::string(PERSONA_GOLDEN_DIR) + "/" + GetParam() + ".json"));
    }
};

TEST_P(GoldenTokenizerTest, IdsMatchTheIndependentEncoderAndDecodeBack) {
    const auto tok = persona::loadTokenizer(textFixture(GetParam()).string());
    const auto doc = golden();
    const auto& cases = doc.at("cases");
    ASSERT_GE(cases.size(), 200u);
    int failures = 0;
    for (const auto& c : cases) {
        const std::string text = c.at("text");
        const std::vector<int> expected = c.at("ids");
        const auto ids = tok->encode(text);
        if (ids != expected && ++failures <= 10)
            ADD_FAILURE() << c.at("category").get<std::string>() << " case " << nlohmann::json(text).dump()
                          << "\n  expected " << nlohmann::json(expected).dump() << "\n  got      "
                          << nlohmann::json(ids).dump();
        EXPECT_EQ(tok->decode(ids), text) << nlohmann::json(text).dump();
    }
    EXPECT_EQ(failures, 0);
}

TEST_P(GoldenTokenizerTest, CoversEveryCategory) {
    const auto doc = golden();
    std::set<std::string> categories;
    for (const auto& c : doc.at("cases")) categories.insert(c.at("category").get<std::string>());
    for (const char* required : {"english", "russian", "mixed", "digits", "punctuation", "whitespace",
                                 "emoji", "russian-corpus", "random"})
        EXPECT_TRUE(categories.count(required)) << required;
}

// Cases the generator excluded (where gpt-3-encoder differs from HuggingFace) still round-trip.
TEST_P(GoldenTokenizerTest, ExcludedCasesStillRoundTrip) {
    const auto tok = persona::loadTokenizer(textFixture(GetParam()).string());
    const auto doc = golden();
    ASSERT_FALSE(doc.at("excluded").empty());
    for (const auto& c : doc.at("excluded")) {
        const std::string text = c.at("text");
        EXPECT_FALSE(c.at("reason").get<std::string>().empty());
        EXPECT_EQ(tok->decode(tok->encode(text)), text) << nlohmann::json(text).dump();
    }
}

INSTANTIATE_TEST_SUITE_P(Vocabularies, GoldenTokenizerTest, ::testing::Values("gpt2", "rugpt3"));

// The U+0085 / U+FEFF cases that gpt-3-encoder cannot judge, by hand: HuggingFace splits
// "nel\u0085here" as "nel", "\u0085", "here" (U+0085 is white space there) and keeps U+FEFF with
// punctuation-like "other" characters.
TEST(GoldenTokenizerExclusions, WhiteSpaceFollowsPythonRegex) {
    const auto tok = persona::loadTokenizer(textFixture("gpt2").string());
    const auto nel = tok->encode("nel\u0085here");
    std::vector<int> expected = tok->encode("nel");
    for (int id : tok->encode("\u0085")) expected.push_back(id);
    for (int id : tok->encode("here")) expected.push_back(id);
    EXPECT_EQ(nel, expected);
}

}  // namespace
