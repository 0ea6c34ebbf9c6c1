// A prepared SQLite statement with RAII, typed binds and column getters. Internal to core/store
// and core/io. Every failure throws StoreError with SQLite's message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace persona::store {

[[noreturn]] void throwSqlite(sqlite3* db, int rc, const std::string& what);
// sqlite3_errmsg(db) (or the text of rc), with what a full disk or a file-size limit means in
// words: SQLite reports a write that failed with ENOSPC or EFBIG as "disk I/O error".
std::string sqliteErrorText(sqlite3* db, int rc);

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binds are 1-based, like SQLite's.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bindBlob(int index, std::string_view bytes);
    Statement& bindNull(int index);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    // True when a row is ready; false when done.
    bool step();
    // Steps a statement that returns no rows (INSERT/UPDATE/DELETE) and resets it.
    void run();
    void reset();

    bool isNull(int col) const;
    std::int64_t getInt(int col) const;
    double getDouble(int col) const;
    std::string getText(int col) const;
    std::string getBlob(int col) const;
    std::optional<std::int64_t> getOptInt(int col) const;
    std::optional<double> getOptDouble(int col) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

}  // namespace persona::store
