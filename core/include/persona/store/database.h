// One SQLite connection to the persona store. Opening creates the file (and its folder) when
// missing and migrates it forward to the latest schema, one migration per transaction.
//
// Threads: a Database is one connection and belongs to one thread at a time; each thread (GUI,
// agent worker) opens its own. Connections wait up to busyTimeoutMs for each other's writes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

struct sqlite3;

namespace persona::store {

struct OpenOptions {
    bool readOnly = false;  // never write; a file without write permission opens like this too
    int busyTimeoutMs = 5000;
    // Tests only: stop migrating at this version (-1 = latest). A database left at an older
    // version is what an older build of the app wrote.
    int targetVersion = -1;
};

class Database {
public:
    // Throws StoreError naming the file: not a SQLite file, not ours, from a newer version,
    // read-only but needing a migration, cannot be created.
    static Database open(const std::string& path, const OpenOptions& options = {});

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    static int latestSchemaVersion();
    int schemaVersion() const;
    const std::string& path() const;
    bool readOnly() const;

    // "ok" when PRAGMA integrity_check finds nothing wrong, else its report.
    std::string integrityCheck();

    // Runs f inside BEGIN IMMEDIATE ... COMMIT; any exception rolls back and is rethrown. A call
    // made inside another transaction joins it (the outer one commits or rolls back).
    void transaction(const std::function<void()>& f);
    // Runs f inside a read transaction (BEGIN ... COMMIT): all its queries see one snapshot, even
    // while another connection writes. Works on read-only databases; nests like transaction().
    void readTransaction(const std::function<void()>& f);

    // Plain SQL without results (tests, maintenance). Throws StoreError.
    void exec(const std::string& sql);

    sqlite3* handle() const;

private:
    struct Impl;
    explicit Database(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// $XDG_DATA_HOME/persona-studio/persona.db, else ~/.local/share/persona-studio/persona.db.
std::string defaultDatabasePath();

// Milliseconds since the Unix epoch, the store's time stamps.
std::int64_t nowMs();

}  // namespace persona::store
