// Personas, facts, revisions, diffs and the embedding cache.
#include "db_snapshot.h"
#include "temp_dir.h"

#include "persona/error.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/embedding_cache.h"
#include "persona/store/persona_repo.h"

#include <gtest/gtest.h>

using namespace persona;
using namespace persona::store;
using persona::test::TempDir;

namespace {

class PersonaRepoTest : public ::testing::Test {
protected:
    TempDir dir;
    Database db = Database::open(dir.file("p.db"));
    PersonaRepo repo{db};

    Persona anna() {
        Persona p;
        p.name = "Анна";
        p.gender = Gender::Female;
        p.description = "Студентка";
        p.tags = {"студент", "спб"};
        p.avatar = std::string("\x89PNG\0\1", 6);
        p.avatarMime = "image/png";
        return repo.create(p, {{0, "Я живу в Москве"}, {0, "Я люблю чай", FactOrigin::Imported}});
    }
};

std::vector<std::string> texts(const PersonaRevision& r) {
    std::vector<std::string> out;
    for (const auto& f : r.facts)
        out.push_back(f.text);
    return out;
}

}  // namespace

TEST_F(PersonaRepoTest, CreateAndReadBack) {
    const Persona p = anna();
    EXPECT_GT(p.id, 0);
    const Persona q = repo.getByName("Анна");
    EXPECT_EQ(q.id, p.id);
    EXPECT_EQ(q.gender, Gender::Female);
    EXPECT_EQ(q.description, "Студентка");
    EXPECT_EQ(q.tags, (std::vector<std::string>{"студент", "спб"}));
    EXPECT_EQ(q.avatar, std::string("\x89PNG\0\1", 6));
    EXPECT_EQ(q.avatarMime, "image/png");
    EXPECT_GT(q.createdAtMs, 0);
    const PersonaRevision r = repo.currentRevision(p.id);
    EXPECT_EQ(r.number, 1);
    EXPECT_EQ(texts(r), (std::vector<std::string>{"Я живу в Москве", "Я люблю чай"}));
    EXPECT_EQ(r.facts[1].origin, FactOrigin::Imported);
    EXPECT_TRUE(r.facts[0].enabled);

    const auto list = repo.list();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].name, "Анна");
    EXPECT_EQ(list[0].factCount, 2);
    EXPECT_EQ(list[0].revisionNumber, 1);
    EXPECT_EQ(list[0].tags.size(), 2u);
}

TEST_F(PersonaRepoTest, NamesAreUnique) {
    anna();
    Persona p;
    p.name = "Анна";
    try {
        repo.create(p);
        FAIL() << "duplicate name accepted";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("already exists"), std::string::npos) << e.what();
    }
    EXPECT_EQ(repo.uniqueName("Анна"), "Анна (2)");
    EXPECT_EQ(repo.uniqueName("Борис"), "Борис");
}

TEST_F(PersonaRepoTest, UpdateAndRemove) {
    Persona p = anna();
    p.name = "Анна Петровна";
    p.tags = {"учитель"};
    p.avatar.clear();
    repo.update(p);
    const Persona q = repo.get(p.id);
    EXPECT_EQ(q.name, "Анна Петровна");
    EXPECT_EQ(q.tags, std::vector<std::string>{"учитель"});
    EXPECT_TRUE(q.avatar.empty());
    repo.remove(p.id);
    EXPECT_FALSE(repo.find(p.id));
    EXPECT_TRUE(repo.list().empty());
    try {
        repo.get(p.id);
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("no persona with id"), std::string::npos);
    }
}

TEST_F(PersonaRepoTest, RemoveKeepsAPersonaWithChatsUnlessAsked) {
    const Persona p = anna();
    ChatRepo chats(db);
    const Chat c = chats.create(p.id, "разговор");
    chats.addMessage(c.id, std::nullopt, Role::User, "Привет");
    try {
        repo.remove(p.id);
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("has 1 chat(s)"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(chats.find(c.id));
    EXPECT_EQ(repo.list()[0].chatCount, 1);
    EXPECT_EQ(repo.remove(p.id, true), 1);
    EXPECT_FALSE(chats.find(c.id));
}

TEST_F(PersonaRepoTest, EveryFactChangeMakesARevision) {
    const Persona p = anna();
    const auto r1 = repo.currentRevision(p.id);
    const Id moscow = r1.facts[0].id, tea = r1.facts[1].id;
    const auto r2 = repo.addFact(p.id, "Я работаю учителем");
    const auto r3 = repo.editFact(p.id, moscow, "Я живу в Казани");
    const auto r4 = repo.setFactEnabled(p.id, tea, false);
    const auto r5 = repo.moveFact(p.id, r2.facts[2].id, 0);
    const auto r6 = repo.removeFact(p.id, tea);
    EXPECT_EQ(r6.number, 6);
    EXPECT_EQ(texts(r6), (std::vector<std::string>{"Я работаю учителем", "Я живу в Казани"}));
    EXPECT_EQ(r6.facts[1].id, moscow);  // identity survives an edit
    // Old revisions are immutable.
    EXPECT_EQ(texts(repo.revision(r1.id)),
              (std::vector<std::string>{"Я живу в Москве", "Я люблю чай"}));
    EXPECT_FALSE(repo.revision(r4.id).facts[1].enabled);
    EXPECT_EQ(repo.revisions(p.id).size(), 6u);
    EXPECT_EQ(repo.revisions(p.id)[4].id, r5.id);
    // Setting the same facts again changes nothing.
    std::vector<FactDraft> same;
    for (const auto& f : r6.facts)
        same.push_back({f.id, f.text, f.origin, f.enabled});
    EXPECT_EQ(repo.setFacts(p.id, same, "no-op").id, r6.id);
}

TEST_F(PersonaRepoTest, ChatsKeepTheRevisionTheyWereHeldWith) {
    const Persona p = anna();
    ChatRepo chats(db);
    const Chat c = chats.create(p.id);
    repo.addFact(p.id, "Я люблю кофе");
    const Chat again = chats.get(c.id);
    EXPECT_EQ(texts(repo.revision(again.personaRevisionId)),
              (std::vector<std::string>{"Я живу в Москве", "Я люблю чай"}));
    EXPECT_EQ(repo.currentRevision(p.id).facts.size(), 3u);
}

TEST_F(PersonaRepoTest, DiffNamesEachKindOfChange) {
    const Persona p = anna();
    const auto r1 = repo.currentRevision(p.id);
    const Id moscow = r1.facts[0].id, tea = r1.facts[1].id;
    repo.addFact(p.id, "Я работаю учителем");
    repo.addFact(p.id, "У меня есть кот");
    const auto mid = repo.currentRevision(p.id);
    std::vector<FactDraft> next = {
        {mid.facts[3].id, "У меня есть кот", FactOrigin::Typed, true},         // moved to the front
        {moscow, "Я живу в Казани", FactOrigin::Typed, true},                  // text changed
        {mid.facts[2].id, "Я работаю учителем", FactOrigin::Approved, false},  // origin + enabled
        {0, "Я новый факт", FactOrigin::Typed, true},                          // added
    };                                                                         // tea removed
    const auto r = repo.setFacts(p.id, next, "big edit");
    const auto changes = repo.diff(mid.id, r.id);
    std::vector<std::string> kinds;
    for (const auto& c : changes)
        kinds.push_back(toString(c.kind) + ":" + (c.newText.empty() ? c.oldText : c.newText));
    EXPECT_EQ(kinds, (std::vector<std::string>{
                         "moved:У меня есть кот", "text_changed:Я живу в Казани",
                         "enabled_changed:Я работаю учителем", "origin_changed:Я работаю учителем",
                         "added:Я новый факт", "removed:Я люблю чай"}));
    const auto& removed = changes.back();
    EXPECT_EQ(removed.factId, tea);
    EXPECT_EQ(removed.oldPosition, 1);
    EXPECT_EQ(removed.newPosition, -1);
    EXPECT_EQ(changes[1].oldText, "Я живу в Москве");
    // A revision compared with itself has no changes.
    EXPECT_TRUE(repo.diff(r.id, r.id).empty());
}

TEST_F(PersonaRepoTest, FactsOfAnotherPersonaAreRefused) {
    const Persona p = anna();
    const Persona b = repo.create(test::named("Борис"), {{0, "Я инженер"}});
    const Id foreign = repo.currentRevision(b.id).facts[0].id;
    const std::string before = test::snapshot(db);
    try {
        repo.setFacts(p.id, {{foreign, "Я инженер"}}, "steal");
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("does not belong to persona"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(test::snapshot(db), before);
}

class BadPersonaText : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(BadPersonaText, IsRefusedWithAClearMessage) {
    TempDir dir;
    Database db = Database::open(dir.file("bad.db"));
    PersonaRepo repo(db);
    const auto& [text, expected] = GetParam();
    const std::string before = test::snapshot(db);
    try {
        repo.create(test::named("Анна"), {{0, text}});
        FAIL() << "accepted";
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
    EXPECT_EQ(test::snapshot(db), before);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadPersonaText,
    ::testing::Values(std::make_pair(std::string(""), std::string("fact text is empty")),
                      std::make_pair(std::string("  \n"), std::string("fact text is empty")),
                      std::make_pair(std::string("Я \xD0 живу"),
                                     std::string("fact text is not valid UTF-8 (at byte 3)")),
                      std::make_pair(std::string("\xC0\xAF overlong"),
                                     std::string("not valid UTF-8 (at byte 0)")),
                      std::make_pair(std::string("\xED\xA0\x80 surrogate"),
                                     std::string("not valid UTF-8")),
                      std::make_pair(std::string("nul\0inside", 10), std::string("contains a NUL")),
                      std::make_pair(std::string(kMaxFactBytes + 1, 'x'),
                                     std::string("bytes long; the limit is 2000"))));

TEST_F(PersonaRepoTest, EmbeddingCacheStoresAndInvalidates) {
    const Persona p = anna();
    EmbeddingCache cache(db);
    const auto r = repo.currentRevision(p.id);
    cache.putMany("bert-a",
                  {{"Я живу в Москве", {0.5f, -1.f, 2.f}}, {"Я люблю чай", {1.f, 1.f, 1.f}}});
    cache.put("bert-b", "Я живу в Москве", {9.f});
    const auto got = cache.getMany("bert-a", {"Я живу в Москве", "нет такого", "Я люблю чай"});
    ASSERT_TRUE(got[0]);
    EXPECT_EQ(*got[0], (std::vector<float>{0.5f, -1.f, 2.f}));
    EXPECT_FALSE(got[1]);
    EXPECT_TRUE(got[2]);
    EXPECT_EQ(cache.size("bert-a"), 2u);

    // Editing a fact drops the old text's vectors for every model; other texts stay.
    repo.editFact(p.id, r.facts[0].id, "Я живу в Казани");
    EXPECT_FALSE(cache.get("bert-a", "Я живу в Москве"));
    EXPECT_FALSE(cache.get("bert-b", "Я живу в Москве"));
    EXPECT_TRUE(cache.get("bert-a", "Я люблю чай"));

    // A text another persona still uses is kept.
    repo.create(test::named("Борис"), {{0, "Я люблю чай"}});
    repo.removeFact(p.id, r.facts[1].id);
    EXPECT_TRUE(cache.get("bert-a", "Я люблю чай"));
    cache.removeModel("bert-a");
    EXPECT_EQ(cache.size("bert-a"), 0u);
}
