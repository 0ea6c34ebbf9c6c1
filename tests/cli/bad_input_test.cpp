// Bad input end to end through persona-cli (docs/RELIABILITY.md lists the cases): each gives a
// clear message and a non-zero status, loses nothing committed and never crashes. Most run
// in-process; the full-disk case runs the real executable under RLIMIT_FSIZE, because what it
// tests is the process's signal disposition.
#include "cli.h"
#include "cli_test_util.h"

#include "persona/store/database.h"
#include "persona/store/persona_repo.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace fs = std::filesystem;
using namespace persona::store;

namespace {

using persona::test::runCli;
using Result = persona::test::CliResult;

class CliBadInput : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        m_dir = fs::temp_directory_path() / ("persona_cli_bad_" + std::to_string(rd()));
        fs::create_directories(m_dir);
        m_db = (m_dir / "p.db").string();
        ASSERT_EQ(runCli({"persona", "add", "Анна", "--db", m_db}).status, 0);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    // Every fact text of Анна's current revision.
    std::vector<std::string> facts() {
        Database db = Database::open(m_db);
        PersonaRepo repo(db);
        std::vector<std::string> out;
        for (const auto& f : repo.currentRevision(repo.getByName("Анна").id).facts)
            out.push_back(f.text);
        return out;
    }
    fs::path m_dir;
    std::string m_db;
};

struct BadFact {
    const char* name;
    std::string text;
    const char* message;
};

}  // namespace

TEST_F(CliBadInput, BadFactTextsAreRefusedAndChangeNothing) {
    const BadFact cases[] = {
        {"empty", "", "fact text is empty"},
        {"blank", " \t\n", "fact text is empty"},
        {"100,000 characters", std::string(100000, 'a'),
         "fact text is 100000 bytes long; the limit is 2000"},
        {"invalid UTF-8", "Я \xFF люблю", "fact text is not valid UTF-8 (at byte 3)"},
        {"lone surrogate", "\xED\xA0\x80", "fact text is not valid UTF-8 (at byte 0)"},
        {"NUL byte", std::string("a\0b", 3), "fact text contains a NUL character"},
    };
    for (const BadFact& c : cases) {
        const Result r = runCli({"persona", "add-fact", "Анна", c.text, "--db", m_db});
        EXPECT_EQ(r.status, persona::cli::kExitError) << c.name;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << c.name << ": " << r.err;
        EXPECT_TRUE(r.out.empty()) << c.name;
    }
    EXPECT_TRUE(facts().empty());
}

TEST_F(CliBadInput, EmojiAndRightToLeftTextAreKeptExactly) {
    const std::string texts[] = {"Я люблю 🍵 и 🐈‍⬛", "أنا أحب الشاي", "עברית ו-English"};
    for (const std::string& t : texts)
        ASSERT_EQ(runCli({"persona", "add-fact", "Анна", t, "--db", m_db}).status, 0) << t;
    EXPECT_EQ(facts(), std::vector<std::string>(std::begin(texts), std::end(texts)));
}

TEST_F(CliBadInput, APersonaWithTenThousandFactsListsAndShows) {
    {
        Database db = Database::open(m_db);
        PersonaRepo repo(db);
        std::vector<FactDraft> many;
        for (int i = 0; i < 10000; ++i)
            many.push_back({0, "Факт номер " + std::to_string(i)});
        repo.setFacts(repo.getByName("Анна").id, many, "many");
    }
    Result r = runCli({"persona", "list", "--db", m_db});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)[0]["facts"], 10000);
    r = runCli({"persona", "show", "Анна", "--db", m_db});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto shown = nlohmann::json::parse(r.out);
    ASSERT_EQ(shown["facts"].size(), 10000u);
    EXPECT_EQ(shown["facts"][9999]["text"], "Факт номер 9999");
    r = runCli({"persona", "add-fact", "Анна", "ещё один", "--db", m_db});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(facts().size(), 10001u);
}

TEST_F(CliBadInput, APersonaWithNoFactsListsAndShows) {
    Result r = runCli({"persona", "list", "--db", m_db});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)[0]["facts"], 0);
    r = runCli({"persona", "show", "Анна", "--db", m_db});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(nlohmann::json::parse(r.out)["facts"].empty());
}

TEST_F(CliBadInput, CorruptOrForeignDatabasesAreClearErrors) {
    const std::string junk = (m_dir / "junk.db").string();
    {
        std::ofstream out(junk, std::ios::binary);
        out << std::string(8192, '\x42');
    }
    Result r = runCli({"persona", "list", "--db", junk});
    EXPECT_EQ(r.status, persona::cli::kExitError);
    EXPECT_NE(r.err.find("it is not a SQLite database or it is damaged"), std::string::npos)
        << r.err;
    {
        Database db = Database::open(m_db);
        db.exec("INSERT INTO schema_version(version, description, applied_at) VALUES (999, 'x', 0)");
    }
    r = runCli({"persona", "list", "--db", m_db});
    EXPECT_EQ(r.status, persona::cli::kExitError);
    EXPECT_NE(r.err.find("was written by a newer Persona Studio (schema version 999"),
              std::string::npos)
        << r.err;
}

// The real executable, with a file-size limit that the database's write-ahead log soon reaches,
// and SIGXFSZ at its default action (kill) as a shell would leave it: each add-fact either
// succeeds or fails with a message; none is killed; every acknowledged fact stays.
TEST_F(CliBadInput, AFullDiskIsAnErrorNotACrashAndLosesNothing) {
    const std::string fact(1990, 'x');
    // Room for a few revisions (each one copies every fact) past the file's current size.
    const rlim_t limit = static_cast<rlim_t>(fs::file_size(m_db)) + 48 * 1024;
    int acknowledged = 0;
    Result last{0, "", ""};
    for (int i = 0; i < 200 && last.status == 0; ++i) {
        int errPipe[2];
        ASSERT_EQ(pipe(errPipe), 0);
        const pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            signal(SIGXFSZ, SIG_DFL);
            const rlimit rl{limit, limit};
            setrlimit(RLIMIT_FSIZE, &rl);
            dup2(errPipe[1], STDERR_FILENO);
            if (freopen("/dev/null", "w", stdout) == nullptr)
                _exit(126);
            const std::string text = std::to_string(i) + fact;
            execl(PERSONA_CLI_EXE, PERSONA_CLI_EXE, "persona", "add-fact", "Анна", text.c_str(),
                  "--db", m_db.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        close(errPipe[1]);
        char buf[4096];
        last.err.clear();
        for (ssize_t n; (n = read(errPipe[0], buf, sizeof buf)) > 0;)
            last.err.append(buf, static_cast<size_t>(n));
        close(errPipe[0]);
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_FALSE(WIFSIGNALED(status)) << "killed by signal " << WTERMSIG(status);
        last.status = WEXITSTATUS(status);
        if (last.status == 0)
            ++acknowledged;
    }
    EXPECT_GT(acknowledged, 0);
    ASSERT_EQ(last.status, persona::cli::kExitError) << "never reached the limit";
    EXPECT_NE(last.err.find("persona-cli: "), std::string::npos) << last.err;
    EXPECT_NE(last.err.find("the disk is full or a file-size limit was reached; the change was not "
                            "saved"),
              std::string::npos)
        << last.err;
    // Without the limit: the file is sound and holds exactly the acknowledged facts.
    Database db = Database::open(m_db);
    EXPECT_EQ(db.integrityCheck(), "ok");
    const auto kept = facts();
    ASSERT_EQ(kept.size(), static_cast<size_t>(acknowledged));
    for (int i = 0; i < acknowledged; ++i)
        EXPECT_EQ(kept[static_cast<size_t>(i)], std::to_string(i) + fact);
}
