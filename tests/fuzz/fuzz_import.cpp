// The importers, each into an empty in-memory store: seed dialogues (JSONL), Toloka profiles
// (TSV), character cards as JSON and as PNG.
#include "fuzz_targets.h"

#include "persona/error.h"
#include "persona/io/importer.h"
#include "persona/store/database.h"

namespace persona::fuzz {

namespace {

struct RollBack {};

// One in-memory store for the process; each import runs inside a transaction that is always
// rolled back (the importer's own transaction joins it), so every input meets the same empty
// store without paying for a new database and its migrations.
void importInto(const uint8_t* data, size_t size, const char* name, io::ImportFormat format) {
    static store::Database db = store::Database::open(":memory:");
    try {
        db.transaction([&] {
            try {
                io::Importer(db).importBytes(
                    std::string(reinterpret_cast<const char*>(data), size), name, format);
            } catch (const Error&) {
            }
            throw RollBack{};
        });
    } catch (const RollBack&) {
    }
}

}  // namespace

void fuzzImportJsonl(const uint8_t* data, size_t size) {
    importInto(data, size, "fuzz.jsonl", io::ImportFormat::DialogJsonl);
}
void fuzzImportTsv(const uint8_t* data, size_t size) {
    importInto(data, size, "fuzz.tsv", io::ImportFormat::TolokaTsv);
}
void fuzzImportCardJson(const uint8_t* data, size_t size) {
    importInto(data, size, "fuzz.json", io::ImportFormat::Card);
}
void fuzzImportCardPng(const uint8_t* data, size_t size) {
    importInto(data, size, "fuzz.png", io::ImportFormat::Card);
}

}  // namespace persona::fuzz
