#include "text/tokenizer_json.h"

#include "common/json_guard.h"
#include "persona/error.h"
#include "text/tokenizer_config.h"

#include <system_error>

namespace persona::detail {

using nlohmann::json;

namespace {
struct TooManyValues {};
}  // namespace

json parseTokenizerJson(std::string_view text, const std::string& file) {
    if (text.size() > kMaxTokenizerJsonBytes)
        throw TokenizerError(file + ": " + std::to_string(text.size()) + " bytes, more than the " +
                             std::to_string(kMaxTokenizerJsonBytes >> 20) + " MiB a tokenizer.json may have");
    if (const std::string tooDeep = jsonNestingError(text); !tooDeep.empty())
        throw TokenizerError(file + ": " + tooDeep);
    std::size_t values = 0;
    // Called for every value as it is parsed: the count stops a huge file before its document is
    // built in full.
    const json::parser_callback_t count = [&values](int, json::parse_event_t event, json&) {
        if ((event == json::parse_event_t::value || event == json::parse_event_t::object_start ||
             event == json::parse_event_t::array_start) &&
            ++values > kMaxTokenizerJsonValues)
            throw TooManyValues{};
        return true;
    };
    try {
        return json::parse(text.begin(), text.end(), count);
    } catch (const TooManyValues&) {
        throw TokenizerError(file + ": more than " + std::to_string(kMaxTokenizerJsonValues) +
                             " JSON values (vocabulary, merges and added tokens together); a "
                             "tokenizer of that size is refused");
    } catch (const json::exception& e) {
        throw TokenizerError(file + ": invalid JSON: " + e.what());
    }
}

json readTokenizerJson(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && size > kMaxTokenizerJsonBytes)
        throw TokenizerError(file.string() + ": " + std::to_string(size) + " bytes, more than the " +
                             std::to_string(kMaxTokenizerJsonBytes >> 20) + " MiB a tokenizer.json may have");
    return parseTokenizerJson(readTokenizerFile(file), file.string());
}

std::string tokenizerJsonModelType(const json& doc) {
    if (!doc.is_object() || !doc.contains("model") || !doc["model"].is_object()) return "";
    const json& model = doc["model"];
    if (model.contains("type") && model["type"].is_string()) return model["type"].get<std::string>();
    // Files written by old versions of tokenizers have no "type": a BPE model has merges.
    if (model.contains("merges")) return "BPE";
    return "";
}

}  // namespace persona::detail
