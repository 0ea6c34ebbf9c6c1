// What the store subcommands (persona, import, export) share: the --db option and opening it.
#pragma once

#include "persona/store/database.h"

#include <string>

namespace CLI {
class App;
}

namespace persona::cli {

// Adds --db FILE to a subcommand; `path` receives it (empty = the user's data folder).
void addDbOption(CLI::App& cmd, std::string& path);
// Opens (creating or migrating) the store at `path`, or at defaultDatabasePath() when empty.
store::Database openStore(const std::string& path);

}  // namespace persona::cli
