#include "persona/text/stop_tokens.h"

#include "common/json_guard.h"
#include "persona/error.h"
#include "text/tokenizer_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace persona {

namespace {

std::vector<int> eosIdsOf(const std::filesystem::path& file, const Tokenizer& tokenizer) {
    const std::string text = detail::readTokenizerFile(file);
    if (const std::string tooDeep = jsonNestingError(text); !tooDeep.empty())
        throw TokenizerError(file.string() + ": " + tooDeep);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw TokenizerError(file.string() + ": invalid JSON: " + e.what());
    }
    if (!doc.is_object()) throw TokenizerError(file.string() + ": expected a JSON object");
    if (!doc.contains("eos_token_id") || doc["eos_token_id"].is_null()) return {};
    const nlohmann::json& value = doc["eos_token_id"];
    const nlohmann::json list = value.is_array() ? value : nlohmann::json::array({value});
    std::vector<int> ids;
    for (const nlohmann::json& id : list) {
        if (!id.is_number_integer() || id.get<long long>() < 0 ||
            id.get<long long>() >= tokenizer.vocabSize())
            throw TokenizerError(file.string() + ": eos_token_id " + jsonPreview(id) +
                                 " is not a token id of the tokenizer (vocabulary of " +
                                 std::to_string(tokenizer.vocabSize()) + ")");
        ids.push_back(id.get<int>());
    }
    return ids;
}

}  // namespace

std::vector<int> readStopTokenIds(const std::string& modelDir, const Tokenizer& tokenizer) {
    const std::filesystem::path dir(modelDir);
    std::vector<int> ids;
    for (const char* name : {"generation_config.json", "config.json"}) {
        if (!std::filesystem::is_regular_file(dir / name)) continue;
        ids = eosIdsOf(dir / name, tokenizer);
        break;
    }
    if (const auto eos = tokenizer.eosId()) ids.push_back(*eos);
    std::vector<int> unique;
    for (int id : ids)
        if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
    return unique;
}

}  // namespace persona
