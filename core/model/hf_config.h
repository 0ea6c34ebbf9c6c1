// Reading HuggingFace config.json fields with errors that name the file and the field.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace persona::detail {

class ConfigReader {
public:
    // Parses text; throws ModelLoadError "<origin>: not valid JSON ..." or "not a JSON object".
    ConfigReader(const std::string& text, std::string origin);

    bool has(const char* key) const;
    int requireInt(const char* key) const;
    int intOr(const char* key, int fallback) const;
    double doubleOr(const char* key, double fallback) const;
    bool boolOr(const char* key, bool fallback) const;
    std::string stringOr(const char* key, const std::string& fallback) const;
    const nlohmann::json& json() const { return m_json; }

private:
    [[noreturn]] void wrongType(const char* key, const char* expected) const;
    nlohmann::json m_json;
    std::string m_origin;
};

}  // namespace persona::detail
