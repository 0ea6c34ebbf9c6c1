// persona-cli retrieve | chat | eval retrieval | influence: the agent turn, its evaluation (issue 5) and
// the fact influence of a stored reply (issue 11).
#include "cli.h"
#include "json_output.h"
#include "model_args.h"
#include "store_options.h"

#include "persona/agent/agent.h"
#include "persona/agent/influence.h"
#include "persona/data/seed_dialogs.h"
#include "persona/error.h"
#include "persona/model/causal_lm.h"
#include "persona/model/model_folder.h"
#include "persona/retrieve/biencoder.h"
#include "persona/retrieve/bm25.h"
#include "persona/store/store_types.h"
#include "persona/retrieve/evaluation.h"
#include "persona/store/chat_repo.h"
#include "persona/store/persona_repo.h"
#include "persona/text/tokenizer.h"
#include "persona/train/training.h"

#include <chrono>
#include <cmath>

#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

namespace persona::cli {
namespace {

nlohmann::json toJson(const AgentRetrieval& r) {
    nlohmann::json facts = nlohmann::json::array();
    for (const auto& f : r.facts)
        facts.push_back({{"id", f.factId},
                         {"text", f.text},
                         {"enabled", f.enabled},
                         {"score", f.score.score},
                         {"rank", f.score.rank},
                         {"selected", f.score.selected},
                         {"reason", toString(f.score.reason)},
                         {"components", f.score.components}});
    return {{"method", toString(r.method)}, {"context", r.context}, {"facts", facts}, {"selected", r.selectedFactIds}};
}

void registerRetrieve(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("retrieve", "Score a persona's facts for a context; print every score and rank");
    struct State {
        std::string db, persona, context, method;
        ModelArgs models;
        AgentSettings settings;
    };
    auto st = std::make_shared<State>();
    addDbOption(*cmd, st->db);
    cmd->add_option("--persona", st->persona, "Persona name")->required();
    cmd->add_option("--context", st->context, "The user's last message (or the dialogue so far)")->required();
    cmd->add_option("--method", st->method, "bm25, biencoder or hybrid (default: the retriever's preferred)");
    cmd->add_option("--top-k", st->settings.topK)->capture_default_str();
    cmd->add_option("--threshold", st->settings.threshold)->capture_default_str();
    st->models.addRetriever(cmd);
    cmd->callback([&ctx, st] {
        auto db = openStore(st->db);
        const auto persona = store::PersonaRepo(db).getByName(st->persona);
        if (!st->method.empty()) st->settings.retrieval = parseRetrievalMethod(st->method);
        const auto revision = store::PersonaRepo(db).currentRevision(persona.id);
        FactRetriever retriever(db, st->models.loadRetriever());
        const auto r = retriever.retrieve(revision.facts, {{false, st->context}}, st->settings);
        auto j = toJson(r);
        j["persona"] = persona.name;
        printJson(ctx.out, j);
    });
}

void registerChat(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("chat", "Chat with a persona in the terminal (the same agent turn as the app)");
    struct State {
        std::string db, persona;
        ModelArgs models;
        AgentOptions agent;
        AgentSettings settings;
        bool quiet = false;
    };
    auto st = std::make_shared<State>();
    addDbOption(*cmd, st->db);
    cmd->add_option("--persona", st->persona, "Persona name")->required();
    st->agent.add(cmd);
    cmd->add_flag("--quiet", st->quiet, "Print only the replies");
    st->models.addRetriever(cmd);
    st->models.addGenerator(cmd);
    cmd->callback([&ctx, st] {
        st->settings = st->agent.resolved();
        auto db = openStore(st->db);
        const auto persona = store::PersonaRepo(db).getByName(st->persona);
        Agent agent(db, st->models.load());
        const auto chat = store::ChatRepo(db).create(persona.id, "persona-cli chat");
        std::istream& in = ctx.in ? *ctx.in : std::cin;
        ctx.out << "Chat with " << persona.name << " (chat " << chat.id << "). Empty line or /quit ends it.\n" << std::flush;
        std::string line;
        while (true) {
            ctx.out << "> " << std::flush;
            if (!std::getline(in, line) || line.empty() || line == "/quit") break;
            AgentCallbacks callbacks;
            if (!st->quiet)
                callbacks.onRetrieval = [&](const AgentRetrieval& r) {
                    ctx.out << "  [" << toString(r.method) << "] facts:";
                    if (r.selectedFactIds.empty()) ctx.out << " none";
                    ctx.out << "\n";
                    for (int64_t id : r.selectedFactIds)
                        for (const auto& f : r.facts)
                            if (f.factId == id)
                                ctx.out << "    #" << f.score.rank << " " << f.text << "  (" << f.score.score << ")\n";
                    ctx.out << std::flush;
                };
            const auto result = agent.reply(chat.id, line, st->settings, callbacks);
            ctx.out << persona.name << ": " << result.reply << "\n";
            if (!st->quiet && result.personaMessageId)
                ctx.out << "  (message " << result.personaMessageId << ": persona-cli influence --message "
                        << result.personaMessageId << ")\n";
            for (const auto& fact : result.proposedFacts) ctx.out << "  (proposed fact: " << fact << ")\n";
            ctx.out << std::flush;
        }
    });
}

std::string weightText(double w) {
    std::ostringstream out;
    out << w;
    return out.str();
}

void registerEval(CLI::App& app, Context& ctx) {
    auto* eval = app.add_subcommand("eval", "Evaluate models on labelled data");
    eval->require_subcommand(1);
    auto* cmd = eval->add_subcommand("retrieval", "recall@1, recall@3 and MRR of BM25, the bi-encoder and hybrid");
    struct State {
        std::string data, split = "test";
        bool fitBm25 = false;
        ModelArgs models;
    };
    auto st = std::make_shared<State>();
    cmd->add_option("--data", st->data, "Seed-format dialogues (JSONL)")->required();
    cmd->add_flag("--fit-bm25", st->fitBm25, "Also measure BM25's n-gram and word weights on the split (bm25_fit)");
    cmd->add_option("--split", st->split, "test or all")->check(CLI::IsMember({"test", "validation", "train", "all"}))->capture_default_str();
    st->models.addRetriever(cmd);
    cmd->callback([&ctx, st] {
        const auto dialogs = data::readSeedDialogs(st->data);
        std::vector<data::LabelledTurn> turns;
        for (auto& t : data::labelledTurns(dialogs))
            if (st->split == "all" || data::toString(data::splitOf(t.dialog)) == st->split) turns.push_back(std::move(t));
        const auto retriever = st->models.loadRetriever();
        auto metrics = [](const RankingMetrics& m) {
            return nlohmann::json{{"recall@1", m.recallAt1}, {"recall@3", m.recallAt3}, {"recall@5", m.recallAt5}, {"mrr", m.mrr}};
        };
        const auto compared = compareMethods(turns, retriever.get());
        const Bm25Options lexical;
        nlohmann::json j;
        j["data"] = st->data;
        j["split"] = st->split;
        j["turns"] = compared.bm25.turns;
        j["bm25"] = metrics(compared.bm25);
        j["bm25"]["context"] = "previous utterance, character " + std::to_string(lexical.ngram) +
                               "-grams (weight " + weightText(lexical.ngramWeight) + ") + stemmed words (weight " +
                               weightText(lexical.wordWeight) + ")";
        j["bm25_ngrams"] = metrics(compared.bm25Ngrams);
        j["bm25_ngrams"]["context"] = "previous utterance, character " + std::to_string(lexical.ngram) + "-grams only";
        j["bm25_words"] = metrics(compared.bm25Words);
        j["bm25_words"]["context"] = "previous utterance, Snowball-stemmed words only";
        if (st->fitBm25) {
            nlohmann::json grid = nlohmann::json::array();
            const auto fit = fitLexicalWeights(turns);
            for (const auto& p : fit.grid)
                grid.push_back({{"ngram_weight", p.ngramWeight}, {"word_weight", p.wordWeight}, {"mrr", p.metrics.mrr},
                                {"recall@1", p.metrics.recallAt1}});
            j["bm25_fit"] = {{"grid", grid}, {"best_ngram_weight", fit.best.ngramWeight},
                             {"best_word_weight", fit.best.wordWeight}};
        }
        if (retriever) {
            j["retriever"] = st->models.retrieverDir();
            j["biencoder"] = metrics(*compared.biencoder);
            j["hybrid"] = metrics(*compared.hybrid);
            j["bm25_fallback"] = metrics(*compared.bm25Fallback);
            j["bm25_fallback"]["context"] = "bm25, and the bi-encoder on turns where no fact scores above 0";
            const double w = retriever->options().fusionWeight;
            j["hybrid"]["fusion"] = w >= 0 ? "weighted sum of min-max-normalized scores, bi-encoder weight " + std::to_string(w)
                                           : std::string("reciprocal-rank fusion (no fitted weight)");
            j["default"] = retriever->options().preferredMethod.empty() ? "hybrid" : retriever->options().preferredMethod;
            j["lexical_fallback"] = retriever->options().lexicalFallback;
        } else {
            j["biencoder"] = nullptr;
            j["hybrid"] = nullptr;
            j["bm25_fallback"] = nullptr;
            j["default"] = "bm25";
            j["note"] = "no bi-encoder found (pass --retriever DIR)";
        }
        printJson(ctx.out, j);
    });

    registerEvalGenerator(eval, ctx);
}

void registerInfluence(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("influence", "How much each fact a stored reply used shaped it (teacher forcing)");
    struct State {
        std::string db;
        int64_t message = 0;
        ModelArgs models;
    };
    auto st = std::make_shared<State>();
    addDbOption(*cmd, st->db);
    cmd->add_option("--message", st->message, "A persona message id (persona-cli chat prints its chat)")->required();
    st->models.addGenerator(cmd);
    cmd->callback([&ctx, st] {
        auto db = openStore(st->db);
        st->models.retriever = "bm25";  // influence scores the stored prompt; no retrieval runs
        const auto models = st->models.load();
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = computeInfluence(db, models, st->message);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        nlohmann::json facts = nlohmann::json::array();
        for (const auto& f : r.facts)
            facts.push_back({{"fact_id", f.factId}, {"text", f.text}, {"score", f.score}, {"selected", f.selected},
                             {"logprob_without", f.logprobWithout}, {"influence", f.influence}});
        printJson(ctx.out, {{"message_id", r.messageId}, {"reply", r.reply}, {"logprob_used", r.logprobUsed},
                            {"logprob_none", r.logprobNone}, {"reliance", r.reliance}, {"facts", facts},
                            {"influence_ms", ms}});
    });
}

}  // namespace

void registerAgentCommands(CLI::App& app, Context& ctx) {
    registerRetrieve(app, ctx);
    registerChat(app, ctx);
    registerEval(app, ctx);
    registerInfluence(app, ctx);
}

}  // namespace persona::cli
