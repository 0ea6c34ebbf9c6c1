#include "persona/agent/prompt_format.h"
#include "persona/text/tokenizer.h"

#include <gtest/gtest.h>

namespace {

using persona::PromptFormat;

TEST(PromptFormat, BuildsTheSeedFormat) {
    const PromptFormat f;
    const std::string prompt = f.build({"Я живу в Москве", "У меня есть кошка"},
                                       {{false, "Привет!"}, {true, "Привет."}, {false, "Где ты живёшь?"}});
    EXPECT_EQ(prompt, "[Gk] Я живу в Москве [Gk] У меня есть кошка [P1u] Привет! [P2u] Привет. [P1u] Где ты живёшь? [P2u]");
    EXPECT_EQ(f.build({}, {{false, " hi "}}), "[P1u] hi [P2u]");
}

TEST(PromptFormat, KnowledgeTokensAreThePromptsLeadingFacts) {
    const PromptFormat f;
    const auto tok = persona::loadTokenizer(std::string(PERSONA_FIXTURES_DIR) + "/text/tiny_bpe");
    const std::vector<std::string> facts{"I live in Moscow", "I have a cat"};
    const auto prompt = tok->encodeForModel(f.build(facts, {{false, "Where do you live?"}}));
    const size_t n = f.knowledgeTokens(*tok, facts, prompt);
    ASSERT_GT(n, 0u);
    ASSERT_LT(n, prompt.size());
    // Those tokens are the two [Gk] segments, and the dialogue starts right after them.
    const std::string knowledge = tok->decode({prompt.begin(), prompt.begin() + static_cast<std::ptrdiff_t>(n)}, false);
    EXPECT_NE(knowledge.find("I have a cat"), std::string::npos) << knowledge;
    EXPECT_EQ(knowledge.find("[P1u]"), std::string::npos) << knowledge;
    EXPECT_EQ(prompt[n], *tok->tokenId("[P1u]"));
    EXPECT_EQ(f.knowledgeTokens(*tok, {}, prompt), 0u);
}

struct ParseCase {
    std::string name;
    std::string generated;
    std::string reply;
    std::vector<std::string> facts;
};

class PromptParse : public ::testing::TestWithParam<ParseCase> {};

TEST_P(PromptParse, SplitsProposedFactsFromTheReply) {
    const auto parsed = PromptFormat{}.parse(GetParam().generated);
    EXPECT_EQ(parsed.reply, GetParam().reply);
    EXPECT_EQ(parsed.proposedFacts, GetParam().facts);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PromptParse,
    ::testing::Values(
        ParseCase{"plain", " В Москве, а ты?", "В Москве, а ты?", {}},
        ParseCase{"one_fact", "[Gk] Я люблю кошек [P2u] Да, у меня кошка.", "Да, у меня кошка.", {"Я люблю кошек"}},
        ParseCase{"two_facts", " [Gk] Мне 20 лет [Gk] Я студент [P2u] Учусь.", "Учусь.", {"Мне 20 лет", "Я студент"}},
        ParseCase{"duplicate_fact", "[Gk] A [Gk] A [P2u] b", "b", {"A"}},
        ParseCase{"facts_only", "[Gk] Я из Казани", "", {"Я из Казани"}},
        ParseCase{"speaker_after_reply", "Хорошо! [P1u] а ты?", "Хорошо!", {}},
        ParseCase{"knowledge_after_reply", "Хорошо [Gk] лишнее", "Хорошо", {}},
        ParseCase{"empty", "", "", {}}),
    [](const auto& info) { return info.param.name; });

}  // namespace
