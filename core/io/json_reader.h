// Reading JSON from an imported file with errors that name the file, the line and the field:
// "dialogs.jsonl:12: dialog[3].gk[0]: expected an integer, found "2"". Internal to core/io.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace persona::io {

class JsonReader {
public:
    // `line` is the line the text starts on in the file (1-based); `lineBased` says whether the
    // document is one line of a JSONL file (then errors name that line) or a whole file (then
    // errors name the line inside it where that is known).
    JsonReader(std::string file, int line);

    // Parses, rejecting malformed JSON and invalid UTF-8 (naming the field that holds it).
    nlohmann::json parse(std::string_view text) const;

    [[noreturn]] void fail(const std::string& path, const std::string& what) const;

    const nlohmann::json& field(const nlohmann::json& obj, const char* key,
                                const std::string& path) const;
    const nlohmann::json* optionalField(const nlohmann::json& obj, const char* key,
                                        const std::string& path) const;
    void requireObject(const nlohmann::json& v, const std::string& path) const;
    void requireArray(const nlohmann::json& v, const std::string& path) const;
    std::string string(const nlohmann::json& v, const std::string& path, std::size_t maxBytes,
                       bool allowEmpty) const;
    std::int64_t integer(const nlohmann::json& v, const std::string& path) const;
    bool boolean(const nlohmann::json& v, const std::string& path) const;

    static std::string typeName(const nlohmann::json& v);

private:
    std::string m_file;
    int m_line;
};

// "file: what" / "file:line: what".
std::string where(const std::string& file, int line);

}  // namespace persona::io
