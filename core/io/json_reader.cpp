#include "io/json_reader.h"

#include "common/json_guard.h"
#include "persona/error.h"
#include "store/text_check.h"

#include <cstdio>

namespace persona::io {

namespace {

// U+FFFF, a noncharacter no real text holds, stands in for invalid bytes so that the parser can
// still tell us which field they were in.
constexpr std::string_view kMarker = "\xEF\xBF\xBF";

bool findMarker(const nlohmann::json& v, const std::string& path, std::string& found) {
    if (v.is_string()) {
        if (v.get_ref<const std::string&>().find(kMarker) != std::string::npos) {
            found = path;
            return true;
        }
    } else if (v.is_object()) {
        for (auto it = v.cbegin(); it != v.cend(); ++it) {
            const std::string sub = path.empty() ? it.key() : path + "." + it.key();
            if (it.key().find(kMarker) != std::string::npos) {
                found = sub + " (the key)";
                return true;
            }
            if (findMarker(*it, sub, found))
                return true;
        }
    } else if (v.is_array()) {
        for (size_t i = 0; i < v.size(); ++i)
            if (findMarker(v[i], path + "[" + std::to_string(i) + "]", found))
                return true;
    }
    return false;
}

}  // namespace

std::string where(const std::string& file, int line) {
    return line > 0 ? file + ":" + std::to_string(line) : file;
}

JsonReader::JsonReader(std::string file, int line) : m_file(std::move(file)), m_line(line) {}

void JsonReader::fail(const std::string& path, const std::string& what) const {
    throw ImportError(where(m_file, m_line) + ": " + (path.empty() ? "" : path + ": ") + what);
}

nlohmann::json JsonReader::parse(std::string_view text) const {
    // Before anything walks the value (findMarker below recurses): bounded depth.
    if (const std::string tooDeep = jsonNestingError(text); !tooDeep.empty())
        fail("", tooDeep);
    if (const auto bad = store::firstInvalidUtf8(text)) {
        // Line of the bad byte inside the text (for whole-file documents).
        int line = m_line;
        for (size_t i = 0; i < *bad; ++i)
            if (text[i] == '\n')
                ++line;
        std::string fixed;
        std::string_view rest = text;
        while (auto b = store::firstInvalidUtf8(rest)) {  // one pass: linear even for binary junk
            fixed.append(rest.substr(0, *b));
            fixed.append(kMarker);
            rest.remove_prefix(*b + 1);
        }
        fixed.append(rest);
        std::string path;
        auto j = nlohmann::json::parse(fixed, nullptr, false);
        const bool located = !j.is_discarded() && findMarker(j, "", path);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[*bad]));
        throw ImportError(where(m_file, line) + ": " + (located ? path + ": " : "") +
                          "text is not valid UTF-8 (byte " + hex + " at offset " +
                          std::to_string(*bad) + ")");
    }
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // Our own line and column: nlohmann counts from the start of the text we gave it.
        const size_t byte = e.byte > 0 ? e.byte - 1 : 0;
        int line = m_line > 0 ? m_line : 1;
        size_t col = 1;
        for (size_t i = 0; i < byte && i < text.size(); ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        std::string detail = e.what();
        if (auto pos = detail.find(": ", detail.find("column")); pos != std::string::npos)
            detail = detail.substr(pos + 2);
        throw ImportError(m_file + ":" + std::to_string(line) + ":" + std::to_string(col) +
                          ": malformed JSON: " + detail);
    } catch (const nlohmann::json::exception& e) {
        // out_of_range: a number too large for a double (1e999); found by fuzz_import_jsonl.
        std::string detail = e.what();
        if (auto pos = detail.find("] "); pos != std::string::npos)
            detail = detail.substr(pos + 2);
        throw ImportError(where(m_file, m_line) + ": malformed JSON: " + detail);
    }
}

std::string JsonReader::typeName(const nlohmann::json& v) {
    if (v.is_number_integer())
        return "an integer";
    if (v.is_number())
        return "a number";
    if (v.is_string())
        return "a string";
    if (v.is_boolean())
        return "a boolean";
    if (v.is_null())
        return "null";
    if (v.is_array())
        return "an array";
    return "an object";
}

void JsonReader::requireObject(const nlohmann::json& v, const std::string& path) const {
    if (!v.is_object())
        fail(path, "expected an object, found " + typeName(v));
}

void JsonReader::requireArray(const nlohmann::json& v, const std::string& path) const {
    if (!v.is_array())
        fail(path, "expected an array, found " + typeName(v));
}

const nlohmann::json& JsonReader::field(const nlohmann::json& obj, const char* key,
                                        const std::string& path) const {
    const std::string sub = path.empty() ? key : path + "." + key;
    auto it = obj.find(key);
    if (it == obj.end())
        fail(sub, "missing");
    return *it;
}

const nlohmann::json* JsonReader::optionalField(const nlohmann::json& obj, const char* key,
                                                const std::string& path) const {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return nullptr;
    return &*it;
}

std::string JsonReader::string(const nlohmann::json& v, const std::string& path,
                               std::size_t maxBytes, bool allowEmpty) const {
    if (!v.is_string())
        fail(path, "expected a string, found " + typeName(v));
    const auto& s = v.get_ref<const std::string&>();
    const std::string problem = store::textProblem(s, maxBytes, allowEmpty);
    if (!problem.empty())
        fail(path, "text " + problem);
    return s;
}

std::int64_t JsonReader::integer(const nlohmann::json& v, const std::string& path) const {
    if (!v.is_number_integer())
        fail(path, "expected an integer, found " + typeName(v));
    return v.get<std::int64_t>();
}

bool JsonReader::boolean(const nlohmann::json& v, const std::string& path) const {
    if (!v.is_boolean())
        fail(path, "expected true or false, found " + typeName(v));
    return v.get<bool>();
}

}  // namespace persona::io
