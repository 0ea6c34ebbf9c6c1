// The agent turn under the window's conditions, many times over: a worker thread runs replies,
// regenerations and retries on its own connection while another thread edits the facts on its own
// connection and a third raises Stop at random moments (also during the prefill). 1,000 turns; at
// the end nothing crashed or deadlocked, every turn either stored a reply or left its user message
// unanswered (the failure rule), and the database is consistent: integrity_check ok, foreign keys
// ok, no persona message without its trace, no message whose parent is missing.
#include "tiny_models.h"

#include "persona/agent/agent.h"
#include "persona/error.h"
#include "persona/retrieve/biencoder.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/text/tokenizer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <chrono>
#include <random>
#include <thread>

using namespace persona;

namespace {

std::string queryText(store::Database& db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_text(st, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

}  // namespace

TEST(AgentStress, AThousandTurnsWithRandomStopsAndConcurrentEditsLeaveAConsistentStore) {
    test::TinyModels models;
    const std::string path = models.root() + "/stress.db";
    int64_t personas[2] = {0, 0}, chats[2] = {0, 0};
    {
        auto db = store::Database::open(path);
        for (int p = 0; p < 2; ++p) {
            store::Persona persona;
            persona.name = p == 0 ? "Кирилл" : "Максим";
            personas[p] = store::PersonaRepo(db).create(persona, {{0, "Я живу в Москве", store::FactOrigin::Typed, true},
                                                                  {0, "Я люблю футбол", store::FactOrigin::Typed, true}}).id;
            chats[p] = store::ChatRepo(db).create(personas[p], "stress").id;
        }
    }
    AgentModels m;
    m.generator = std::make_shared<Gpt2Model>(Gpt2Model::load(models.generator()));
    m.tokenizer = std::shared_ptr<const Tokenizer>(loadTokenizer(models.generator()));
    m.retriever = std::make_shared<BiEncoder>(BiEncoder::load(models.retriever()));
    m.generatorName = m.retrieverName = "tiny";

    constexpr int kTurns = 1000;
    std::atomic_bool cancel{false}, done{false};
    std::atomic_int stored{0}, unanswered{0}, failed{0}, edits{0};
    // The stopper's longest wait: longer after a turn it stopped before the first token, shorter
    // after one that stored a reply, so that about a third of the turns are stopped that early
    // whatever the machine's speed (a sanitizer build reaches the first token 10x later).
    std::atomic_int maxStopUs{20000};
    std::thread worker([&] {
        auto db = store::Database::open(path);
        Agent agent(db, m);
        std::mt19937 rng(1);
        AgentSettings s;
        s.sampling.maxNewTokens = 6;
        s.sampling.minNewTokens = 1;
        s.sampling.stopAtEos = false;
        for (int i = 0; i < kTurns; ++i) {
            const int p = static_cast<int>(rng() % 2);  // switching persona between turns
            s.sampling.seed = static_cast<uint64_t>(i);
            cancel = false;
            try {
                AgentTurnResult r;
                const auto path = store::ChatRepo(db).selectedPath(chats[p]);
                const int kind = static_cast<int>(rng() % 4);
                if (kind == 0 && !path.empty() && path.back().role == store::Role::Persona)
                    r = agent.regenerate(path.back().id, s, {}, &cancel);
                else if (kind == 1 && !path.empty() && path.back().role == store::Role::User)
                    r = agent.answer(path.back().id, s, {}, &cancel);  // Retry
                else
                    r = agent.reply(chats[p], "Привет, как дела? " + std::to_string(i), s, {}, &cancel);
                (r.personaMessageId ? stored : unanswered)++;
                const int wait = maxStopUs.load();
                maxStopUs = r.personaMessageId ? std::max(20000, wait * 19 / 20) : std::min(2'000'000, wait * 11 / 10);
            } catch (const Error& e) {
                failed++;
                ADD_FAILURE() << "turn " << i << ": " << e.what();
            }
        }
        done = true;
    });
    std::thread stopper([&] {
        std::mt19937 rng(2);
        while (!done) {
            std::this_thread::sleep_for(std::chrono::microseconds(rng() % static_cast<unsigned>(maxStopUs.load())));
            cancel = true;
        }
    });
    std::thread editor([&] {
        auto db = store::Database::open(path);
        store::PersonaRepo repo(db);
        std::mt19937 rng(3);
        while (!done) {
            const int p = static_cast<int>(rng() % 2);
            try {
                const auto current = repo.currentRevision(personas[p]);
                if (current.facts.size() > 6) repo.removeFact(personas[p], current.facts.back().id);
                else repo.addFact(personas[p], "Факт " + std::to_string(edits.load()));
                edits++;
            } catch (const Error&) {
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    worker.join();
    stopper.join();
    editor.join();

    std::printf("turns %d: %d replies stored, %d stopped before the first token, %d failed; %d fact edits\n", kTurns,
                stored.load(), unanswered.load(), failed.load(), edits.load());
    EXPECT_EQ(stored + unanswered + failed, kTurns);
    EXPECT_GT(stored.load(), 0);
    EXPECT_GT(unanswered.load(), 0) << "Stop never landed before a first token";
    EXPECT_GT(edits.load(), 10);
    EXPECT_EQ(failed.load(), 0);
    auto db = store::Database::open(path);
    EXPECT_EQ(db.integrityCheck(), "ok");
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM pragma_foreign_key_check"), "0");
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM messages m WHERE m.parent_id IS NOT NULL AND "
                            "NOT EXISTS (SELECT 1 FROM messages p WHERE p.id = m.parent_id)"),
              "0");
    // Every stored reply has its token trace and its revision; every user message is answered at
    // most by replies of its own chat.
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM messages m WHERE m.role = 'persona' AND "
                            "NOT EXISTS (SELECT 1 FROM token_trace t WHERE t.message_id = m.id)"),
              "0");
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM messages WHERE role = 'persona' AND persona_revision_id IS NULL"), "0");
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM messages m JOIN messages p ON p.id = m.parent_id WHERE p.chat_id <> m.chat_id"),
              "0");
}
