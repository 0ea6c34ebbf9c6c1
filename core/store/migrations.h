// The store's schema as a list of forward migrations. Version N is reached by applying
// migrations 1..N in order, each in its own transaction, each recording itself in schema_version.
// Never edit a migration that has shipped: add a new one.
#pragma once

#include <vector>

namespace persona::store {

struct Migration {
    int version;
    const char* description;
    const char* sql;
};

const std::vector<Migration>& migrations();

// PRAGMA application_id of our files: "PSTD".
inline constexpr int kApplicationId = 0x50535444;

}  // namespace persona::store
