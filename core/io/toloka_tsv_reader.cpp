// Toloka Persona Chat profiles: a header row characteristic_1 .. characteristic_N, then one
// persona per row, its first-person facts tab-separated (rows may end with an empty field).
#include "io/import_bundle.h"
#include "io/json_reader.h"

#include "persona/error.h"
#include "store/text_check.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace persona::io {

using namespace persona::store;

namespace {

std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t end = line.find('\t', start);
        out.push_back(
            line.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    while (!out.empty() && out.back().empty())
        out.pop_back();
    return out;
}

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

}  // namespace

ImportBundle readTolokaTsv(const std::string& bytes, const std::string& fileName) {
    ImportBundle bundle;
    const std::string stem = std::filesystem::path(fileName).filename().string();
    size_t start = 0;
    int lineNo = 0;
    std::vector<std::string> header;
    while (start < bytes.size()) {
        size_t end = bytes.find('\n', start);
        if (end == std::string::npos)
            end = bytes.size();
        std::string line = bytes.substr(start, end - start);
        start = end + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const std::string at = where(fileName, lineNo) + ": ";
        if (const auto bad = firstInvalidUtf8(line)) {
            // Name the column the bad byte is in.
            const size_t column = static_cast<size_t>(
                std::count(line.begin(), line.begin() + static_cast<long>(*bad), '\t'));
            const std::string field = lineNo == 1 || column >= header.size()
                                          ? "column " + std::to_string(column + 1)
                                          : header[column];
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(line[*bad]));
            throw ImportError(at + field + ": text is not valid UTF-8 (byte " + hex +
                              " at offset " + std::to_string(*bad) + ")");
        }
        if (lineNo == 1) {
            header = splitTabs(line);
            for (size_t i = 0; i < header.size(); ++i) {
                if (trim(header[i]) != "characteristic_" + std::to_string(i + 1))
                    throw ImportError(
                        at +
                        "expected the header characteristic_1<TAB>characteristic_2... , found \"" +
                        line.substr(0, 80) + "\"");
            }
            if (header.empty())
                throw ImportError(at + "the header row is empty");
            continue;
        }
        if (trim(line).empty())
            continue;
        const auto fields = splitTabs(line);
        if (fields.size() > header.size())
            throw ImportError(at + std::to_string(fields.size()) + " values, but the header has " +
                              std::to_string(header.size()) + " columns");
        BundlePersona bp;
        std::vector<FactDraft> facts;
        for (size_t i = 0; i < fields.size(); ++i) {
            const std::string text = trim(fields[i]);
            if (text.empty())
                continue;
            const std::string problem = textProblem(text, kMaxFactBytes, false);
            if (!problem.empty())
                throw ImportError(at + header[i] + ": text " + problem);
            facts.push_back({0, text, FactOrigin::Imported, true});
        }
        char name[32];
        std::snprintf(name, sizeof name, "toloka-%04d", lineNo - 1);
        bp.persona.name = name;
        bp.persona.sourceRef = std::to_string(lineNo - 1);
        bp.persona.description =
            "Toloka Persona Chat profile " + std::to_string(lineNo - 1) + " (" + stem + ")";
        bp.persona.tags = {"toloka"};
        bp.note = "imported from " + stem;
        bp.revisions.push_back(std::move(facts));
        bundle.personas.push_back(std::move(bp));
    }
    if (lineNo == 0)
        throw ImportError(fileName + ": the file is empty");
    if (bundle.personas.empty())
        throw ImportError(fileName + ": no profiles after the header");
    return bundle;
}

}  // namespace persona::io
