// Exports chats to the seed dialogue JSONL, so dialogues labelled in the app train models:
// one line per chat, {"persons":[partner, persona],"dialog":[{"person","text","gk","emotion"}]}.
// The selected path of each chat is written; gk are the human-selected facts, as positions in
// the facts of the revision the chat was held with (all of its facts are written, in order).
#pragma once

#include "persona/store/store_types.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace persona::store {
class Database;
}

namespace persona::io {

struct DialogExportOptions {
    std::vector<store::Id> chatIds;  // empty: every chat (or every chat of personaId)
    std::optional<store::Id> personaId;
    bool labelledOnly = false;  // only chats with a gk label or a rating
};

struct DialogExportSummary {
    int chats = 0;
    int turns = 0;
    int labels = 0;
};

class DialogExporter {
public:
    explicit DialogExporter(store::Database& db);
    DialogExportSummary write(std::ostream& out, const DialogExportOptions& options = {});
    // Writes to a temporary file beside `path`, then renames: a failed export leaves no half file.
    DialogExportSummary writeFile(const std::string& path, const DialogExportOptions& options = {});

private:
    store::Database& m_db;
};

}  // namespace persona::io
