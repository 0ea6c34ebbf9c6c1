// A new database is the user's alone: folders 0700, the file and its -wal/-shm 0600, whatever the
// umask; an existing file keeps the mode its owner gave it.
#include "temp_dir.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace persona;
using namespace persona::store;
using persona::test::TempDir;

namespace {

unsigned modeOf(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
}

// Sets the process umask for one scope: 0 shows that the modes come from the code, not the umask.
class ScopedUmask {
public:
    explicit ScopedUmask(mode_t mask) : m_old(::umask(mask)) {}
    ~ScopedUmask() { ::umask(m_old); }
    ScopedUmask(const ScopedUmask&) = delete;
    ScopedUmask& operator=(const ScopedUmask&) = delete;

private:
    mode_t m_old;
};

}  // namespace

TEST(DatabasePermissions, NewDatabaseAndItsFoldersAreUserOnly) {
    TempDir dir;
    const ScopedUmask open(0);
    const std::string path = dir.file("xdg/persona-studio/persona.db");
    Database db = Database::open(path);
    Persona ann;
    ann.name = "Ann";
    PersonaRepo(db).create(ann);  // a write, so that the -wal and -shm files exist
    EXPECT_EQ(modeOf(dir.file("xdg")), 0700u);
    EXPECT_EQ(modeOf(dir.file("xdg/persona-studio")), 0700u);
    EXPECT_EQ(modeOf(path), 0600u);
    ASSERT_TRUE(std::filesystem::exists(path + "-wal"));
    EXPECT_EQ(modeOf(path + "-wal"), 0600u);
    ASSERT_TRUE(std::filesystem::exists(path + "-shm"));
    EXPECT_EQ(modeOf(path + "-shm"), 0600u);
}

TEST(DatabasePermissions, ExistingFolderAndFileKeepTheirModes) {
    TempDir dir;
    const std::string folder = dir.file("shared");
    std::filesystem::create_directory(folder);
    ::chmod(folder.c_str(), 0750);
    const std::string path = folder + "/team.db";
    { Database::open(path); }
    ::chmod(path.c_str(), 0640);  // the owner chose to share it with the group
    { Database::open(path); }
    EXPECT_EQ(modeOf(folder), 0750u);
    EXPECT_EQ(modeOf(path), 0640u);
}

TEST(DatabasePermissions, UncreatableFolderIsAStoreErrorNamingIt) {
    TempDir dir;
    const std::string blocker = dir.file("file");
    std::ofstream(blocker) << "not a folder";
    try {
        Database::open(blocker + "/sub/persona.db");
        FAIL() << "opened a database under a regular file";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot create folder " + blocker + "/sub"),
                  std::string::npos)
            << e.what();
    }
}
