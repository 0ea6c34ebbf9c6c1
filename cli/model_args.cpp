#include "model_args.h"

#include "persona/error.h"
#include "persona/model/decode_weights.h"
#include "persona/model/causal_lm.h"
#include "persona/model/model_folder.h"
#include "persona/retrieve/biencoder.h"
#include "persona/text/tokenizer.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdlib>

namespace persona::cli {

void ModelArgs::addRetriever(CLI::App* cmd) {
    cmd->add_option("--retriever", retriever, "Retriever folder, or \"bm25\" (default: the bundled demo retriever)");
}

void ModelArgs::addGenerator(CLI::App* cmd) {
    cmd->add_option("--generator", generator, "Causal LM folder: GPT-2, Llama, Mistral, Qwen2, Qwen3 (default: the bundled demo generator)");
    cmd->add_option("--device", device, "cpu or cuda")->capture_default_str();
    cmd->add_option("--weights", weights,
                    "weights the CPU decode step reads: f32, f16, bf16 or int8 (default: the checkpoint's own "
                    "dtype for 16-bit files, f32 otherwise)")
        ->check(CLI::IsMember({"f32", "f16", "bf16", "int8"}));
}

void addKnowledgeBoostOption(CLI::App* cmd, float& boost) {
    cmd->add_option("--knowledge-boost", boost,
                    "Added to the logits of the [Gk] facts' word starts (-1: the generator's persona_knowledge_boost)")
        ->check(
            [](const std::string& text) -> std::string {
                // CLI::Range lets NaN through (every comparison with it is false).
                char* end = nullptr;
                const double v = std::strtod(text.c_str(), &end);
                if (end == text.c_str() || *end != '\0' || !std::isfinite(v) || v < -1.0 || v > 100.0)
                    return "must be a number from -1 to 100, got " + text;
                return {};
            },
            "-1..100")
        ->capture_default_str();
}

std::string ModelArgs::retrieverDir() const {
    if (retriever == "bm25") return {};
    return retriever.empty() ? bundledModelDir("retriever") : retriever;
}

std::shared_ptr<const BiEncoder> ModelArgs::loadRetriever() const {
    const std::string dir = retrieverDir();
    if (dir.empty()) return nullptr;
    return std::make_shared<BiEncoder>(BiEncoder::load(dir, {parseDevice(device), WeightDType::F32}));
}

AgentModels ModelArgs::load() const {
    AgentModels m;
    const std::string gen = generator.empty() ? bundledModelDir("generator") : generator;
    if (gen.empty()) throw InvalidArgument("no generator model: pass --generator DIR (the bundled demo model was not found)");
    std::optional<DecodeWeights> decode;
    if (!weights.empty()) decode = parseDecodeWeights(weights);
    m.generator = loadCausalLm(gen, {parseDevice(device), WeightDType::F32}, decode);
    m.tokenizer = std::shared_ptr<const Tokenizer>(loadTokenizer(gen));
    m.generatorName = gen;
    m.retriever = loadRetriever();
    m.retrieverName = retrieverDir();
    return m;
}

}  // namespace persona::cli
