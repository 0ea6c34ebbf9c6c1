// Benchmark program (not a test): times the two seed imports into a fresh database.
//   store_import_bench FIXTURES_DIR/store [DB]
#include "persona/io/importer.h"
#include "persona/store/database.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

using namespace persona;

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : PERSONA_FIXTURES_DIR "/store";
    const std::string dbPath =
        argc > 2 ? argv[2] : (std::filesystem::temp_directory_path() / "persona_bench.db").string();
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(dbPath + suffix);
    try {
        store::Database db = store::Database::open(dbPath);
        io::Importer importer(db);
        for (const char* file : {"toloka_profiles.tsv", "itmo_persona_dialogs.jsonl"}) {
            const auto t0 = std::chrono::steady_clock::now();
            const io::ImportSummary s = importer.importFile(dir + "/" + file);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count();
            std::printf(
                "%-28s %7.1f ms  personas=%d revisions=%d facts=%d chats=%d messages=%d "
                "labels=%d\n",
                file, ms, s.personas, s.revisions, s.facts, s.chats, s.messages, s.labels);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "store_import_bench: %s\n", e.what());
        return 1;
    }
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(dbPath + suffix);
    return 0;
}
