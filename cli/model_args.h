// --retriever DIR|bm25 and --generator DIR, defaulting to the bundled demo models: what the
// agent commands (retrieve, chat, telegram) share.
#pragma once

#include "persona/agent/agent.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}

namespace persona::cli {

struct ModelArgs {
    std::string generator;
    std::string retriever;
    std::string device = "cpu";
    std::string weights;  // --weights: empty = the checkpoint's own dtype (F32 for F32 files)

    void addRetriever(CLI::App* cmd);
    void addGenerator(CLI::App* cmd);  // also --device and --weights
    std::string retrieverDir() const;  // empty for "bm25"
    std::shared_ptr<const BiEncoder> loadRetriever() const;
    AgentModels load() const;
};

// --knowledge-boost B: added to the logits of the [Gk] facts' word starts while sampling; the
// default (-1) takes the generator's own (persona_knowledge_boost in its config.json, 0 for
// real checkpoints). Agent commands and eval generator share it.
CLI::Option* addKnowledgeBoostOption(CLI::App* cmd, float& boost);

// The sampling options of every command that generates (generate, chat, suite run, selfplay,
// telegram): one table, with llama.cpp's names (--min-p, --dry-multiplier, --mirostat 2,
// --logit-bias ID(+|-)BIAS, --samplers ...) and --sampler-preset FILE (ours or SillyTavern's).
class SamplingOptions {
public:
    // defaults: what the help shows (each command's own). topKName: the agent commands use --top-k
    // for the number of facts, so their sampling top-k is --sample-top-k.
    void add(CLI::App* cmd, const SamplingSettings& defaults, const std::string& topKName = "--top-k");
    // `base` (or the preset file read over it) with every option given on the command line,
    // validated (InvalidArgument names the setting).
    SamplingSettings resolve(const SamplingSettings& base) const;

private:
    struct Row {
        CLI::Option* option;
        std::function<void(SamplingSettings& to, const SamplingSettings& from)> copy;
    };
    template <class T>
    void row(CLI::App* cmd, const std::string& names, T SamplingSettings::*field, const std::string& help);

    SamplingSettings m_parsed;
    std::vector<Row> m_rows;
    std::vector<std::string> m_logitBias, m_breakers;
    std::string m_samplers, m_preset;
    CLI::Option* m_logitBiasOption = nullptr;
    CLI::Option* m_breakersOption = nullptr;
    CLI::Option* m_samplersOption = nullptr;
};

// The agent options of chat, suite run, selfplay and telegram: retrieval (--method, --top-k facts,
// --threshold) and the sampling table.
struct AgentOptions {
    std::string method;
    AgentSettings settings;
    SamplingOptions sampling;

    void add(CLI::App* cmd);
    AgentSettings resolved() const;
};

}  // namespace persona::cli
