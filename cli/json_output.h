// Printing JSON from subcommands: one document, invalid UTF-8 replaced (never an exception).
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>

namespace persona::cli {

inline void printJson(std::ostream& out, const nlohmann::json& j, int indent = -1) {
    out << j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace persona::cli
