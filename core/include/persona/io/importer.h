// Importing personas and dialogues from files into the store. Every importer reads and checks
// the whole file first, then writes it in ONE transaction: a bad file changes nothing, and the
// ImportError names the file, the line and the field that was wrong.
#pragma once

#include "persona/store/store_types.h"

#include <optional>
#include <string>
#include <vector>

namespace persona::store {
class Database;
}

namespace persona::io {

enum class ImportFormat {
    DialogJsonl,  // the seed dialogues: {"persons":[...],"dialog":[...]} per line
    TolokaTsv,    // Toloka profiles: header characteristic_1..5, one persona per row
    Card,         // Character Card V2 (or V1) JSON, or a PNG card with a "chara" text chunk
};

std::string toString(ImportFormat f);                  // "jsonl", "toloka-tsv", "card"
ImportFormat parseImportFormat(const std::string& s);  // throws InvalidArgument
// By file name: .jsonl -> DialogJsonl, .tsv -> TolokaTsv, .json/.png -> Card; throws ImportError.
ImportFormat detectImportFormat(const std::string& path);

struct ImportSummary {
    int personas = 0;
    int revisions = 0;
    int facts = 0;  // facts written, over all revisions
    int chats = 0;
    int messages = 0;
    int labels = 0;  // human-selected facts (gk labels)
    std::vector<store::Id> personaIds;
    std::vector<store::Id> chatIds;
};

// Files larger than this are refused before reading.
inline constexpr std::size_t kMaxImportFileBytes = 256u * 1024 * 1024;

class Importer {
public:
    explicit Importer(store::Database& db);
    // Reads `path` in the given format (detected from the name when absent) and stores it.
    ImportSummary importFile(const std::string& path,
                             std::optional<ImportFormat> format = std::nullopt);
    // The same from bytes already in memory; `fileName` is used in error messages.
    ImportSummary importBytes(const std::string& bytes, const std::string& fileName,
                              ImportFormat format);

private:
    store::Database& m_db;
};

}  // namespace persona::io
