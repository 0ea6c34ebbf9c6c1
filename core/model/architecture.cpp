#include "model/architecture.h"

#include "model/hf_config.h"
#include "model/weights_io.h"
#include "persona/error.h"
#include "model/gpt2_impl.h"
#include "model/llama_config.h"
#include "model/llama_model.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace persona::detail {
namespace {

const char* const kSupported =
    "GPT2LMHeadModel, LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM";

bool isGpt2Preset(const std::string& name) {
    return name == "gpt2" || name == "gpt2-medium" || name == "gpt2-large" || name == "gpt2-xl";
}

}  // namespace

ArchitectureFamily detectArchitecture(const std::string& dir) {
    if (!fs::is_directory(dir)) throw ModelLoadError(dir + ": not a model folder");
    const std::string path = (fs::path(dir) / "config.json").string();
    if (!fs::exists(path)) throw ModelLoadError(path + ": config.json is missing");
    ConfigReader r(readTextFile(path), path);
    std::string arch;
    if (r.has("architectures")) {
        const auto& a = r.json()["architectures"];
        if (!a.is_array() || a.empty() || !a[0].is_string())
            throw ModelLoadError(path + ": field \"architectures\" must be a list of names");
        arch = a[0].get<std::string>();
    }
    const std::string type = r.stringOr("model_type", "");
    if (arch == "GPT2LMHeadModel" || arch == "GPT2Model" || (arch.empty() && type == "gpt2")) return ArchitectureFamily::Gpt2;
    if (isLlamaFamily(arch, arch.empty() ? type : std::string())) return ArchitectureFamily::Llama;
    if (type == "bert" || arch.rfind("Bert", 0) == 0) return ArchitectureFamily::None;
    if (arch.empty() && type.empty()) throw ModelLoadError(path + ": neither \"architectures\" nor \"model_type\"");
    throw ModelLoadError(path + ": architecture \"" + (arch.empty() ? type : arch) +
                         "\" is not supported (" + kSupported + ")");
}

std::unique_ptr<CausalLm> loadArchitecture(const std::string& dir, const ComputeOptions& options) {
    switch (detectArchitecture(dir)) {
        case ArchitectureFamily::Gpt2: return std::make_unique<Gpt2Model>(Gpt2Model::load(dir, options));
        case ArchitectureFamily::Llama: return std::make_unique<LlamaModel>(LlamaModel::load(dir, options));
        case ArchitectureFamily::None:
            throw ModelLoadError(dir + ": not a causal language model (config.json names an encoder)");
    }
    throw ModelLoadError(dir + ": architecture not supported");
}

std::vector<std::string> architecturePresets() {
    std::vector<std::string> names{"gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"};
    for (const auto& n : LlamaConfig::presetNames()) names.push_back(n);
    return names;
}

namespace {

void checkPreset(const std::string& preset) {
    const auto names = architecturePresets();
    if (std::find(names.begin(), names.end(), preset) != names.end()) return;
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw InvalidArgument("unknown model preset \"" + preset + "\" (" + known + ")");
}

}  // namespace

CausalLmInfo presetInfo(const std::string& preset) {
    checkPreset(preset);
    if (!isGpt2Preset(preset)) return llamaInfo(LlamaConfig::preset(preset), WeightDType::F32);
    return gpt2Info(Gpt2Config::preset(preset), DecodeWeights::F32);
}

std::unique_ptr<CausalLm> randomArchitecture(const std::string& preset, uint64_t seed, const ComputeOptions& options,
                                             WeightDType storage) {
    checkPreset(preset);
    if (!isGpt2Preset(preset))
        return std::make_unique<LlamaModel>(LlamaModel::random(LlamaConfig::preset(preset), seed, options, storage));
    return std::make_unique<Gpt2Model>(Gpt2Model::random(Gpt2Config::preset(preset), seed, options));
}

}  // namespace persona::detail
