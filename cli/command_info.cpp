// persona-cli info: the version and the tensor runtime this build uses; with --model, what a causal
// LM folder holds (architecture, dtype, parameters, context length, chat template).
#include "cli.h"

#include "persona/about.h"
#include "persona/engine/runtime.h"
#include "persona/model/causal_lm.h"
#include "persona/model/model_folder.h"
#include "persona/text/sentencepiece.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ostream>

namespace persona::cli {

void registerInfo(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("info", "Print the version and the tensor runtime as JSON");
    auto model = std::make_shared<std::string>();
    cmd->add_option("--model", *model, "A causal LM folder: print what it holds instead");
    cmd->callback([&ctx, model] {
        if (!model->empty()) {
            const auto lm = CausalLm::load(*model);
            const CausalLmInfo i = lm->info();
            nlohmann::json j{{"model", *model},
                             {"architecture", i.architecture},
                             {"model_type", i.modelType},
                             {"dtype", toString(i.fileDType)},
                             {"parameters", i.parameters},
                             {"context_length", i.contextLength},
                             {"vocab_size", i.vocabSize},
                             {"layers", i.layers},
                             {"hidden_size", i.hiddenSize},
                             {"heads", i.heads},
                             {"kv_heads", i.kvHeads},
                             {"head_dim", i.headDim},
                             {"tied_embeddings", i.tiedEmbeddings},
                             {"eos_token_ids", i.eosTokenIds},
                             {"chat_template", hasChatTemplate(*model)}};
            j["bos_token_id"] = i.bosTokenId ? nlohmann::json(*i.bosTokenId) : nlohmann::json();
            j["sliding_window"] = i.slidingWindow ? nlohmann::json(*i.slidingWindow) : nlohmann::json();
            ctx.out << j.dump(2) << "\n";
            return;
        }
        const RuntimeInfo info = runtimeInfo();
        nlohmann::json j;
        j["version"] = productNameAndVersion();
        j["torch_version"] = info.torchVersion;
        j["cuda_available"] = info.cudaAvailable;
        j["cuda_devices"] = info.cudaDeviceCount;
        j["threads"] = info.intraOpThreads;
        try {
            j["sentencepiece_shim"] = SentencePieceModel::shimPath();
        } catch (const std::exception& e) {
            j["sentencepiece_shim_error"] = e.what();
        }
        ctx.out << j.dump(2) << "\n";
    });
}

}  // namespace persona::cli
