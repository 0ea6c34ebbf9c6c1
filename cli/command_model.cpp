// persona-cli forward | generate: run a model folder directly (the engine's contract, issue 3).
#include "cli.h"
#include "json_output.h"
#include "model_args.h"

#include "persona/agent/influence.h"
#include "persona/error.h"
#include "persona/generate/generator.h"
#include "persona/model/bert_model.h"
#include "persona/model/causal_lm.h"
#include "persona/model/model_folder.h"
#include "persona/text/tokenizer.h"

#include <CLI/CLI.hpp>

namespace persona::cli {
namespace {

// One alternative with the sampler chain's word on it: "cut_by" (the stage that removed it, or
// null), "prob_after" (its probability in the distribution the pick drew from; null for forced
// tokens) and the logit changes of the stages that move logits.
nlohmann::json alternativeJson(const TokenAlternative& a, bool forced) {
    nlohmann::json changes = nlohmann::json::object();
    for (const auto& c : a.changes) changes[c.stage] = c.delta;
    return {{"id", a.id},
            {"text", a.text},
            {"prob", a.prob},
            {"cut_by", a.cutBy.empty() || forced ? nlohmann::json() : nlohmann::json(a.cutBy)},
            {"prob_after", forced ? nlohmann::json() : nlohmann::json(a.probAfter)},
            {"logit_changes", changes}};
}

std::vector<int> parseIds(const std::string& text) {
    std::vector<int> ids;
    size_t pos = 0;
    while (pos <= text.size()) {
        const size_t comma = text.find(',', pos);
        const std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        size_t used = 0;
        long value = 0;
        try {
            value = std::stol(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (item.empty() || used != item.size() || value < 0 || value > INT32_MAX)
            throw InvalidArgument("--ids: \"" + item + "\" is not a token id (expected e.g. 1,2,3)");
        ids.push_back(static_cast<int>(value));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return ids;
}

struct ComputeArgs {
    std::string device = "cpu";
    std::string dtype = "f32";
    void add(CLI::App* cmd) {
        cmd->add_option("--device", device, "cpu or cuda")->capture_default_str();
        cmd->add_option("--dtype", dtype, "weights: f32, f16 or bf16")->capture_default_str();
    }
    ComputeOptions options() const { return {parseDevice(device), parseWeightDType(dtype)}; }
};

void registerForward(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("forward", "Run a model on token ids; print logits or hidden states");
    // Option storage lives as long as the command (the callback owns it), fresh for every run().
    struct State {
        std::string model, ids;
        ComputeArgs compute;
    };
    auto st = std::make_shared<State>();
    cmd->add_option("--model", st->model, "Model folder (config.json + weights)")->required();
    cmd->add_option("--ids", st->ids, "Comma-separated token ids, fed exactly as given")->required();
    st->compute.add(cmd);
    cmd->callback([&ctx, st] {
        const auto& model = st->model;
        const auto& compute = st->compute;
        const auto input = parseIds(st->ids);
        nlohmann::json j;
        if (CausalLm::isCausalLmFolder(model)) {
            j["logits"] = CausalLm::load(model, compute.options())->logits(input);
        } else {
            const auto out = BertModel::load(model, compute.options()).forward(input);
            j["last_hidden_state"] = out.lastHiddenState;
            if (!out.poolerOutput.empty()) j["pooler_output"] = out.poolerOutput;
        }
        printJson(ctx.out, j);
    });
}

void registerGenerate(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("generate", "Generate text with a causal LM folder (GPT-2, Llama, Mistral, Qwen2, Qwen3)");
    struct State {
        std::string model, prompt;
        SamplingSettings s;
        SamplingOptions sampling;
        ComputeArgs compute;
    };
    auto st = std::make_shared<State>();
    auto& model = st->model;
    auto& prompt = st->prompt;
    auto& s = st->s;
    cmd->add_option("--model", model, "Model folder (config.json, weights, tokenizer files)")->required();
    cmd->add_option("--prompt", prompt, "Prompt text, tokenized as is")->required();
    st->sampling.add(cmd, s);
    cmd->add_option("--stop", s.stopStrings, "Stop before this text (repeatable)");
    cmd->add_option("--alternatives", s.alternatives, "Alternatives reported per token")->capture_default_str();
    auto* noCache = cmd->add_flag("--no-cache", "Full forward pass every step (no KV cache)");
    st->compute.add(cmd);
    cmd->callback([&ctx, noCache, st] {
        const auto& model = st->model;
        const auto& prompt = st->prompt;
        const auto& compute = st->compute;
        SamplingSettings s = st->sampling.resolve(st->s);
        s.useCache = noCache->count() == 0;
        const auto lm = CausalLm::load(model, compute.options());  // names what is wrong with the folder
        const auto tokenizer = loadTokenizer(model);
        const Generator generator(*lm, *tokenizer);
        const auto r = generator.generate(tokenizer->encodeForModel(prompt), s);
        nlohmann::json tokens = nlohmann::json::array();
        for (const auto& t : r.tokens) {
            nlohmann::json alts = nlohmann::json::array();
            for (const auto& a : t.alternatives) alts.push_back(alternativeJson(a, t.forced));
            nlohmann::json tj{{"id", t.id}, {"text", t.text}, {"prob", t.prob}, {"alternatives", alts}};
            tj["prob_after"] = t.forced ? nlohmann::json() : nlohmann::json(t.probAfter);
            if (t.forced) tj["forced"] = true;
            tokens.push_back(std::move(tj));
        }
        nlohmann::json j{{"text", r.text},
                         {"tokens", tokens},
                         {"stop_reason", toString(r.stopReason)},
                         {"prompt_tokens", r.promptTokens},
                         {"prompt_tokens_dropped", r.promptTokensDropped},
                         {"prefill_ms", r.prefillMs},
                         {"decode_ms", r.decodeMs}};
        printJson(ctx.out, j);
    });
}

void registerScore(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("score", "Log-probability of a continuation after a prompt (teacher forcing)");
    struct State {
        std::string model, prompt, continuation;
        ComputeArgs compute;
    };
    auto st = std::make_shared<State>();
    cmd->add_option("--model", st->model, "Causal LM folder (config.json, weights, tokenizer files)")->required();
    cmd->add_option("--prompt", st->prompt, "Prompt text, tokenized as is (no special tokens added)")->required();
    cmd->add_option("--continuation", st->continuation, "The text scored after the prompt, tokenized as is")->required();
    st->compute.add(cmd);
    cmd->callback([&ctx, st] {
        const auto lm = CausalLm::load(st->model, st->compute.options());
        const auto tokenizer = loadTokenizer(st->model);
        const auto r = scoreContinuation(*lm, *tokenizer, st->prompt, st->continuation);
        nlohmann::json tokens = nlohmann::json::array();
        for (const auto& t : r.tokens) tokens.push_back({{"id", t.id}, {"text", t.text}, {"logprob", t.logprob}});
        printJson(ctx.out, {{"logprob", r.logprob}, {"tokens", tokens}});
    });
}

}  // namespace

void registerModelCommands(CLI::App& app, Context& ctx) {
    registerForward(app, ctx);
    registerGenerate(app, ctx);
    registerScore(app, ctx);
}

}  // namespace persona::cli
