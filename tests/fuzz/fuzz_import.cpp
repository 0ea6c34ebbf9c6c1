// The importers, each into a fresh in-memory store: seed dialogues (JSONL), Toloka profiles
// (TSV), character cards as JSON and as PNG.
#include "fuzz_targets.h"

#include "persona/error.h"
#include "persona/io/importer.h"
#include "persona/store/database.h"

namespace persona::fuzz {

namespace {

void importInto(const uint8_t* data, size_t size, const char* name, io::ImportFormat format) {
    store::Database db = store::Database::open(":memory:");
    try {
        io::Importer(db).importBytes(std::string(reinterpret_cast<const char*>(data), size), name,
                                     format);
    } catch (const Error&) {
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
