// persona-cli import FILE [--format jsonl|toloka-tsv|card]
// persona-cli export FILE --format jsonl|markdown|card [--persona NAME] [--labelled-only]
// Both take --db FILE and print one JSON document (import: counts and elapsed time).
#include "cli.h"
#include "store_options.h"

#include "persona/error.h"
#include "persona/io/character_card.h"
#include "persona/io/dialog_exporter.h"
#include "persona/io/importer.h"
#include "persona/io/markdown_exporter.h"
#include "persona/store/persona_repo.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <ostream>

namespace persona::cli {

using json = nlohmann::ordered_json;

namespace {
struct ImportExportOptions {
    std::string db;
    std::string file;
    std::string format;
    std::string persona;
    bool labelledOnly = false;
};
}  // namespace

void registerImportExport(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<ImportExportOptions>();

    auto* imp = app.add_subcommand(
        "import", "Import personas and dialogues: seed JSONL, Toloka TSV, character card");
    imp->add_option("file", o->file, "File to import")->required();
    imp->add_option("--format", o->format,
                    "jsonl, toloka-tsv or card (default: from the file name)")
        ->check(CLI::IsMember({"jsonl", "toloka-tsv", "card"}));
    addDbOption(*imp, o->db);
    imp->callback([&ctx, o] {
        store::Database db = openStore(o->db);
        const auto format =
            o->format.empty() ? io::detectImportFormat(o->file) : io::parseImportFormat(o->format);
        const auto t0 = std::chrono::steady_clock::now();
        const io::ImportSummary s = io::Importer(db).importFile(o->file, format);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        json j;
        j["file"] = o->file;
        j["format"] = io::toString(format);
        j["database"] = db.path();
        j["personas"] = s.personas;
        j["revisions"] = s.revisions;
        j["facts"] = s.facts;
        j["chats"] = s.chats;
        j["messages"] = s.messages;
        j["labels"] = s.labels;
        j["elapsed_ms"] = static_cast<double>(static_cast<long long>(ms * 10)) / 10;
        ctx.out << j.dump(2) << "\n";
    });

    auto* exp = app.add_subcommand("export",
                                   "Export chats as seed JSONL or Markdown, or a persona as a character card");
    exp->add_option("file", o->file, "File to write (a card ending in .png is a PNG card)")
        ->required();
    exp->add_option("--format", o->format, "jsonl, markdown (with the facts used per turn) or card")
        ->required()
        ->check(CLI::IsMember({"jsonl", "markdown", "card"}));
    exp->add_option("--persona", o->persona,
                    "The persona (required for card; for jsonl and markdown, only its chats)");
    exp->add_flag("--labelled-only", o->labelledOnly,
                  "jsonl, markdown: only chats with gk labels or ratings");
    addDbOption(*exp, o->db);
    exp->callback([&ctx, o] {
        store::Database db = openStore(o->db);
        store::PersonaRepo personas(db);
        json j;
        j["file"] = o->file;
        j["format"] = o->format;
        if (o->format == "card") {
            if (o->persona.empty())
                throw InvalidArgument("export --format card needs --persona NAME");
            const store::Persona p = personas.getByName(o->persona);
            io::CharacterCard::exportFile(db, p.id, o->file);
            j["persona"] = p.name;
            j["facts"] = personas.currentRevision(p.id).facts.size();
        } else {
            io::DialogExportOptions opts;
            opts.labelledOnly = o->labelledOnly;
            if (!o->persona.empty())
                opts.personaId = personas.getByName(o->persona).id;
            const auto s = o->format == "markdown" ? io::MarkdownExporter(db).writeFile(o->file, opts)
                                                   : io::DialogExporter(db).writeFile(o->file, opts);
            j["chats"] = s.chats;
            j["turns"] = s.turns;
            j["labels"] = s.labels;
        }
        ctx.out << j.dump(2) << "\n";
    });
}

}  // namespace persona::cli
