#include "store_options.h"

#include <CLI/CLI.hpp>

namespace persona::cli {

void addDbOption(CLI::App& cmd, std::string& path) {
    cmd.add_option("--db", path,
                   "Persona database (default: $XDG_DATA_HOME/persona-studio/persona.db, else "
                   "~/.local/share/persona-studio/persona.db)");
}

store::Database openStore(const std::string& path) {
    return store::Database::open(path.empty() ? store::defaultDatabasePath() : path);
}

}  // namespace persona::cli
