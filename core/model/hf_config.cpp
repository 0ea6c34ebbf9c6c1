#include "model/hf_config.h"

#include "common/json_guard.h"
#include "persona/error.h"

namespace persona::detail {

ConfigReader::ConfigReader(const std::string& text, std::string origin) : m_origin(std::move(origin)) {
    if (const std::string tooDeep = jsonNestingError(text); !tooDeep.empty())
        throw ModelLoadError(m_origin + ": " + tooDeep);
    try {
        m_json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {  // also out_of_range: 1e999
        throw ModelLoadError(m_origin + ": not valid JSON (" + e.what() + ")");
    }
    if (!m_json.is_object()) throw ModelLoadError(m_origin + ": not a JSON object");
}

bool ConfigReader::has(const char* key) const { return m_json.contains(key) && !m_json[key].is_null(); }

void ConfigReader::wrongType(const char* key, const char* expected) const {
    throw ModelLoadError(m_origin + ": field \"" + key + "\" must be " + expected + ", found " +
                         jsonPreview(m_json[key]));
}

int ConfigReader::requireInt(const char* key) const {
    if (!has(key)) throw ModelLoadError(m_origin + ": missing field \"" + key + "\"");
    return intOr(key, 0);
}

int ConfigReader::intOr(const char* key, int fallback) const {
    if (!has(key)) return fallback;
    const auto& v = m_json[key];
    if (!v.is_number_integer()) wrongType(key, "an integer");
    const auto n = v.get<int64_t>();
    if (n < 0 || n > (int64_t{1} << 30)) wrongType(key, "a non-negative integer of sensible size");
    return static_cast<int>(n);
}

double ConfigReader::doubleOr(const char* key, double fallback) const {
    if (!has(key)) return fallback;
    const auto& v = m_json[key];
    if (!v.is_number()) wrongType(key, "a number");
    return v.get<double>();
}

bool ConfigReader::boolOr(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    const auto& v = m_json[key];
    if (!v.is_boolean()) wrongType(key, "true or false");
    return v.get<bool>();
}

std::string ConfigReader::stringOr(const char* key, const std::string& fallback) const {
    if (!has(key)) return fallback;
    const auto& v = m_json[key];
    if (!v.is_string()) wrongType(key, "a string");
    return v.get<std::string>();
}

}  // namespace persona::detail
