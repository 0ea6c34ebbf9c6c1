// What an importer read from a file, checked and complete, before anything touches the store.
// writeBundle stores it in one transaction. Internal to core/io.
#pragma once

#include "persona/io/importer.h"
#include "persona/store/store_types.h"

#include <optional>
#include <string>
#include <vector>

namespace persona::store {
class Database;
}

namespace persona::io {

struct BundlePersona {
    store::Persona persona;                                // name is the wanted name (made unique)
    std::vector<std::vector<store::FactDraft>> revisions;  // at least one; ids are 0
    std::string note;                                      // revision note ("imported from ...")
};

struct BundleTurn {
    store::Role role = store::Role::User;
    std::string text;
    std::string emotion;
    std::vector<int> gk;  // positions in the speaker's revision facts, in the file's order
};

struct BundleChat {
    size_t persona = 0;  // index into ImportBundle::personas
    size_t personaRevision = 0;
    std::optional<size_t> partner;
    size_t partnerRevision = 0;
    std::string title;
    std::string sourceRef;
    std::vector<BundleTurn> turns;
};

struct ImportBundle {
    std::vector<BundlePersona> personas;
    std::vector<BundleChat> chats;
};

ImportSummary writeBundle(store::Database& db, const ImportBundle& bundle);

// The readers: each throws ImportError naming fileName, the line and the field.
ImportBundle readDialogJsonl(const std::string& bytes, const std::string& fileName);
ImportBundle readTolokaTsv(const std::string& bytes, const std::string& fileName);
ImportBundle readCard(const std::string& bytes, const std::string& fileName);

}  // namespace persona::io
