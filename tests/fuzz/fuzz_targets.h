// The fuzz targets: one function per file format that feeds an input to the reader the app uses
// for files from the internet. A refusal (a persona::Error) is the expected outcome for most
// inputs and is swallowed; anything else (another exception, a crash, a sanitizer report, an
// allocation past -rss_limit_mb) is a bug. The same functions run under libFuzzer
// (libfuzzer_main.cpp, built with clang by scripts/fuzz.sh) and in the normal test suite
// (replay_main.cpp, built with any compiler), which replays corpus/<target>/ and crashes/<target>/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace persona::fuzz {

using TargetFn = void (*)(const uint8_t* data, size_t size);

struct Target {
    const char* name;
    TargetFn run;
};

// Every target, in a fixed order.
const std::vector<Target>& targets();
// nullptr when there is none of that name.
const Target* findTarget(const std::string& name);

// The targets of each area (fuzz_tensorio.cpp, fuzz_text.cpp, fuzz_import.cpp).
void fuzzSafetensors(const uint8_t* data, size_t size);
void fuzzShardIndex(const uint8_t* data, size_t size);
void fuzzTorchZip(const uint8_t* data, size_t size);
void fuzzUnpickler(const uint8_t* data, size_t size);
void fuzzConfigJson(const uint8_t* data, size_t size);
void fuzzTokenizer(const uint8_t* data, size_t size);
void fuzzTokenizerJson(const uint8_t* data, size_t size);   // fuzz_tokenizer_json.cpp
void fuzzChatTemplate(const uint8_t* data, size_t size);    // fuzz_chat_template.cpp
void fuzzImportJsonl(const uint8_t* data, size_t size);
void fuzzImportTsv(const uint8_t* data, size_t size);
void fuzzImportCardJson(const uint8_t* data, size_t size);
void fuzzImportCardPng(const uint8_t* data, size_t size);
void fuzzGguf(const uint8_t* data, size_t size);  // fuzz_gguf.cpp
void fuzzSamplerPreset(const uint8_t* data, size_t size);  // fuzz_sampler_preset.cpp

// A folder of this process under the temp folder, made on first use, for targets that need files.
const std::string& scratchDir();
void writeFile(const std::string& path, const uint8_t* data, size_t size);

}  // namespace persona::fuzz
