// persona-cli models list: the models already on this disk, where other local-LLM tools keep
// them (issue 26): the HuggingFace hub cache ($HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub),
// LM Studio (~/.lmstudio/models, ~/.cache/lm-studio/models), GPT4All
// (~/.local/share/nomic.ai/GPT4All), Jan (~/jan/models), ollama (~/.ollama/models: manifests ->
// blobs) and folders given with --dir. Nothing is downloaded. Every file found is listed, a bad one
// with the reason it does not load (never skipped silently). The walk is bounded in depth and in
// entries, and follows no directory symlinks (the hub's snapshot files are symlinks to blobs).
#include "cli.h"
#include "json_output.h"

#include "persona/tensorio/tensor_archive.h"
#include "tensorio/gguf_reader.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

namespace persona::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kMaxDepth = 8;
constexpr size_t kMaxEntries = 200'000;

struct Location {
    std::string source;
    fs::path path;
};

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::vector<Location> defaultLocations() {
    const fs::path home = env("HOME");
    std::vector<Location> out;
    if (!env("HF_HUB_CACHE").empty()) out.push_back({"huggingface", env("HF_HUB_CACHE")});
    if (!env("HF_HOME").empty()) out.push_back({"huggingface", fs::path(env("HF_HOME")) / "hub"});
    out.push_back({"huggingface", home / ".cache/huggingface/hub"});
    out.push_back({"lmstudio", home / ".lmstudio/models"});
    out.push_back({"lmstudio", home / ".cache/lm-studio/models"});
    out.push_back({"gpt4all", home / ".local/share/nomic.ai/GPT4All"});
    out.push_back({"jan", home / "jan/models"});
    out.push_back({"ollama", home / ".ollama/models"});
    return out;
}

// The dominant matrix type of a GGUF file ("q4_K", "q8_0", ...), by bytes.
std::string dominantType(const tensorio::GgufContents& c) {
    std::map<std::string, uint64_t> bytes;
    for (const auto& t : c.tensors)
        if (t.ne.size() >= 2) bytes[tensorio::ggmlTypeName(t.type)] += t.nbytes;
    std::string best;
    uint64_t most = 0;
    for (const auto& [name, n] : bytes)
        if (n > most) best = name, most = n;
    return best;
}

json describeGguf(const fs::path& file, const std::string& source, const std::string& name) {
    json j{{"source", source}, {"path", file.string()}, {"format", "gguf"}, {"name", name}};
    std::error_code ec;
    j["size_bytes"] = fs::file_size(file, ec);
    try {
        const auto g = tensorio::GgufFile::open(file.string());
        const auto& c = g->contents();
        uint64_t params = 0;
        for (const auto& t : c.tensors) params += t.numel;
        j["architecture"] = c.getString("general.architecture", "");
        if (c.find("general.name") && c.find("general.name")->type == tensorio::GgufValueType::String)
            j["model_name"] = c.getString("general.name");
        j["parameters"] = params;
        j["quantization"] = dominantType(c);
        // The weights mapped, plus a margin for the KV cache and activations of a short context.
        j["ram_bytes"] = static_cast<uint64_t>(static_cast<double>(g->fileBytes()) * 1.1) + (64u << 20);
        j["loads"] = false;
        j["why"] = "GGUF models are read but not yet run by the engine (issue 26, part 3)";
    } catch (const std::exception& e) {
        j["loads"] = false;
        j["why"] = e.what();
    }
    return j;
}

json describeFolder(const fs::path& dir, const std::string& source, const std::string& name) {
    json j{{"source", source}, {"path", dir.string()}, {"format", "huggingface"}, {"name", name}};
    try {
        std::ifstream in(dir / "config.json");
        const json config = json::parse(in, nullptr, false);
        std::string arch = config.is_object() ? config.value("model_type", "") : "";
        if (config.is_object() && config.contains("architectures") && config["architectures"].is_array() &&
            !config["architectures"].empty() && config["architectures"][0].is_string())
            arch = config["architectures"][0].get<std::string>();
        j["architecture"] = arch;
        const TensorArchive archive = TensorArchive::openFolder(dir.string());
        uint64_t params = 0, bytes = 0;
        std::map<std::string, uint64_t> dtypes;
        for (const TensorData& t : archive.tensors()) {
            params += static_cast<uint64_t>(t.numel());
            bytes += t.nbytes;
            dtypes[dtypeName(t.dtype)] += t.nbytes;
        }
        std::string dtype;
        uint64_t most = 0;
        for (const auto& [d, n] : dtypes)
            if (n > most) dtype = d, most = n;
        j["parameters"] = params;
        j["quantization"] = dtype;
        j["size_bytes"] = bytes;
        j["ram_bytes"] = static_cast<uint64_t>(static_cast<double>(bytes) * 1.25) + (64u << 20);
        static const std::set<std::string> kRuns = {"GPT2LMHeadModel", "gpt2", "BertModel", "bert"};
        j["loads"] = kRuns.count(arch) > 0;
        if (!j["loads"].get<bool>()) j["why"] = "architecture '" + arch + "' is not one the engine runs";
    } catch (const std::exception& e) {
        j["loads"] = false;
        j["why"] = e.what();
    }
    return j;
}

bool hasWeights(const fs::path& dir) {
    for (const char* f : {"model.safetensors", "model.safetensors.index.json", "pytorch_model.bin"})
        if (fs::exists(dir / f)) return true;
    return false;
}

// The hub's "models--org--name/snapshots/<rev>" -> "org/name".
std::string displayName(const fs::path& p, const Location& where) {
    for (fs::path q = p; !q.empty() && q != where.path; q = q.parent_path()) {
        const std::string s = q.filename().string();
        if (s.rfind("models--", 0) == 0) {
            std::string n = s.substr(8);
            const size_t dash = n.find("--");
            if (dash != std::string::npos) n.replace(dash, 2, "/");
            return n;
        }
    }
    std::error_code ec;
    const fs::path rel = fs::relative(p, where.path, ec);
    return ec || rel.empty() || rel == "." ? p.filename().string() : rel.string();
}

void walk(const Location& where, std::vector<json>& out, size_t& entries) {
    std::error_code ec;
    if (!fs::is_directory(where.path, ec)) return;
    if (hasWeights(where.path) && fs::exists(where.path / "config.json"))
        out.push_back(describeFolder(where.path, where.source, where.path.filename().string()));
    fs::recursive_directory_iterator it(where.path, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        if (++entries > kMaxEntries) return;
        if (it.depth() >= kMaxDepth) it.disable_recursion_pending();
        const fs::path p = it->path();
        if (it->is_directory(ec) && fs::exists(p / "config.json") && hasWeights(p))
            out.push_back(describeFolder(p, where.source, displayName(p, where)));
        else if (p.extension() == ".gguf" && it->is_regular_file(ec))
            out.push_back(describeGguf(p, where.source, displayName(p, where)));
    }
}

// ollama: manifests/<registry>/<namespace>/<model>/<tag> (JSON) name a model layer by digest;
// the weights are blobs/sha256-<hex>, a GGUF file.
void walkOllama(const Location& where, std::vector<json>& out) {
    std::error_code ec;
    const fs::path manifests = where.path / "manifests";
    if (!fs::is_directory(manifests, ec)) return;
    for (fs::recursive_directory_iterator it(manifests, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec) || it.depth() > 4) continue;
        std::ifstream in(it->path());
        const json m = json::parse(in, nullptr, false);
        if (!m.is_object() || !m.contains("layers") || !m["layers"].is_array()) continue;
        for (const json& layer : m["layers"]) {
            if (!layer.is_object() || layer.value("mediaType", "") != "application/vnd.ollama.image.model") continue;
            std::string digest = layer.value("digest", "");
            if (digest.rfind("sha256:", 0) == 0) digest.replace(6, 1, "-");
            const fs::path rel = fs::relative(it->path(), manifests, ec);
            const std::string model = rel.parent_path().filename().string() + ":" + rel.filename().string();
            out.push_back(describeGguf(where.path / "blobs" / digest, "ollama", model));
        }
    }
}

}  // namespace

void registerModels(CLI::App& app, Context& ctx) {
    auto* models = app.add_subcommand("models", "Models found on this disk (JSON)");
    models->require_subcommand(1);
    auto* list = models->add_subcommand("list", "List the models other local tools keep, and folders given with --dir");
    auto dirs = std::make_shared<std::vector<std::string>>();
    list->add_option("--dir", *dirs, "More folders to search (repeatable)");
    list->callback([&ctx, dirs] {
        std::vector<Location> where = defaultLocations();
        for (const std::string& d : *dirs) where.push_back({"folder", d});
        std::vector<json> found;
        size_t entries = 0;
        std::set<std::string> searched;
        for (const Location& l : where) {
            if (!searched.insert(fs::weakly_canonical(l.path).string()).second) continue;
            if (l.source == "ollama")
                walkOllama(l, found);
            else
                walk(l, found, entries);
        }
        json j;
        j["models"] = found;
        json searchedList = json::array();
        for (const Location& l : where) searchedList.push_back({{"source", l.source}, {"path", l.path.string()}});
        j["searched"] = searchedList;
        if (found.empty())
            j["hint"] = "No models found. Download one with your own tools (e.g. `huggingface-cli download "
                        "Qwen/Qwen2.5-0.5B-Instruct`, LM Studio, or `ollama pull`), or pass --dir FOLDER.";
        printJson(ctx.out, j, 2);
    });
}

}  // namespace persona::cli
