#include "text/tokenizer_config.h"

#include "common/json_guard.h"
#include "persona/error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace persona::detail {

using nlohmann::json;

std::string readTokenizerFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TokenizerError("cannot read tokenizer file " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw TokenizerError("cannot read tokenizer file " + path.string());
    return ss.str();
}

namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
    throw TokenizerError(file.string() + ": " + what);
}

json parseJsonFile(const std::filesystem::path& file) {
    const std::string text = readTokenizerFile(file);
    if (const std::string tooDeep = jsonNestingError(text); !tooDeep.empty())
        fail(file, tooDeep);
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        fail(file, std::string("invalid JSON: ") + e.what());
    }
}

// A token is written either as "text" or as {"content": "text", ...} (AddedToken).
std::string tokenContent(const json& value, const std::filesystem::path& file, const std::string& key) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_object() && value.contains("content") && value["content"].is_string())
        return value["content"].get<std::string>();
    fail(file, "\"" + key + "\" must be a string or an object with a string \"content\"");
}

std::optional<bool> optionalBool(const json& obj, const char* key, const std::filesystem::path& file) {
    if (!obj.contains(key) || obj[key].is_null()) return std::nullopt;
    if (!obj[key].is_boolean()) fail(file, std::string("\"") + key + "\" must be true or false");
    return obj[key].get<bool>();
}

bool flag(const json& obj, const char* key) {
    return obj.contains(key) && obj[key].is_boolean() && obj[key].get<bool>();
}

void readSpecialTokens(const json& obj, const std::filesystem::path& file, TokenizerConfig& cfg) {
    const std::pair<const char*, std::optional<std::string>*> slots[] = {
        {"bos_token", &cfg.bos}, {"eos_token", &cfg.eos}, {"unk_token", &cfg.unk},
        {"pad_token", &cfg.pad}, {"sep_token", &cfg.sep}, {"cls_token", &cfg.cls},
        {"mask_token", &cfg.mask}};
    bool any = false;
    for (const auto& [key, slot] : slots) {
        if (!obj.contains(key) || obj[key].is_null()) continue;
        *slot = tokenContent(obj[key], file, key);
        any = true;
    }
    if (obj.contains("additional_special_tokens") && !obj["additional_special_tokens"].is_null()) {
        const json& list = obj["additional_special_tokens"];
        if (!list.is_array()) fail(file, "\"additional_special_tokens\" must be a list");
        cfg.additionalSpecial.clear();
        for (const json& item : list)
            cfg.additionalSpecial.push_back(tokenContent(item, file, "additional_special_tokens"));
        any = true;
    }
    if (any) cfg.specialSource = file.filename().string();
}

int tokenId(const json& value, const std::filesystem::path& file, const std::string& token) {
    if (!value.is_number_integer() || value.get<long long>() < 0 ||
        value.get<long long>() > 0x7fffffff)
        fail(file, "the id of \"" + token + "\" must be a non-negative integer");
    return value.get<int>();
}

}  // namespace

TokenizerConfig TokenizerConfig::read(const std::filesystem::path& dir) {
    TokenizerConfig cfg;

    const auto addedPath = dir / "added_tokens.json";
    if (std::filesystem::exists(addedPath)) {
        const json obj = parseJsonFile(addedPath);
        if (!obj.is_object()) fail(addedPath, "expected an object of token: id");
        for (const auto& [content, id] : obj.items())
            cfg.addedTokens.push_back({content, tokenId(id, addedPath, content), false, false, false,
                                       addedPath.filename().string()});
    }

    const auto configPath = dir / "tokenizer_config.json";
    if (std::filesystem::exists(configPath)) {
        const json obj = parseJsonFile(configPath);
        if (!obj.is_object()) fail(configPath, "expected a JSON object");
        if (obj.contains("added_tokens_decoder")) {
            const json& dec = obj["added_tokens_decoder"];
            if (!dec.is_object()) fail(configPath, "\"added_tokens_decoder\" must be an object");
            for (const auto& [key, value] : dec.items()) {
                int id = -1;
                try {
                    std::size_t used = 0;
                    id = std::stoi(key, &used);
                    if (used != key.size() || id < 0) id = -1;
                } catch (const std::exception&) {
                    id = -1;
                }
                if (id < 0) fail(configPath, "added_tokens_decoder key \"" + key + "\" is not an id");
                AddedToken t;
                t.content = tokenContent(value, configPath, "added_tokens_decoder." + key);
                t.id = id;
                t.special = flag(value, "special");
                t.lstrip = flag(value, "lstrip");
                t.rstrip = flag(value, "rstrip");
                t.source = configPath.filename().string();
                cfg.addedTokens.push_back(t);
            }
        }
        readSpecialTokens(obj, configPath, cfg);
        cfg.addBosToken = optionalBool(obj, "add_bos_token", configPath);
        cfg.addEosToken = optionalBool(obj, "add_eos_token", configPath);
        cfg.addPrefixSpace = optionalBool(obj, "add_prefix_space", configPath);
        cfg.doLowerCase = optionalBool(obj, "do_lower_case", configPath);
        cfg.stripAccents = optionalBool(obj, "strip_accents", configPath);
        cfg.tokenizeChineseChars = optionalBool(obj, "tokenize_chinese_chars", configPath);
    }

    const auto mapPath = dir / "special_tokens_map.json";
    if (std::filesystem::exists(mapPath)) {
        const json obj = parseJsonFile(mapPath);
        if (!obj.is_object()) fail(mapPath, "expected a JSON object");
        readSpecialTokens(obj, mapPath, cfg);
    }
    return cfg;
}

}  // namespace persona::detail
