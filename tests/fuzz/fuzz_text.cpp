// Model-folder text files: config.json (through the reader the model configs use) and the
// tokenizer files of a folder (byte-level BPE or WordPiece; sentencepiece's own parser is
// upstream code behind the shim and is not fuzzed here).
#include "fuzz_targets.h"

#include "model/hf_config.h"
#include "persona/error.h"
#include "persona/text/tokenizer.h"

#include <filesystem>
#include <string_view>

namespace persona::fuzz {

void fuzzConfigJson(const uint8_t* data, size_t size) {
    try {
        const detail::ConfigReader r(std::string(reinterpret_cast<const char*>(data), size),
                                     "config.json");
        // What Gpt2Config and BertConfig read.
        for (const char* key : {"vocab_size", "n_embd", "n_layer", "n_head", "hidden_size"})
            (void)r.intOr(key, 1);
        (void)r.requireInt("n_positions");
        (void)r.doubleOr("layer_norm_epsilon", 1e-5);
        (void)r.stringOr("model_type", "gpt2");
        (void)r.stringOr("activation_function", "gelu_new");
    } catch (const Error&) {
    }
}

namespace {

constexpr const char* kTokenizerFiles[] = {
    "vocab.json",        "merges.txt",   "tokenizer_config.json", "added_tokens.json",
    "special_tokens_map.json", "vocab.txt", "tokenizer.json"};

bool isTokenizerFile(std::string_view name) {
    for (const char* f : kTokenizerFiles)
        if (name == f)
            return true;
    return false;
}

}  // namespace

// The input is a small folder: "==> NAME <==\n" lines, each followed by that file's content,
// NAME one of kTokenizerFiles (the seeds are tests/fixtures/text/tiny_bpe and tiny_wordpiece
// written this way). The folder is loaded and a fixed text encoded and decoded.
void fuzzTokenizer(const uint8_t* data, size_t size) {
    static const std::string dir = [] {
        const std::string d = scratchDir() + "/tokenizer";
        std::filesystem::create_directories(d);
        return d;
    }();
    for (const char* f : kTokenizerFiles)
        std::filesystem::remove(dir + "/" + f);
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const std::string_view open = "==> ", close = " <==\n";
    size_t pos = in.find(open);
    while (pos != std::string_view::npos) {
        const size_t nameStart = pos + open.size();
        const size_t nameEnd = in.find(close, nameStart);
        if (nameEnd == std::string_view::npos)
            break;
        const std::string_view name = in.substr(nameStart, nameEnd - nameStart);
        const size_t body = nameEnd + close.size();
        const size_t next = in.find(open, body);
        const std::string_view content =
            in.substr(body, next == std::string_view::npos ? std::string_view::npos : next - body);
        if (isTokenizerFile(name))
            writeFile(dir + "/" + std::string(name),
                      reinterpret_cast<const uint8_t*>(content.data()), content.size());
        pos = next;
    }
    try {
        const auto tok = loadTokenizer(dir);
        const auto ids = tok->encode("hello [P1u] Привет, мир! 🍵\n\t  x");
        (void)tok->decode(ids);
    } catch (const Error&) {
    }
}

}  // namespace persona::fuzz
