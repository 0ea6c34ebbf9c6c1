// persona-cli convert --model DIR --to FILE.gguf --type f16|q8_0|q4_k: a model folder to a GGUF
// file llama.cpp loads (core/model/gguf_convert.h). Prints what it wrote.
#include "cli.h"
#include "json_output.h"

#include "persona/model/gguf_convert.h"
#include "persona/error.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace persona::cli {

void registerConvert(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("convert", "Convert a GPT-2 model folder to a GGUF file (llama.cpp's format)");
    struct State {
        gguf::ConvertOptions options;
    };
    auto st = std::make_shared<State>();
    cmd->add_option("--model", st->options.modelDir, "HuggingFace model folder")->required();
    cmd->add_option("--to", st->options.outFile, "The .gguf file to write")->required();
    cmd->add_option("--type", st->options.type, "Weight type of the matrices: f32, f16, bf16, q8_0, q4_k")
        ->check(CLI::IsMember({"f32", "f16", "bf16", "q8_0", "q4_k", "q4_K"}))
        ->capture_default_str();
    cmd->callback([&ctx, st] {
        const gguf::ConvertReport r = gguf::convertToGguf(st->options);
        nlohmann::json j;
        j["file"] = st->options.outFile;
        j["architecture"] = r.architecture;
        j["tensors"] = r.tensors;
        j["parameters"] = r.parameters;
        j["file_bytes"] = r.fileBytes;
        j["tensor_types"] = r.tensorTypes;
        printJson(ctx.out, j, 2);
    });
}

}  // namespace persona::cli
