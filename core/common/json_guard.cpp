#include "common/json_guard.h"

namespace persona {

std::string jsonNestingError(std::string_view text, int maxDepth) {
    int depth = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;  // the escaped character cannot end the string
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                return "JSON nested deeper than " + std::to_string(maxDepth) + " levels (byte " +
                       std::to_string(i + 1) + ")";
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return {};
}

std::string jsonPreview(const nlohmann::json& value, size_t maxChars) {
    using nlohmann::json;
    if (value.is_structured()) {
        // A short flat one in full ("[0, 12, 7]"): its dump() goes one level deep only.
        bool flat = value.size() <= 8;
        for (auto it = value.cbegin(); flat && it != value.cend(); ++it)
            flat = !it->is_structured() &&
                   (!it->is_string() || it->get_ref<const std::string&>().size() <= maxChars);
        if (flat && (!value.is_object() || value.size() <= 4)) {
            std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
            if (text.size() <= 4 * maxChars)
                return text;
        }
        const char* noun = value.is_array() ? (value.size() == 1 ? " item" : " items")
                                            : (value.size() == 1 ? " key" : " keys");
        return std::string(value.is_array() ? "an array of " : "an object of ") +
               std::to_string(value.size()) + noun;
    }
    if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (s.size() <= maxChars)
            return value.dump(-1, ' ', false, json::error_handler_t::replace);
        size_t cut = maxChars;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
            --cut;  // not inside a UTF-8 sequence
        return json(s.substr(0, cut)).dump(-1, ' ', false, json::error_handler_t::replace) +
               "... (" + std::to_string(s.size()) + " bytes)";
    }
    return value.dump();  // a number, a bool, null or discarded: no recursion
}

}  // namespace persona
