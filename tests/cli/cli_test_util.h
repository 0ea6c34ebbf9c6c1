// Running persona-cli in-process for the tests (its status, stdout and stderr), and the tiny model
// folder several of them run it on.
#pragma once

#include "cli.h"
#include "persona/model/gpt2_model.h"
#include "persona/model/model_folder.h"

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace persona::test {

struct CliResult {
    int status;
    std::string out;
    std::string err;
};

inline CliResult runCli(std::vector<std::string> args) {
    args.insert(args.begin(), "persona-cli");
    std::ostringstream out, err;
    const int status = persona::cli::run(args, out, err);
    return {status, out.str(), err.str()};
}

// A tiny random GPT-2 folder (272-token vocabulary, 2 layers, 128 positions) with the tiny_bpe
// tokenizer, at a per-process path under the temporary folder named after `stem`; returns it.
inline std::string makeTinyGpt2Folder(const std::string& stem) {
    const std::string dir =
        (std::filesystem::temp_directory_path() / (stem + "_" + std::to_string(::getpid()))).string();
    persona::Gpt2Config c;
    c.vocabSize = 272, c.nEmbd = 32, c.nLayer = 2, c.nHead = 4, c.nPositions = 128;
    c.eosTokenId = c.bosTokenId = 256;
    persona::Gpt2Model::random(c, 4).save(dir);
    persona::copyTokenizerFiles(std::string(PERSONA_FIXTURES_DIR) + "/text/tiny_bpe", dir);
    return dir;
}

}  // namespace persona::test
