// A database on a read-only file system can still be read. In WAL mode SQLite needs a -shm file
// beside the database even to read, and cannot create one there: `persona list` used to fail
// with "unable to open database file". The test mounts a tmpfs in a private mount namespace
// (root or CAP_SYS_ADMIN only; skipped elsewhere), fills it, remounts it read-only and reads.
#include "temp_dir.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

using namespace persona::store;
using persona::test::TempDir;

namespace {

constexpr int kNoNamespace = 77;

// Runs in a child: the database at `dir`/p.db on a tmpfs that is then made read-only. Returns
// "" when everything held, else what did not.
std::string readOnADatabaseOnAReadOnlyMount(const std::string& dir) {
    const std::string path = dir + "/p.db";
    {
        Database db = Database::open(path);
        Persona p;
        p.name = "Анна";
        PersonaRepo(db).create(p, {{0, "Я живу в Москве"}});
    }  // the last connection closes: SQLite checkpoints and removes -wal and -shm
    if (mount(nullptr, dir.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0)
        return "remount read-only failed";
    Database db = Database::open(path);
    if (!db.readOnly())
        return "opened for writing on a read-only file system";
    PersonaRepo repo(db);
    const auto list = repo.list();
    if (list.size() != 1 || list[0].name != "Анна" || list[0].factCount != 1)
        return "persona list is wrong";
    try {
        repo.addFact(list[0].id, "new");
        return "a write was accepted";
    } catch (const persona::StoreError& e) {
        if (std::string(e.what()).find("is read-only: nothing was changed") == std::string::npos)
            return std::string("unexpected refusal: ") + e.what();
    }
    return "";
}

}  // namespace

TEST(ReadOnlyFileSystem, AWalDatabaseIsStillReadable) {
    TempDir tmp;
    const std::string dir = tmp.file("mnt");
    std::filesystem::create_directories(dir);
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        if (unshare(CLONE_NEWNS) != 0 ||
            mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
            mount("none", dir.c_str(), "tmpfs", 0, "size=8m") != 0)
            _exit(kNoNamespace);
        std::string result;
        try {
            result = readOnADatabaseOnAReadOnlyMount(dir);
        } catch (const std::exception& e) {
            result = std::string("exception: ") + e.what();
        }
        const ssize_t written = write(fds[1], result.data(), result.size());
        _exit(written == static_cast<ssize_t>(result.size()) && result.empty() ? 0 : 1);
    }
    close(fds[1]);
    std::string out;
    char buf[512];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
        out.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) == kNoNamespace)
        GTEST_SKIP() << "needs root or CAP_SYS_ADMIN to mount a read-only tmpfs";
    EXPECT_EQ(out, "");
    EXPECT_EQ(WEXITSTATUS(status), 0);
}
