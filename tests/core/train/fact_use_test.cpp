// fact_use's content words (issue 15): case folding, the stop list and five-letter stems; silver
// gk labels from them for generator training.
#include "persona/data/seed_dialogs.h"
#include "persona/train/training.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

using namespace persona;

namespace {

TEST(FactUse, ContentStemsFoldCaseAndSkipStopWords) {
    EXPECT_EQ(contentStems("Я учусь в Университете ИТМО, это очень круто!"),
              (std::vector<std::string>{"униве", "итмо", "круто"}));
    EXPECT_EQ(contentStems("Ёлки"), (std::vector<std::string>{"елки"}));
    EXPECT_TRUE(contentStems("да, нет, ну я тоже").empty());
    for (const auto& w : contentStopWords()) EXPECT_TRUE(contentStems(w).empty()) << w;
}

TEST(FactUse, ARestatedFactCountsByItsStem) {
    const std::vector<std::string> facts{"Я работаю программистом", "У меня есть собака"};
    EXPECT_TRUE(usesFacts("Я программист, пишу код", facts));
    EXPECT_TRUE(usesFacts("СОБАКИ — лучшие друзья", facts));
    EXPECT_FALSE(usesFacts("Я работаю, а ты?", facts));  // "работаю" is a stop word
    EXPECT_FALSE(usesFacts("Привет! Как дела?", facts));
    EXPECT_FALSE(usesFacts("", facts));
    EXPECT_FALSE(usesFacts("программист", {}));
}

TEST(SilverKnowledge, LabelsOnlyUnlabelledTrainingTurnsAndRoundTrips) {
    const auto original = data::readSeedDialogs(std::string(PERSONA_FIXTURES_DIR) + "/store/itmo_persona_dialogs.jsonl");
    auto dialogs = original;
    const int labelled = addSilverKnowledge(dialogs);
    EXPECT_GT(labelled, 0);
    int changed = 0;
    for (size_t d = 0; d < dialogs.size(); ++d)
        for (size_t t = 0; t < dialogs[d].turns.size(); ++t) {
            const auto& before = original[d].turns[t];
            const auto& after = dialogs[d].turns[t];
            if (before.gk == after.gk) continue;
            ++changed;
            EXPECT_EQ(data::splitOf(d), data::Split::Train);
            EXPECT_TRUE(before.gk.empty());
            const auto& facts = dialogs[d].persons[static_cast<size_t>(after.person)].facts;
            for (int g : after.gk) EXPECT_TRUE(usesFacts(after.text, {facts[static_cast<size_t>(g)]})) << after.text;
        }
    EXPECT_EQ(changed, labelled);
    const auto path = std::filesystem::temp_directory_path() / ("silver_" + std::to_string(::getpid()) + ".jsonl");
    writeSeedDialogs(path.string(), dialogs);
    const auto back = data::readSeedDialogs(path.string());
    std::filesystem::remove(path);
    ASSERT_EQ(back.size(), dialogs.size());
    for (size_t d = 0; d < back.size(); ++d) {
        EXPECT_EQ(back[d].persons[0].facts, dialogs[d].persons[0].facts);
        ASSERT_EQ(back[d].turns.size(), dialogs[d].turns.size());
        for (size_t t = 0; t < back[d].turns.size(); ++t) EXPECT_EQ(back[d].turns[t].gk, dialogs[d].turns[t].gk);
    }
}

}  // namespace
