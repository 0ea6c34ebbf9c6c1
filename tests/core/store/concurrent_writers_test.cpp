// Two writers adding facts to one persona at the same time: every fact a writer was told is
// stored (its addFact returned) is in the final revision. Before each one-fact edit read the
// current facts inside its write transaction, each writer built revision N+1 from the revision it
// had read before taking the write lock, and the other writer's fact vanished from every later
// revision.
#include "temp_dir.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace persona::store;
using persona::test::TempDir;

namespace {

constexpr int kFactsPerWriter = 60;

// One writer: its own connection, kFactsPerWriter facts "<tag> <i>", one after another.
// Returns how many addFact calls returned (each one an acknowledged write).
int addFacts(const std::string& path, Id personaId, const std::string& tag) {
    OpenOptions options;
    options.busyTimeoutMs = 60000;  // a sanitizer build is slow; waiting is not what is tested
    Database db = Database::open(path, options);
    PersonaRepo repo(db);
    int acknowledged = 0;
    for (int i = 0; i < kFactsPerWriter; ++i) {
        repo.addFact(personaId, tag + " " + std::to_string(i));
        ++acknowledged;
    }
    return acknowledged;
}

Id makePersona(const std::string& path) {
    Database db = Database::open(path);
    PersonaRepo repo(db);
    Persona p;
    p.name = "shared";
    return repo.create(p, {{0, "first"}}).id;
}

// The facts of the final revision, after checking that no text appears twice.
std::set<std::string> finalFacts(const std::string& path, Id personaId) {
    Database db = Database::open(path);
    EXPECT_EQ(db.integrityCheck(), "ok");
    std::set<std::string> texts;
    for (const Fact& f : PersonaRepo(db).currentRevision(personaId).facts)
        EXPECT_TRUE(texts.insert(f.text).second) << f.text << " twice";
    return texts;
}

void expectAllFacts(const std::set<std::string>& texts, const std::vector<std::string>& tags) {
    EXPECT_TRUE(texts.count("first"));
    int missing = 0;
    for (const std::string& tag : tags)
        for (int i = 0; i < kFactsPerWriter; ++i)
            if (!texts.count(tag + " " + std::to_string(i)))
                ++missing;
    EXPECT_EQ(missing, 0) << "acknowledged facts lost";
    EXPECT_EQ(texts.size(), 1 + tags.size() * kFactsPerWriter);
}

}  // namespace

TEST(ConcurrentWriters, TwoThreadsWithTheirOwnConnectionsLoseNoFact) {
    TempDir dir;
    const std::string path = dir.file("p.db");
    const Id id = makePersona(path);
    int acknowledged[2] = {0, 0};
    std::thread a([&] { acknowledged[0] = addFacts(path, id, "A"); });
    std::thread b([&] { acknowledged[1] = addFacts(path, id, "B"); });
    a.join();
    b.join();
    ASSERT_EQ(acknowledged[0], kFactsPerWriter);
    ASSERT_EQ(acknowledged[1], kFactsPerWriter);
    expectAllFacts(finalFacts(path, id), {"A", "B"});
}

TEST(ConcurrentWriters, TwoProcessesLoseNoFact) {
    TempDir dir;
    const std::string path = dir.file("p.db");
    const Id id = makePersona(path);
    std::vector<pid_t> children;
    for (const char* tag : {"P", "Q"}) {
        const pid_t pid = fork();
        ASSERT_GE(pid, 0) << "fork failed";
        if (pid == 0) {
            int code = 1;
            try {
                code = addFacts(path, id, tag) == kFactsPerWriter ? 0 : 1;
            } catch (const std::exception& e) {
                std::fprintf(stderr, "writer %s: %s\n", tag, e.what());
            }
            _exit(code);  // no gtest teardown in the child
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a writer failed";
    }
    expectAllFacts(finalFacts(path, id), {"P", "Q"});
}
