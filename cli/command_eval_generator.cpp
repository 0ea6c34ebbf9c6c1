// persona-cli eval generator: reply perplexity, fact_use (issue 15) and sample replies on the
// labelled turns of a split, with the app's sampling defaults unless told otherwise.
#include "cli.h"
#include "json_output.h"
#include "model_args.h"

#include "persona/agent/agent.h"
#include "persona/data/seed_dialogs.h"
#include "persona/generate/generator.h"
#include "persona/agent/prompt_format.h"
#include "persona/model/gpt2_model.h"
#include "persona/text/tokenizer.h"
#include "persona/train/training.h"

#include <CLI/CLI.hpp>

#include <cmath>

namespace persona::cli {
namespace {

struct GenState {
    std::string model, data, split = "test";
    int samples = 5;
    int maxTurns = 0;  // 0: every labelled turn of the split
    SamplingSettings sampling = AgentSettings().sampling;
    bool penalizeKnowledge = false;
};

// Replies to every labelled turn of the split (gold facts as knowledge, the last 4 turns as
// history) and the share that restate a gold fact, beside the same share of the references.
nlohmann::json factUse(const GenState& st, const Gpt2Model& model, const Tokenizer& tokenizer) {
    const PromptFormat format;
    const Generator generator(model, tokenizer);
    SamplingSettings s = st.sampling;
    s.alternatives = 0;
    s.knowledgeBoost = st.penalizeKnowledge ? 0.0f : knowledgeBoostFor(st.sampling, model);
    if (auto id = tokenizer.tokenId(format.userToken)) s.stopTokenIds.push_back(*id);
    nlohmann::json samples = nlohmann::json::array();
    int turns = 0, used = 0, referenceUsed = 0;
    for (const auto& t : data::labelledTurns(data::readSeedDialogs(st.data))) {
        if (st.split != "all" && data::toString(data::splitOf(t.dialog)) != st.split) continue;
        if (st.maxTurns > 0 && turns >= st.maxTurns) break;
        std::vector<std::string> facts;
        for (int g : t.gold) facts.push_back(t.facts[g]);
        std::vector<DialogueTurn> dlg;
        for (size_t k = t.context.size() > 4 ? t.context.size() - 4 : 0; k < t.context.size(); ++k)
            dlg.push_back({t.context[k].fromSpeaker, t.context[k].text});
        s.seed = st.sampling.seed + static_cast<uint64_t>(turns);
        const auto prompt = tokenizer.encodeForModel(format.build(facts, dlg));
        // As the agent does: the [Gk] facts are free of the repetition penalties (unless asked).
        s.knowledgeTokens = st.penalizeKnowledge ? 0 : static_cast<int>(format.knowledgeTokens(tokenizer, facts, prompt));
        const std::string reply = format.parse(generator.generate(prompt, s).text).reply;
        ++turns;
        used += usesFacts(reply, facts);
        referenceUsed += usesFacts(t.reply, facts);
        if (static_cast<int>(samples.size()) < st.samples)
            samples.push_back({{"facts", facts}, {"user", dlg.back().text}, {"reference", t.reply}, {"reply", reply},
                               {"uses_fact", usesFacts(reply, facts)}});
    }
    const auto& p = st.sampling;
    nlohmann::json j;
    j["fact_use"] = turns ? double(used) / turns : 0.0;
    j["fact_use_reference"] = turns ? double(referenceUsed) / turns : 0.0;
    j["fact_use_turns"] = turns;
    j["fact_use_rule"] = "a reply uses a fact when it contains a content word of a gold fact: a run of 4+ letters, "
                         "case-folded (ё as е), not a stop word, compared by its first five letters";
    j["sampling"] = {{"greedy", p.greedy}, {"temperature", p.temperature}, {"top_p", p.topP}, {"top_k", p.topK},
                     {"repetition_penalty", p.repetitionPenalty}, {"no_repeat_ngram_size", p.noRepeatNgramSize},
                     {"penalize_knowledge", st.penalizeKnowledge}, {"knowledge_boost", s.knowledgeBoost},
                     {"max_new_tokens", p.maxNewTokens}, {"seed", p.seed}};
    j["samples"] = samples;
    return j;
}

}  // namespace

void registerEvalGenerator(CLI::App* eval, Context& ctx) {
    auto* gen = eval->add_subcommand("generator", "Reply perplexity, fact_use and sample replies on held-out dialogues");
    auto gs = std::make_shared<GenState>();
    gs->sampling.seed = 7;
    auto& p = gs->sampling;
    gen->add_option("--model", gs->model, "GPT-2 model folder")->required();
    gen->add_option("--data", gs->data, "Seed-format dialogues (JSONL)")->required();
    gen->add_option("--split", gs->split, "test, validation, train or all")->check(CLI::IsMember({"test", "validation", "train", "all"}))->capture_default_str();
    gen->add_option("--samples", gs->samples, "Sample replies printed (the first labelled turns)")->capture_default_str();
    gen->add_option("--max-turns", gs->maxTurns, "fact_use on the first N labelled turns only (0: all)")->capture_default_str();
    gen->add_flag("--greedy", p.greedy, "Argmax instead of sampling");
    gen->add_option("--temperature", p.temperature)->capture_default_str();
    gen->add_option("--top-p", p.topP)->capture_default_str();
    gen->add_option("--top-k", p.topK)->capture_default_str();
    gen->add_option("--repetition-penalty", p.repetitionPenalty)->capture_default_str();
    gen->add_option("--no-repeat-ngram", p.noRepeatNgramSize)->capture_default_str();
    gen->add_flag("--penalize-knowledge", gs->penalizeKnowledge,
                  "Apply the repetition penalty and n-gram ban to the [Gk] facts too (HF rule; the agent exempts them), no boost");
    addKnowledgeBoostOption(gen, p.knowledgeBoost);
    gen->add_option("--max-new-tokens", p.maxNewTokens)->capture_default_str();
    gen->add_option("--seed", p.seed, "Sampling seed of the first turn (turn k uses seed + k)")->capture_default_str();
    gen->callback([&ctx, gs] {
        const auto model = Gpt2Model::load(gs->model);
        const auto tokenizer = loadTokenizer(gs->model);
        int examples = 0;
        const double loss = replyLoss(model, *tokenizer, {gs->data}, gs->split, model.config().nPositions, &examples);
        nlohmann::json j{{"model", gs->model}, {"split", gs->split}, {"examples", examples}, {"reply_loss", loss},
                         {"perplexity", std::exp(loss)}};
        j.update(factUse(*gs, model, *tokenizer));
        printJson(ctx.out, j);
    });
}

}  // namespace persona::cli
