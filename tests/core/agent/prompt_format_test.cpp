#include "persona/agent/prompt_format.h"

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
