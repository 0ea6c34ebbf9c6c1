#include "persona/data/seed_dialogs.h"
#include "persona/error.h"

#include <gtest/gtest.h>

using namespace persona::data;

namespace {

const std::string kDialogs = std::string(PERSONA_FIXTURES_DIR) + "/store/itmo_persona_dialogs.jsonl";

TEST(SeedDialogs, TheItmoFileHas63DialoguesAnd237LabelledTurnsAfterAnotherTurn) {
    const auto dialogs = readSeedDialogs(kDialogs);
    ASSERT_EQ(dialogs.size(), 63u);
    size_t turns = 0;
    for (const auto& d : dialogs) turns += d.turns.size();
    EXPECT_EQ(turns, 1396u);
    const auto labelled = labelledTurns(dialogs);
    EXPECT_EQ(labelled.size(), 237u);
    size_t test = 0;
    for (const auto& t : labelled) {
        ASSERT_FALSE(t.context.empty());
        EXPECT_FALSE(t.context.back().fromSpeaker);  // the other person spoke just before
        for (int g : t.gold) EXPECT_LT(static_cast<size_t>(g), t.facts.size());
        test += splitOf(t.dialog) == Split::Test;
    }
    EXPECT_GT(test, 20u);
    EXPECT_LT(test, 100u);
}

TEST(SeedDialogs, SplitIsFixedByDialogueIndex) {
    EXPECT_EQ(splitOf(0), Split::Train);
    EXPECT_EQ(splitOf(7), Split::Validation);
    EXPECT_EQ(splitOf(8), Split::Test);
    EXPECT_EQ(splitOf(19), Split::Test);
    EXPECT_EQ(splitOf(20), Split::Train);
}

struct BadLine {
    std::string name;
    std::string text;
    std::string expected;
};

class BadSeedLine : public ::testing::TestWithParam<BadLine> {};

TEST_P(BadSeedLine, IsRejectedWithLineAndField) {
    const std::string good = R"({"persons":[{"id":"a","description":["x","y"]},{"description":["z"]}],"dialog":[{"person":0,"text":"hi","gk":[1]}]})";
    try {
        parseSeedDialogs(good + "\n\n" + GetParam().text + "\n", "d.jsonl");
        FAIL() << "accepted";
    } catch (const persona::ImportError& e) {
        EXPECT_NE(std::string(e.what()).find("d.jsonl:3: " + GetParam().expected), std::string::npos) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadSeedLine,
    ::testing::Values(
        BadLine{"not_json", "{\"persons\": [", "line: not valid JSON"},
        BadLine{"not_object", "[1]", "line: expected a JSON object"},
        BadLine{"no_persons", R"({"dialog":[]})", "persons: missing"},
        BadLine{"fact_not_string", R"({"persons":[{"description":["a", 5]}],"dialog":[]})", "persons[0].description[1]: expected a string"},
        BadLine{"person_out_of_range", R"({"persons":[{"description":[]}],"dialog":[{"person":1,"text":"t"}]})", "dialog[0].person: expected an index"},
        BadLine{"gk_out_of_range", R"({"persons":[{"description":["a"]}],"dialog":[{"person":0,"text":"t","gk":[1]}]})", "dialog[0].gk: index 1 is not one of the speaker's 1 facts"},
        BadLine{"text_missing", R"({"persons":[{"description":["a"]}],"dialog":[{"person":0}]})", "dialog[0].text: missing"},
        BadLine{"invalid_utf8", "{\"persons\":[{\"description\":[\"\xc3\x28\"]}],\"dialog\":[]}", "line: not valid UTF-8"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
