#include "store/statement.h"

#include "persona/error.h"

namespace persona::store {

std::string sqliteErrorText(sqlite3* db, int rc) {
    std::string text = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int code = db ? sqlite3_extended_errcode(db) : rc;
    if ((code & 0xFF) == SQLITE_FULL || code == SQLITE_IOERR_WRITE ||
        code == SQLITE_IOERR_FSYNC || code == SQLITE_IOERR_TRUNCATE)
        text += " (the disk is full or a file-size limit was reached; the change was not saved)";
    return text;
}

void throwSqlite(sqlite3* db, int rc, const std::string& what) {
    std::string msg = what + ": " + sqliteErrorText(db, rc);
    const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
    if (file && *file)
        msg += " (database " + std::string(file) + ")";
    throw StoreError(msg);
}

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db) {
    const int rc =
        sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK)
        throwSqlite(db, rc, "cannot prepare '" + std::string(sql.substr(0, 60)) + "'");
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

static void checkBind(sqlite3* db, int rc) {
    if (rc != SQLITE_OK)
        throwSqlite(db, rc, "cannot bind a value");
}

Statement& Statement::bind(int index, std::int64_t value) {
    checkBind(m_db, sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}
Statement& Statement::bind(int index, double value) {
    checkBind(m_db, sqlite3_bind_double(m_stmt, index, value));
    return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
    checkBind(m_db, sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                        SQLITE_UTF8));
    return *this;
}
Statement& Statement::bindBlob(int index, std::string_view bytes) {
    checkBind(m_db,
              sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
    return *this;
}
Statement& Statement::bindNull(int index) {
    checkBind(m_db, sqlite3_bind_null(m_stmt, index));
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    std::string sql = sqlite3_sql(m_stmt);
    sqlite3_reset(m_stmt);
    throwSqlite(m_db, rc, "'" + sql.substr(0, 60) + "' failed");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int col) const {
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}
std::int64_t Statement::getInt(int col) const {
    return sqlite3_column_int64(m_stmt, col);
}
double Statement::getDouble(int col) const {
    return sqlite3_column_double(m_stmt, col);
}
std::string Statement::getText(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)))
             : std::string();
}
std::string Statement::getBlob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)))
             : std::string();
}
std::optional<std::int64_t> Statement::getOptInt(int col) const {
    if (isNull(col))
        return std::nullopt;
    return getInt(col);
}
std::optional<double> Statement::getOptDouble(int col) const {
    if (isNull(col))
        return std::nullopt;
    return getDouble(col);
}

}  // namespace persona::store
