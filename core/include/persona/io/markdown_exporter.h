// Exports chats as Markdown for reading and review: one section per chat (title, persona,
// revision), its selected path turn by turn, and under each persona reply the facts its prompt
// held with their scores, the labeller's ticks and the rating (logical / specific / personal).
// Takes the same options as the seed JSONL export (persona/io/dialog_exporter.h).
#pragma once

#include "persona/io/dialog_exporter.h"
#include "persona/store/store_types.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace persona::io {

// The facts a turn's prompt held, best first: the labeller's ticks for a validation-mode turn
// (settings with "exact_fact_ids") and for a turn no model scored (imported gk labels), else
// the retriever's choice.
std::vector<store::RetrievalTraceRow> factsUsed(const store::TurnView& turn);

// Markdown text with its special characters escaped (\ ` * _ [ ] < > #), line breaks kept.
std::string markdownEscape(const std::string& text);

class MarkdownExporter {
public:
    explicit MarkdownExporter(store::Database& db);
    DialogExportSummary write(std::ostream& out, const DialogExportOptions& options = {});
    // Through a temporary file and a rename, as DialogExporter::writeFile.
    DialogExportSummary writeFile(const std::string& path, const DialogExportOptions& options = {});

private:
    store::Database& m_db;
};

}  // namespace persona::io
