#include "persona/model/model_folder.h"

#include "model/hf_config.h"
#include "model/weights_io.h"
#include "persona/error.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace persona {

ModelKind detectModelKind(const std::string& dir) {
    if (!std::filesystem::is_directory(dir)) throw ModelLoadError(dir + ": not a model folder");
    const std::string path = (std::filesystem::path(dir) / "config.json").string();
    if (!std::filesystem::exists(path)) throw ModelLoadError(path + ": config.json is missing");
    detail::ConfigReader r(detail::readTextFile(path), path);
    const std::string type = r.stringOr("model_type", "");
    if (type == "gpt2") return ModelKind::Gpt2;
    if (type == "bert") return ModelKind::Bert;
    if (type.empty()) throw ModelLoadError(path + ": no model_type field");
    throw ModelLoadError(path + ": model_type \"" + type + "\" is not supported (gpt2, bert)");
}

namespace fs = std::filesystem;

std::string bundledModelDir(const std::string& name) {
    std::vector<fs::path> roots;
    if (const char* env = std::getenv("PERSONA_MODELS_DIR")) roots.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) roots.push_back(exe.parent_path() / ".." / "share" / "persona-studio" / "models");
    roots.emplace_back(PERSONA_SOURCE_MODELS_DIR);
    for (const auto& root : roots)
        if (fs::exists(root / name / "config.json") || fs::exists(root / name / "retriever.json"))
            return fs::weakly_canonical(root / name).string();
    return {};
}

bool hasChatTemplate(const std::string& dir) {
    if (fs::exists(fs::path(dir) / "chat_template.jinja")) return true;
    const fs::path config = fs::path(dir) / "tokenizer_config.json";
    if (!fs::exists(config)) return false;
    try {
        detail::ConfigReader r(detail::readTextFile(config.string()), config.string());
        if (!r.has("chat_template")) return false;
        const auto& t = r.json()["chat_template"];
        return (t.is_string() && !t.get<std::string>().empty()) || (t.is_array() && !t.empty());
    } catch (const Error&) {
        return false;
    }
}

void copyTokenizerFiles(const std::string& from, const std::string& to) {
    if (fs::equivalent(from, to)) return;
    for (const auto& entry : fs::directory_iterator(from)) {
        const std::string name = entry.path().filename().string();
        const bool tokenizerFile = name == "vocab.txt" || name == "vocab.json" || name == "merges.txt" ||
                                   name == "tokenizer_config.json" || name == "special_tokens_map.json" ||
                                   name == "added_tokens.json" || entry.path().extension() == ".model";
        if (tokenizerFile && entry.is_regular_file())
            fs::copy_file(entry.path(), fs::path(to) / name, fs::copy_options::overwrite_existing);
    }
}

}  // namespace persona
