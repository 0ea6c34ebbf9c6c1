#include "persona/io/importer.h"

#include "io/import_bundle.h"
#include "persona/error.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace persona::io {

std::string toString(ImportFormat f) {
    switch (f) {
        case ImportFormat::DialogJsonl:
            return "jsonl";
        case ImportFormat::TolokaTsv:
            return "toloka-tsv";
        case ImportFormat::Card:
            break;
    }
    return "card";
}

ImportFormat parseImportFormat(const std::string& s) {
    if (s == "jsonl")
        return ImportFormat::DialogJsonl;
    if (s == "toloka-tsv")
        return ImportFormat::TolokaTsv;
    if (s == "card")
        return ImportFormat::Card;
    throw InvalidArgument("import format must be jsonl, toloka-tsv or card, not \"" + s + "\"");
}

ImportFormat detectImportFormat(const std::string& path) {
    const std::string ext = std::filesystem::path(path).extension().string();
    if (ext == ".jsonl")
        return ImportFormat::DialogJsonl;
    if (ext == ".tsv")
        return ImportFormat::TolokaTsv;
    if (ext == ".json" || ext == ".png")
        return ImportFormat::Card;
    throw ImportError(
        path +
        ": cannot tell the format from the file name; give --format jsonl, toloka-tsv or card");
}

Importer::Importer(store::Database& db) : m_db(db) {}

ImportSummary Importer::importFile(const std::string& path, std::optional<ImportFormat> format) {
    const ImportFormat f = format ? *format : detectImportFormat(path);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw IoError(path + ": no such file");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        throw IoError(path + ": " + ec.message());
    if (size > kMaxImportFileBytes)
        throw ImportError(path + ": the file is " + std::to_string(size) + " bytes; the limit is " +
                          std::to_string(kMaxImportFileBytes));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path + ": cannot open for reading");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad())
        throw IoError(path + ": read error");
    return importBytes(ss.str(), path, f);
}

ImportSummary Importer::importBytes(const std::string& bytes, const std::string& fileName,
                                    ImportFormat format) {
    // Text written by some Windows editors starts with a UTF-8 byte order mark.
    const bool bom = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0;
    const std::string text = bom ? bytes.substr(3) : std::string();
    const std::string& content = bom ? text : bytes;
    ImportBundle bundle;
    switch (format) {
        case ImportFormat::DialogJsonl:
            bundle = readDialogJsonl(content, fileName);
            break;
        case ImportFormat::TolokaTsv:
            bundle = readTolokaTsv(content, fileName);
            break;
        case ImportFormat::Card:
            bundle = readCard(content, fileName);
            break;
    }
    return writeBundle(m_db, bundle);
}

}  // namespace persona::io
