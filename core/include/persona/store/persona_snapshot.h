// A whole persona (profile, every revision with its facts) as plain values, and its restoration
// with the very same ids: what makes deleting a persona undoable in the window.
#pragma once

#include "persona/store/store_types.h"

#include <vector>

namespace persona::store {

class Database;

struct PersonaSnapshot {
    Persona persona;
    std::vector<PersonaRevision> revisions;  // oldest first
    std::vector<Id> factIds;                 // every fact identity of the persona
    std::vector<std::int64_t> factCreatedAtMs;
};

// Throws StoreError when the persona does not exist.
PersonaSnapshot snapshotPersona(Database& db, Id personaId);
// Writes it back in one transaction, ids included. Throws StoreError when its name or any of its
// ids is in use again (nothing is written then).
void restorePersona(Database& db, const PersonaSnapshot& snapshot);

}  // namespace persona::store
