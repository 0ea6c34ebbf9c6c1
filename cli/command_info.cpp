// persona-cli info: the version and the tensor runtime this build uses.
#include "cli.h"

#include "persona/about.h"
#include "persona/engine/runtime.h"
#include "persona/text/sentencepiece.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ostream>

namespace persona::cli {

void registerInfo(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("info", "Print the version and the tensor runtime as JSON");
    cmd->callback([&ctx] {
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
