#include "persona/store/database.h"

#include "persona/error.h"
#include "store/migrations.h"
#include "store/statement.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace persona::store {

namespace fs = std::filesystem;

struct Database::Impl {
    sqlite3* db = nullptr;
    std::string path;
    bool readOnly = false;
    int version = 0;
    int depth = 0;         // nesting of transaction() / readTransaction() calls
    bool reading = false;  // the outermost one is a read transaction
    ~Impl() { sqlite3_close_v2(db); }
};

namespace {

void execOn(sqlite3* db, const std::string& sql, const std::string& what) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        if (const std::string text = sqliteErrorText(db, rc); text.size() > msg.size())
            msg = text;  // with the full-disk hint
        throw StoreError(what + ": " + msg);
    }
}

std::int64_t queryInt(sqlite3* db, const char* sql) {
    Statement st(db, sql);
    return st.step() ? st.getInt(0) : 0;
}

// Personas and chats are private: a new database gets the folders it needs as 0700 (the XDG base
// directory rule) and its file as 0600, created here before SQLite opens it, because SQLite
// creates a file as 0644 and gives its -wal and -shm files the database file's mode.
void createUserOnly(const std::string& path, const std::string& where) {
    std::vector<fs::path> missing;
    std::error_code ec;
    for (fs::path dir = fs::path(path).parent_path(); !dir.empty() && !fs::exists(dir, ec);
         dir = dir.parent_path())
        missing.push_back(dir);
    for (auto it = missing.rbegin(); it != missing.rend(); ++it)
        if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST)
            throw StoreError(where + ": cannot create folder " + it->string() + ": " +
                             std::strerror(errno));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        ::close(fd);  // an empty file is an empty SQLite database
    else if (errno != EEXIST)  // EEXIST: another process was first; its file is used as it is
        throw StoreError(where + ": cannot create the file: " + std::strerror(errno));
}

bool onReadOnlyFileSystem(const std::string& path) {
    struct statvfs fsInfo {};
    return ::statvfs(path.c_str(), &fsInfo) == 0 && (fsInfo.f_flag & ST_RDONLY) != 0;
}

// "file:/abs/path?immutable=1", the path percent-encoded where a URI needs it.
std::string immutableUri(const std::string& path) {
    std::string uri = "file:";
    for (const char c : fs::absolute(path).string()) {
        if (c == '%' || c == '?' || c == '#') {
            static const char kHex[] = "0123456789ABCDEF";
            uri += '%';
            uri += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
            uri += kHex[static_cast<unsigned char>(c) & 0xF];
        } else {
            uri += c;
        }
    }
    return uri + "?immutable=1";
}

}  // namespace

std::int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string defaultDatabasePath() {
    fs::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME");
        xdg && *xdg && fs::path(xdg).is_absolute()) {
        base = xdg;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        base = fs::path(home) / ".local" / "share";
    } else {
        throw StoreError(
            "cannot find the user's data folder: neither XDG_DATA_HOME nor HOME is set; "
            "pass --db FILE");
    }
    return (base / "persona-studio" / "persona.db").string();
}

int Database::latestSchemaVersion() {
    return migrations().back().version;
}

Database::Database(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Database Database::open(const std::string& path, const OpenOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    const std::string where = "persona store " + path;
    const bool inMemory = path == ":memory:" || path.empty();
    std::error_code ec;
    const bool exists = !inMemory && fs::exists(path, ec);
    if (!inMemory && exists && fs::is_directory(path, ec))
        throw StoreError(where + ": is a folder, not a database file");
    impl->readOnly = options.readOnly || (exists && ::access(path.c_str(), W_OK) != 0);
    if (!inMemory && !exists) {
        if (impl->readOnly)
            throw StoreError(where + ": no such file (opened read-only)");
        createUserOnly(path, where);
    }

    int flags =
        (impl->readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
        SQLITE_OPEN_NOMUTEX;
    // A WAL database on a read-only file system (a read-only mount, a live CD, a snapshot):
    // SQLite cannot create the -shm file that WAL readers need, so even reading fails with
    // "unable to open database file". Nobody can write there, so the file is opened as
    // immutable: read without locks or a -shm file. Not when a -wal file holds commits (a copy
    // of a database in use): immutable would ignore them, so it is opened as usual, which works
    // when its -shm file is there too.
    std::string openPath = path;
    std::error_code walEc;
    const auto walBytes = fs::file_size(path + "-wal", walEc);  // an error: no -wal file
    if (impl->readOnly && !inMemory && onReadOnlyFileSystem(path) && (walEc || walBytes == 0)) {
        openPath = immutableUri(path);
        flags |= SQLITE_OPEN_URI;
    }
    int rc = sqlite3_open_v2(openPath.c_str(), &impl->db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string msg = impl->db ? sqlite3_errmsg(impl->db) : sqlite3_errstr(rc);
        throw StoreError("cannot open " + where + ": " + msg);
    }
    sqlite3* db = impl->db;
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, options.busyTimeoutMs);

    // The first read of the file: a file that is not SQLite fails here.
    std::int64_t appId = 0, tables = 0, hasVersionTable = 0;
    try {
        execOn(db, "PRAGMA foreign_keys = ON", where);
        appId = queryInt(db, "PRAGMA application_id");
        tables = queryInt(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
        hasVersionTable = queryInt(
            db,
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'");
    } catch (const StoreError&) {
        const int code = sqlite3_errcode(db) & 0xFF;
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
            throw StoreError(where +
                             " cannot be read: it is not a SQLite database or it is damaged (" +
                             sqlite3_errmsg(db) + ")");
        if (code == SQLITE_CANTOPEN && impl->readOnly)
            throw StoreError(where + " cannot be read: " + sqlite3_errmsg(db) +
                             " (it is read-only and its -wal journal cannot be opened: copy the "
                             "database with its -wal and -shm files to a writable folder)");
        throw StoreError(where + " cannot be read: " + sqlite3_errmsg(db));
    }
    if ((tables > 0 && !hasVersionTable) || (appId != 0 && appId != kApplicationId))
        throw StoreError(where +
                         " is a SQLite database of another program (no Persona Studio schema)");
    impl->version = hasVersionTable
                        ? static_cast<int>(queryInt(db, "SELECT max(version) FROM schema_version"))
                        : 0;

    const int latest = latestSchemaVersion();
    if (impl->version > latest)
        throw StoreError(where + " was written by a newer Persona Studio (schema version " +
                         std::to_string(impl->version) + "; this build knows versions up to " +
                         std::to_string(latest) + ")");
    const int target = options.targetVersion < 0 ? latest : std::min(options.targetVersion, latest);

    if (!impl->readOnly) {
        // WAL: readers never block the writer and a killed writer leaves a consistent file.
        // synchronous=FULL: a COMMIT that returned is on disk, even across a power cut.
        execOn(db, "PRAGMA journal_mode = WAL", where);
        execOn(db, "PRAGMA synchronous = FULL", where);
    }
    if (impl->version < target) {
        if (impl->readOnly)
            throw StoreError(where + " is read-only but needs upgrading from schema version " +
                             std::to_string(impl->version) + " to " + std::to_string(target));
        for (const Migration& m : migrations()) {
            if (m.version > target)
                break;
            execOn(db, "BEGIN IMMEDIATE", where);
            try {
                // Another connection may have migrated while we waited for the write lock.
                const int now =
                    queryInt(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'schema_version'")
                        ? static_cast<int>(queryInt(db, "SELECT max(version) FROM schema_version"))
                        : 0;
                if (m.version > now) {
                    execOn(db, m.sql,
                           where + ": migration to schema version " + std::to_string(m.version));
                    Statement ins(db,
                                  "INSERT INTO schema_version(version, description, applied_at) "
                                  "VALUES (?, ?, ?)");
                    ins.bind(1, m.version).bind(2, m.description).bind(3, nowMs()).run();
                    if (m.version == 1)
                        execOn(db, "PRAGMA application_id = " + std::to_string(kApplicationId),
                               where);
                }
                execOn(db, "COMMIT", where);
            } catch (...) {
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
                throw;
            }
            impl->version = m.version;
        }
    }
    return Database(std::move(impl));
}

int Database::schemaVersion() const {
    return m_impl->version;
}
const std::string& Database::path() const {
    return m_impl->path;
}
bool Database::readOnly() const {
    return m_impl->readOnly;
}
sqlite3* Database::handle() const {
    return m_impl->db;
}

std::string Database::integrityCheck() {
    Statement st(m_impl->db, "PRAGMA integrity_check");
    std::string report;
    while (st.step()) {
        if (!report.empty())
            report += "\n";
        report += st.getText(0);
    }
    return report;
}

void Database::exec(const std::string& sql) {
    execOn(m_impl->db, sql, "persona store " + m_impl->path);
}

void Database::readTransaction(const std::function<void()>& f) {
    if (m_impl->depth > 0) {
        f();
        return;
    }
    execOn(m_impl->db, "BEGIN", "persona store " + m_impl->path + ": cannot start reading");
    m_impl->depth = 1;
    m_impl->reading = true;
    try {
        f();
        m_impl->depth = 0;
        m_impl->reading = false;
        execOn(m_impl->db, "COMMIT", "persona store " + m_impl->path + ": cannot end reading");
    } catch (...) {
        m_impl->depth = 0;
        m_impl->reading = false;
        if (!sqlite3_get_autocommit(m_impl->db))
            sqlite3_exec(m_impl->db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void Database::transaction(const std::function<void()>& f) {
    if (m_impl->depth > 0) {
        if (m_impl->reading)
            throw StoreError("persona store " + m_impl->path +
                             ": cannot write inside a read transaction");
        f();
        return;
    }
    if (m_impl->readOnly)
        throw StoreError("persona store " + m_impl->path + " is read-only: nothing was changed");
    execOn(m_impl->db, "BEGIN IMMEDIATE",
           "persona store " + m_impl->path + ": cannot start writing");
    m_impl->depth = 1;
    try {
        f();
        execOn(m_impl->db, "COMMIT", "persona store " + m_impl->path + ": cannot commit");
        m_impl->depth = 0;
    } catch (...) {
        m_impl->depth = 0;
        if (!sqlite3_get_autocommit(m_impl->db))
            sqlite3_exec(m_impl->db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace persona::store
