#include "model_args.h"

#include "persona/error.h"
#include "persona/generate/sampler_preset.h"
#include "persona/model/decode_weights.h"
#include "persona/model/causal_lm.h"
#include "persona/model/model_folder.h"
#include "persona/retrieve/biencoder.h"
#include "persona/text/tokenizer.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <type_traits>

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

CLI::Option* addKnowledgeBoostOption(CLI::App* cmd, float& boost) {
    return cmd->add_option("--knowledge-boost", boost,
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

template <class T>
void SamplingOptions::row(CLI::App* cmd, const std::string& names, T SamplingSettings::*field, const std::string& help) {
    CLI::Option* option = nullptr;
    if constexpr (std::is_same_v<T, bool>) option = cmd->add_flag(names, m_parsed.*field, help);
    else option = cmd->add_option(names, m_parsed.*field, help)->capture_default_str();
    m_rows.push_back({option, [field](SamplingSettings& to, const SamplingSettings& from) { to.*field = from.*field; }});
}

void SamplingOptions::add(CLI::App* cmd, const SamplingSettings& defaults, const std::string& topKName) {
    m_parsed = defaults;
    using S = SamplingSettings;
    row(cmd, "--greedy", &S::greedy, "Always take the most probable token (after penalties, bias and DRY)");
    row(cmd, "--seed", &S::seed, "Same seed, same settings, same model: same text");
    row(cmd, "--max-new-tokens", &S::maxNewTokens, "Reply length limit");
    row(cmd, "--min-new-tokens", &S::minNewTokens, "End and stop tokens are masked before this many tokens");
    row(cmd, "--temperature,--temp", &S::temperature, "Divides the logits; > 0");
    row(cmd, "--dynatemp-range", &S::dynatempRange, "Dynamic temperature: t +- range by the entropy (0 = off)");
    row(cmd, "--dynatemp-exp", &S::dynatempExponent, "Dynamic temperature exponent");
    row(cmd, topKName, &S::topK, "Keep the k most likely tokens (0 = off)");
    row(cmd, "--top-p", &S::topP, "Keep the smallest set reaching this mass (1 = off)");
    row(cmd, "--min-p", &S::minP, "Drop tokens below min-p x the best token's probability (0 = off)");
    row(cmd, "--typical-p,--typical", &S::typicalP, "Locally typical sampling (1 = off)");
    row(cmd, "--top-n-sigma", &S::topNSigma, "Keep logits within n standard deviations of the max (<= 0 off)");
    row(cmd, "--xtc-threshold", &S::xtcThreshold, "XTC: tokens at least this probable are top choices");
    row(cmd, "--xtc-probability", &S::xtcProbability, "XTC: chance per step to drop all top choices but the last (0 = off)");
    row(cmd, "--repetition-penalty,--repeat-penalty", &S::repetitionPenalty, "Divide seen tokens' positive logits (1 = off)");
    row(cmd, "--presence-penalty", &S::presencePenalty, "Subtracted once from every seen token (0 = off)");
    row(cmd, "--frequency-penalty", &S::frequencyPenalty, "Subtracted per occurrence (0 = off)");
    row(cmd, "--repeat-last-n", &S::penaltyLastN, "Penalty window: the last N tokens (-1 = all)");
    row(cmd, "--no-repeat-ngram", &S::noRepeatNgramSize, "Ban tokens that would repeat an n-gram (0 = off)");
    row(cmd, "--dry-multiplier", &S::dryMultiplier, "DRY: penalty multiplier (0 = off)");
    row(cmd, "--dry-base", &S::dryBase, "DRY: penalty = multiplier x base^(length - allowed)");
    row(cmd, "--dry-allowed-length", &S::dryAllowedLength, "DRY: repeats up to this long are free");
    row(cmd, "--dry-penalty-last-n", &S::dryPenaltyLastN, "DRY: how far back to look (-1 = the whole context, 0 = off)");
    row(cmd, "--mirostat", &S::mirostat, "2 = Mirostat v2 (replaces top-k/p, min-p, typical, XTC, n-sigma); 0 = off");
    row(cmd, "--mirostat-tau,--mirostat-ent", &S::mirostatTau, "Mirostat target surprise (bits)");
    row(cmd, "--mirostat-eta,--mirostat-lr", &S::mirostatEta, "Mirostat learning rate");
    m_rows.push_back({addKnowledgeBoostOption(cmd, m_parsed.knowledgeBoost),
                      [](S& to, const S& from) { to.knowledgeBoost = from.knowledgeBoost; }});
    m_breakersOption = cmd->add_option("--dry-sequence-breaker", m_breakers,
                                       "DRY: a repeat never spans this text (repeatable; \"none\" clears the defaults)");
    m_logitBiasOption = cmd->add_option("--logit-bias,-l", m_logitBias, "ID+BIAS or ID-BIAS, e.g. 15043+1 or 15043-inf (repeatable)");
    std::string order;
    for (const auto& name : samplerStageNames()) order += (order.empty() ? "" : ";") + name;
    m_samplersOption = cmd->add_option("--samplers", m_samplers, "Stage order, ';'-separated (default " + order + ")");
    cmd->add_option("--sampler-preset", m_preset, "A sampler preset JSON (ours, or a SillyTavern text-completion preset); "
                                                  "options given here override it")
        ->check(CLI::ExistingFile);
}

SamplingSettings SamplingOptions::resolve(const SamplingSettings& base) const {
    SamplingSettings s = base;
    if (!m_preset.empty()) s = loadSamplerPresetFile(m_preset, base).settings;
    for (const auto& r : m_rows)
        if (r.option->count() > 0) r.copy(s, m_parsed);
    if (m_breakersOption->count() > 0) {
        s.drySequenceBreakers.clear();
        for (const auto& b : m_breakers)
            if (b != "none") s.drySequenceBreakers.push_back(b == "\\n" ? "\n" : b);
    }
    if (m_logitBiasOption->count() > 0) {
        s.logitBias.clear();
        for (const auto& text : m_logitBias) s.logitBias.push_back(parseLogitBias(text));
    }
    if (m_samplersOption->count() > 0) s.samplers = parseSamplerOrder(m_samplers);
    SamplingSettings check = s;
    check.knowledgeBoost = std::max(0.0f, check.knowledgeBoost);  // -1: the generator's own, resolved later
    validate(check);
    return s;
}

void AgentOptions::add(CLI::App* cmd) {
    cmd->add_option("--method", method, "bm25, biencoder or hybrid (default: the retriever's preferred)");
    cmd->add_option("--top-k", settings.topK, "Facts per reply")->capture_default_str();
    cmd->add_option("--threshold", settings.threshold, "Facts scoring below this are not used")->capture_default_str();
    sampling.add(cmd, settings.sampling, "--sample-top-k");
}

AgentSettings AgentOptions::resolved() const {
    AgentSettings s = settings;
    if (!method.empty()) s.retrieval = parseRetrievalMethod(method);
    s.sampling = sampling.resolve(settings.sampling);
    return s;
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
