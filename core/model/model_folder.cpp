#include "persona/model/model_folder.h"

#include "model/hf_config.h"
#include "model/weights_io.h"
#include "persona/error.h"

#include <filesystem>

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

}  // namespace persona
