// Opening, migrating and refusing databases.
#include "db_snapshot.h"
#include "temp_dir.h"

#include "persona/error.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/embedding_cache.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>

using namespace persona;
using namespace persona::store;
using persona::test::TempDir;

namespace {

std::string queryText(Database& db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

template <class F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(Database, CreatesFolderAndFileWithWalAndForeignKeys) {
    TempDir dir;
    const std::string path = dir.file("a/b/persona.db");
    Database db = Database::open(path);
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(db.schemaVersion(), Database::latestSchemaVersion());
    EXPECT_EQ(queryText(db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(queryText(db, "PRAGMA foreign_keys"), "1");
    EXPECT_EQ(queryText(db, "PRAGMA synchronous"), "2");  // FULL
    EXPECT_EQ(db.integrityCheck(), "ok");
    // One row per applied migration.
    EXPECT_EQ(queryText(db, "SELECT group_concat(version) FROM (SELECT version FROM schema_version ORDER BY version)"),
              "1,2,3,4,5,6,7,8,9");
    EXPECT_EQ(queryText(db, "SELECT max(version) FROM schema_version"),
              std::to_string(Database::latestSchemaVersion()));
}

TEST(Database, DefaultPathFollowsXdgDataHome) {
    const char* old = std::getenv("XDG_DATA_HOME");
    const std::string saved = old ? old : "";
    setenv("XDG_DATA_HOME", "/tmp/xdg-test", 1);
    EXPECT_EQ(defaultDatabasePath(), "/tmp/xdg-test/persona-studio/persona.db");
    setenv("XDG_DATA_HOME", "relative/not/allowed", 1);
    const std::string home = std::getenv("HOME") ? std::getenv("HOME") : "";
    if (!home.empty()) {
        EXPECT_EQ(defaultDatabasePath(), home + "/.local/share/persona-studio/persona.db");
    }
    if (old) {
        setenv("XDG_DATA_HOME", saved.c_str(), 1);
    } else {
        unsetenv("XDG_DATA_HOME");
    }
}

TEST(Database, TransactionRollsBackOnException) {
    TempDir dir;
    Database db = Database::open(dir.file("t.db"));
    PersonaRepo repo(db);
    EXPECT_THROW(db.transaction([&] {
        repo.create(test::named("Anna"));
        throw std::runtime_error("stop");
    }),
                 std::runtime_error);
    EXPECT_FALSE(repo.findByName("Anna"));
    db.transaction([&] { repo.create(test::named("Anna")); });
    EXPECT_TRUE(repo.findByName("Anna"));
}

TEST(Database, RefusesAFileThatIsNotSqlite) {
    TempDir dir;
    const std::string path = dir.file("notes.db");
    test::writeFile(path,
                    "This is a text file, not a database. It is long enough to have a header.\n");
    const std::string before = test::readFile(path);
    const std::string err = errorOf([&] { Database::open(path); });
    EXPECT_NE(err.find("notes.db"), std::string::npos) << err;
    EXPECT_NE(err.find("not a SQLite database"), std::string::npos) << err;
    EXPECT_EQ(test::readFile(path), before);
}

TEST(Database, RefusesAnotherProgramsDatabase) {
    TempDir dir;
    const std::string path = dir.file("other.db");
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &h), SQLITE_OK);
    sqlite3_exec(h, "CREATE TABLE bookmarks(url TEXT); INSERT INTO bookmarks VALUES ('x')", nullptr,
                 nullptr, nullptr);
    sqlite3_close(h);
    const std::string err = errorOf([&] { Database::open(path); });
    EXPECT_NE(err.find("another program"), std::string::npos) << err;
}

TEST(Database, RefusesANewerSchema) {
    TempDir dir;
    const std::string path = dir.file("new.db");
    {
        Database db = Database::open(path);
        db.exec("INSERT INTO schema_version VALUES (99, 'from the future', 0)");
    }
    const std::string err = errorOf([&] { Database::open(path); });
    EXPECT_NE(err.find("newer Persona Studio"), std::string::npos) << err;
    EXPECT_NE(err.find("99"), std::string::npos) << err;
}

TEST(Database, ReadOnlyOpenReadsButRefusesWritesAndChangesNothing) {
    TempDir dir;
    const std::string path = dir.file("ro.db");
    {
        Database db = Database::open(path);
        PersonaRepo(db).create(test::named("Anna"), {{0, "Я люблю чай"}});
    }
    Database db = Database::open(path, OpenOptions{true});
    EXPECT_TRUE(db.readOnly());
    const std::string before = test::snapshot(db);
    PersonaRepo repo(db);
    EXPECT_EQ(repo.list().size(), 1u);
    const std::string err = errorOf([&] { repo.create(test::named("Boris")); });
    EXPECT_NE(err.find("read-only"), std::string::npos) << err;
    EXPECT_NE(err.find("ro.db"), std::string::npos) << err;
    EXPECT_EQ(test::snapshot(db), before);
}

TEST(Database, FileWithoutWritePermissionOpensReadOnly) {
    if (::geteuid() == 0)
        GTEST_SKIP() << "root ignores file permissions; covered by ReadOnlyOpen...";
    TempDir dir;
    const std::string path = dir.file("perm.db");
    {
        Database db = Database::open(path);
        PersonaRepo(db).create(test::named("Anna"));
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    std::filesystem::permissions(path, std::filesystem::perms::owner_read);
    Database db = Database::open(path);
    EXPECT_TRUE(db.readOnly());
    EXPECT_THROW(PersonaRepo(db).create(test::named("Boris")), StoreError);
}

TEST(Database, ReadOnlyDatabaseNeedingMigrationIsRefused) {
    TempDir dir;
    const std::string path = dir.file("old.db");
    { Database::open(path, OpenOptions{false, 5000, 1}); }
    const std::string err = errorOf([&] { Database::open(path, OpenOptions{true}); });
    EXPECT_NE(err.find("read-only but needs upgrading from schema version 1"), std::string::npos)
        << err;
}

// ---- migrations from every older version --------------------------------------------------------

class MigrationFrom : public ::testing::TestWithParam<int> {};

TEST_P(MigrationFrom, KeepsDataAndReachesLatest) {
    const int from = GetParam();
    TempDir dir;
    const std::string path = dir.file("old.db");
    {
        Database db = Database::open(path, OpenOptions{false, 5000, from});
        ASSERT_EQ(db.schemaVersion(), from);
        // What a build of that version wrote, in that version's own tables.
        if (from >= 1) {
            db.exec(
                "INSERT INTO personas(id, name, gender, created_at, updated_at) VALUES (1, "
                "'Кирилл', 'male', 1, 1);"
                "INSERT INTO facts(id, persona_id, created_at) VALUES (10, 1, 1);"
                "INSERT INTO persona_revisions(id, persona_id, number, created_at) VALUES (100, 1, "
                "1, 1);"
                "INSERT INTO revision_facts VALUES (100, 0, 10, 'Я живу в Санкт-Петербурге', "
                "'imported', 1);");
        }
        if (from >= 2) {
            db.exec(
                "INSERT INTO chats(id, persona_id, persona_revision_id, created_at, updated_at) "
                "VALUES (5, 1, 100, 1, 1);"
                "INSERT INTO messages(id, chat_id, role, text, created_at) VALUES (50, 5, 'user', "
                "'Привет', 1);");
        }
        if (from >= 3) {
            db.exec(
                "INSERT INTO retrieval_trace(message_id, fact_id, position, fact_text, "
                "selected_by_human) "
                "VALUES (50, 10, 0, 'Я живу в Санкт-Петербурге', 1);"
                "INSERT INTO ratings(message_id, logical, updated_at) VALUES (50, 1, 1);");
        }
    }
    Database db = Database::open(path);
    EXPECT_EQ(db.schemaVersion(), Database::latestSchemaVersion());
    EXPECT_EQ(db.integrityCheck(), "ok");
    EXPECT_EQ(queryText(db,
                        "SELECT group_concat(version) FROM (SELECT version FROM schema_version "
                        "ORDER BY version)"),
              "1,2,3,4,5,6,7,8,9");
    PersonaRepo personas(db);
    ChatRepo chats(db);
    TraceRepo traces(db);
    if (from >= 1) {
        const Persona p = personas.getByName("Кирилл");
        EXPECT_EQ(p.gender, Gender::Male);
        ASSERT_EQ(personas.currentRevision(p.id).facts.size(), 1u);
        EXPECT_EQ(personas.currentRevision(p.id).facts[0].text, "Я живу в Санкт-Петербурге");
    }
    if (from >= 2) {
        const auto path2 = chats.selectedPath(5);
        ASSERT_EQ(path2.size(), 1u);
        EXPECT_EQ(path2[0].text, "Привет");
        EXPECT_EQ(path2[0].settingsJson, "");  // the column migration 3 added
    }
    if (from >= 3) {
        EXPECT_EQ(traces.rating(50)->logical, 1);
    }
    // The migrated file works like a new one.
    const Persona q = personas.create(test::named("Новая"), {{0, "Я новая"}});
    const Chat c = chats.create(q.id);
    const Message m =
        chats.addPersonaTurn({c.id, std::nullopt, "Здравствуйте", "{\"top_p\":0.9}", 0, {}, {}});
    EXPECT_EQ(chats.message(m.id).settingsJson, "{\"top_p\":0.9}");
    EmbeddingCache cache(db);
    cache.put("bert", "Я новая", {1.f, 2.f});
    EXPECT_EQ(cache.size("bert"), 1u);
}

INSTANTIATE_TEST_SUITE_P(EveryOlderVersion, MigrationFrom, ::testing::Values(0, 1, 2, 3, 4, 5, 6, 7),
                         [](const auto& info) { return "v" + std::to_string(info.param); });

TEST(Migration, AFailedMigrationLeavesThePreviousVersionIntact) {
    TempDir dir;
    const std::string path = dir.file("broken.db");
    {
        Database db = Database::open(path, OpenOptions{false, 5000, 2});
        // A table in the way of migration 3 makes it fail halfway (after its ALTER TABLE).
        db.exec("CREATE TABLE ratings(x INTEGER)");
    }
    const std::string err = errorOf([&] { Database::open(path); });
    EXPECT_NE(err.find("migration to schema version 3"), std::string::npos) << err;
    Database db = Database::open(path, OpenOptions{false, 5000, 2});
    EXPECT_EQ(db.schemaVersion(), 2);
    EXPECT_EQ(
        queryText(
            db, "SELECT count(*) FROM pragma_table_info('messages') WHERE name = 'settings_json'"),
        "0");
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'token_trace'"), "0");
}
