// Every row of every table as text: two equal snapshots mean the database did not change.
#pragma once

#include "persona/store/database.h"
#include "persona/store/store_types.h"

#include <sqlite3.h>

#include <string>
#include <vector>

namespace persona::test {

inline store::Persona named(const std::string& name) {
    store::Persona p;
    p.name = name;
    return p;
}

inline std::string snapshot(store::Database& db) {
    sqlite3* h = db.handle();
    std::vector<std::string> tables;
    {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(h, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                           -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW)
            tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        sqlite3_finalize(st);
    }
    std::string out;
    for (const auto& t : tables) {
        out += "## " + t + "\n";
        sqlite3_stmt* st = nullptr;
        const std::string sql = "SELECT * FROM \"" + t + "\" ORDER BY 1, 2";
        if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
            out += "(unreadable)\n";
            continue;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const auto* p = static_cast<const char*>(sqlite3_column_blob(st, c));
                out +=
                    p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st, c))) : "NULL";
                out += "|";
            }
            out += "\n";
        }
        sqlite3_finalize(st);
    }
    return out;
}

}  // namespace persona::test
