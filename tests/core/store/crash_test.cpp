// A writer killed with SIGKILL at random moments, 200+ times: afterwards the database opens,
// passes PRAGMA integrity_check, and holds every write the writer reported committed.
#include "temp_dir.h"

#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/trace_repo.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <thread>

using namespace persona::store;
using persona::test::TempDir;

namespace {

// Runs the writer for `delay`, kills it, returns the ids it reported on complete lines.
std::vector<Id> runAndKill(const std::string& db, std::chrono::microseconds delay,
                           int& exitSignal) {
    int fds[2];
    if (pipe(fds) != 0)
        throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(STORE_CRASH_WRITER, STORE_CRASH_WRITER, db.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    std::this_thread::sleep_for(delay);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    exitSignal = WIFSIGNALED(status) ? WTERMSIG(status) : -WEXITSTATUS(status);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0)
        out.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    std::vector<Id> ids;
    size_t start = 0;
    for (size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1)
        ids.push_back(std::stoll(out.substr(start, nl - start)));
    return ids;  // a line cut by the kill is not counted: it was never fully reported
}

}  // namespace

TEST(Crash, SigkillNeverLosesACommittedWriteNorCorruptsTheFile) {
    TempDir dir;
    const std::string path = dir.file("crash.db");
    { Database::open(path); }
    std::mt19937 rng(12345);
    // Short delays hit start-up and the first transactions, longer ones hit the loop. Where the
    // writer starts slowly (a sanitizer build, a loaded machine) the range adapts, so that the
    // kills still land among commits, not only in start-up.
    int maxDelayUs = 60000;
    std::set<Id> reported;
    int kills = 0;
    // 220 kills at least; more if a loaded machine let the writer commit too little to judge.
    for (int round = 0; round < 1000 && (round < 220 || reported.size() < 300); ++round) {
        int sig = 0;
        const auto ids =
            runAndKill(path, std::chrono::microseconds(std::uniform_int_distribution<int>(2000, maxDelayUs)(rng)), sig);
        // Wider after a round without a commit, narrower (to the usual 60 ms) after one with:
        // about one round in five ends before the first commit.
        maxDelayUs = ids.empty() ? std::min(maxDelayUs * 5 / 4, 2'000'000) : std::max(60000, maxDelayUs * 19 / 20);
        if (sig == SIGKILL)
            ++kills;
        ASSERT_TRUE(sig == SIGKILL)
            << "the writer stopped by itself (status " << sig << ") in round " << round;
        reported.insert(ids.begin(), ids.end());
        if (round % 50 == 49) {
            Database db = Database::open(path);
            ASSERT_EQ(db.integrityCheck(), "ok") << "after round " << round;
        }
    }
    EXPECT_GE(kills, 200);
    EXPECT_GT(reported.size(), 200u) << "too few commits to prove anything";

    Database db = Database::open(path);
    EXPECT_EQ(db.integrityCheck(), "ok");
    ChatRepo chats(db);
    TraceRepo traces(db);
    const auto all = chats.messages(chats.list().at(0).id);
    std::set<Id> stored;
    for (const auto& m : all)
        stored.insert(m.id);
    size_t missing = 0;
    for (Id id : reported)
        if (!stored.count(id))
            ++missing;
    EXPECT_EQ(missing, 0u) << "of " << reported.size() << " reported commits";
    // Every persona turn is whole: its message never exists without its 32 tokens.
    for (const auto& m : all) {
        if (m.role == Role::Persona) {
            ASSERT_EQ(traces.tokens(m.id).size(), 32u) << "message " << m.id;
        }
    }
    std::printf("crash test: %d kills, %zu commits reported, %zu messages stored\n", kills,
                reported.size(), stored.size());
}
