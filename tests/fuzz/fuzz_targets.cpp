#include "fuzz_targets.h"

#include <stdlib.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace persona::fuzz {

const std::vector<Target>& targets() {
    static const std::vector<Target> kTargets = {
        {"safetensors", fuzzSafetensors},   {"shard_index", fuzzShardIndex},
        {"torch_zip", fuzzTorchZip},        {"unpickler", fuzzUnpickler},
        {"config_json", fuzzConfigJson},    {"tokenizer", fuzzTokenizer},
        {"import_jsonl", fuzzImportJsonl},  {"import_tsv", fuzzImportTsv},
        {"card_json", fuzzImportCardJson},  {"card_png", fuzzImportCardPng},
        {"gguf", fuzzGguf},
        {"tokenizer_json", fuzzTokenizerJson}, {"chat_template", fuzzChatTemplate},
        {"sampler_preset", fuzzSamplerPreset},
    };
    return kTargets;
}

const Target* findTarget(const std::string& name) {
    for (const Target& t : targets())
        if (name == t.name)
            return &t;
    return nullptr;
}

namespace {
// The scratch folder, removed with its files when the process ends normally.
struct ScratchDir {
    std::string path;
    ScratchDir() {
        path = (std::filesystem::temp_directory_path() / "persona-fuzz-XXXXXX").string();
        if (::mkdtemp(path.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};
}  // namespace

const std::string& scratchDir() {
    static const ScratchDir dir;
    return dir.path;
}

void writeFile(const std::string& path, const uint8_t* data, size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out.flush())
        throw std::runtime_error("cannot write " + path);
}

}  // namespace persona::fuzz
