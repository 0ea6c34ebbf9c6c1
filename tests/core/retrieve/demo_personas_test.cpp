// The first chat with the bundled demo personas (resources/personas) and the bundled models, through
// the agent, as a new user has it (issue 28): each ordinary question selects, first, a fact a
// person would pick for it. The accepted facts are written here by hand, from reading the cards.
// Кирилл's card has a fact for each of the three questions; Максим's has none on where he
// studies or lives, and for "Чем ты увлекаешься?" the demo retriever picks "Мне не нравится
// заниматься танцами" (README, "Word forms in BM25"), so he is not asserted here.
#include "persona/agent/agent.h"
#include "persona/io/importer.h"
#include "persona/model/gpt2_model.h"
#include "persona/model/model_folder.h"
#include "persona/retrieve/biencoder.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/text/tokenizer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace fs = std::filesystem;
using namespace persona;

namespace {

struct Question {
    const char* card;
    const char* text;
    std::set<std::string> accepted;  // the facts a person would pick, any of them first
};

const Question kQuestions[] = {
    {"kirill", "Где ты учишься?", {"Я учусь в Университете ИТМО", "Я учусь в магистратуре на втором курсе"}},
    {"kirill", "Чем ты увлекаешься?", {"Мне нравится машинное обучение"}},
    {"kirill", "Где ты живёшь?", {"Я живу в Санкт-Петербурге", "Я живу в общежитии"}},
};

void PrintTo(const Question& q, std::ostream* os) { *os << q.card << ": " << q.text; }

class DemoPersonas : public ::testing::TestWithParam<Question> {};

TEST_P(DemoPersonas, FirstChatSelectsTheFactAPersonWouldPick) {
    const Question& q = GetParam();
    const fs::path root = fs::temp_directory_path() / ("persona_demo_" + std::string(q.card) + "_" +
                                                       std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    fs::remove_all(root);
    fs::create_directories(root);
    auto db = store::Database::open((root / "demo.db").string());
    const auto imported =
        io::Importer(db).importFile(std::string(PERSONA_RESOURCES_DIR) + "/personas/" + q.card + ".card.json");
    ASSERT_EQ(imported.personaIds.size(), 1u);
    const auto chat = store::ChatRepo(db).create(imported.personaIds[0], "first chat");

    AgentModels models;
    const std::string generator = bundledModelDir("generator"), retriever = bundledModelDir("retriever");
    models.generator = std::make_shared<Gpt2Model>(Gpt2Model::load(generator));
    models.tokenizer = std::shared_ptr<const Tokenizer>(loadTokenizer(generator));
    models.retriever = std::make_shared<BiEncoder>(BiEncoder::load(retriever));
    models.generatorName = "demo generator";
    models.retrieverName = "demo retriever";
    Agent agent(db, models);
    AgentSettings settings;  // the app's defaults: the retriever's preferred method, top 3
    settings.sampling.maxNewTokens = 4;
    settings.sampling.seed = 7;
    const AgentTurnResult r = agent.reply(chat.id, q.text, settings);
    ASSERT_FALSE(r.retrieval.selectedFactIds.empty()) << q.text << ": no fact selected (" << toString(r.retrieval.method) << ")";
    std::string first;
    for (const auto& f : r.retrieval.facts)
        if (f.factId == r.retrieval.selectedFactIds.front()) first = f.text;
    EXPECT_TRUE(q.accepted.count(first)) << q.text << " selected first \"" << first << "\" (" << toString(r.retrieval.method) << ")";
    fs::remove_all(root);
}

INSTANTIATE_TEST_SUITE_P(FirstChat, DemoPersonas, ::testing::ValuesIn(kQuestions));

}  // namespace
