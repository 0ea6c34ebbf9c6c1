// persona-cli train tokenizer | generator | retriever | fusion | silver-knowledge: progress on
// stderr, the result as JSON on stdout, a JSON-lines log in the output folder; Ctrl+C stops after
// saving a resumable checkpoint.
#include "cli.h"
#include "json_output.h"

#include "persona/data/seed_dialogs.h"
#include "persona/error.h"
#include "persona/train/training.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>

namespace persona::cli {
namespace {

std::atomic_bool g_stop{false};

extern "C" void onInterrupt(int) { g_stop = true; }

// Installs the Ctrl+C handler for the duration of a training run.
class InterruptGuard {
public:
    InterruptGuard() {
        g_stop = false;
        m_previous = std::signal(SIGINT, onInterrupt);
    }
    ~InterruptGuard() { std::signal(SIGINT, m_previous); }

private:
    void (*m_previous)(int) = SIG_DFL;
};

std::string duration(double seconds) {
    const int s = static_cast<int>(std::lround(seconds));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%dm%02ds", s / 60, s % 60);
    return buf;
}

// One line per progress report on the terminal (every `every` steps, and evaluations).
// The generator reports tokens and a validation loss, the retriever examples and an MRR.
std::function<void(const TrainProgress&)> printer(std::ostream& err, int every, bool retriever) {
    return [&err, every, retriever](const TrainProgress& p) {
        if (p.phase == "eval") {
            err << "epoch " << p.epoch << "/" << p.epochs << " evaluation: " << (retriever ? p.validationMrr : p.validationLoss)
                << "\n" << std::flush;
            return;
        }
        if (p.step % every != 0 && p.step != p.totalSteps) return;
        char line[256];
        std::snprintf(line, sizeof line, "epoch %d/%d  step %lld/%lld  loss %.4f  lr %.2e  %.0f %s/s  elapsed %s  ETA %s",
                      p.epoch, p.epochs, static_cast<long long>(p.step), static_cast<long long>(p.totalSteps), p.loss,
                      p.learningRate, retriever ? p.examplesPerSecond : p.tokensPerSecond, retriever ? "ex" : "tok", duration(p.elapsedSeconds).c_str(),
                      duration(p.etaSeconds).c_str());
        err << line << "\n" << std::flush;
    };
}

void addCommon(CLI::App* cmd, TrainCommon& c, std::string& saveDType, int& printEvery) {
    cmd->add_option("--out", c.outDir, "Output folder (checkpoints, train_log.jsonl)")->required();
    cmd->add_option("--epochs", c.epochs)->capture_default_str();
    cmd->add_option("--batch-size", c.batchSize)->capture_default_str();
    cmd->add_option("--lr", c.learningRate, "Peak learning rate")->capture_default_str();
    cmd->add_option("--weight-decay", c.weightDecay)->capture_default_str();
    cmd->add_option("--warmup", c.warmupRatio, "Warm-up share of all steps")->capture_default_str();
    cmd->add_option("--clip", c.clipNorm, "Gradient norm clip")->capture_default_str();
    cmd->add_option("--seed", c.seed)->capture_default_str();
    cmd->add_option("--max-steps", c.maxSteps, "Stop after this many steps (0 = all epochs)")->capture_default_str();
    cmd->add_flag("--resume", c.resume, "Continue the run in --out (weights, optimizer, step)");
    cmd->add_option("--save-dtype", saveDType, "Weights on disk: f32, f16 or bf16")->capture_default_str();
    cmd->add_option("--print-every", printEvery, "Progress line every N steps")->capture_default_str();
}

nlohmann::json commonJson(const TrainResult& r) {
    return {{"steps", r.steps}, {"seconds", r.seconds}, {"stopped", r.stopped}, {"first_loss", r.firstLoss}, {"last_loss", r.lastLoss}};
}

void registerTrainTokenizer(CLI::App* train, Context& ctx) {
    auto* cmd = train->add_subcommand("tokenizer", "Train a SentencePiece tokenizer with [P1u] [P2u] [Gk] reserved");
    auto o = std::make_shared<TokenizerTrainOptions>();
    cmd->add_option("--input", o->inputs, "Text (.txt), posts (.json) or seed dialogues (.jsonl)")->required();
    cmd->add_option("--out", o->outDir, "Output folder")->required();
    cmd->add_option("--vocab-size", o->vocabSize)->capture_default_str();
    cmd->callback([&ctx, o] {
        trainTokenizer(*o);
        printJson(ctx.out, {{"out", o->outDir}, {"vocab_size", o->vocabSize}, {"special_tokens", o->specialTokens}});
    });
}

void registerTrainGenerator(CLI::App* train, Context& ctx) {
    auto* cmd = train->add_subcommand("generator", "Train a GPT-2 generator (from scratch or fine-tuning)");
    struct State {
        GeneratorTrainOptions o;
        std::string saveDType = "f32";
        int printEvery = 10;
    };
    auto st = std::make_shared<State>();
    auto& o = st->o;
    addCommon(cmd, o, st->saveDType, st->printEvery);
    cmd->add_option("--init", o.init, "Model folder to fine-tune (e.g. a ruGPT-3 checkpoint)");
    cmd->add_option("--tokenizer", o.tokenizerDir, "From scratch: the tokenizer folder");
    cmd->add_option("--dialogs", o.dialogFiles, "Seed-format dialogue JSONL files");
    cmd->add_option("--text", o.textFiles, "Plain-text corpora (.txt, .json posts)");
    cmd->add_option("--n-embd", o.config.nEmbd)->capture_default_str();
    cmd->add_option("--n-layer", o.config.nLayer)->capture_default_str();
    cmd->add_option("--n-head", o.config.nHead)->capture_default_str();
    cmd->add_option("--context-length", o.contextLength)->capture_default_str();
    cmd->add_option("--text-epochs", o.textEpochs, "Passes over the plain text per epoch")->capture_default_str();
    cmd->add_option("--dialog-epochs", o.dialogEpochs, "Passes over the dialogue replies per epoch")->capture_default_str();
    cmd->add_option("--fact-examples", o.factExamples,
                    "Per training fact and epoch: an example whose reply restates the [Gk] fact")
        ->capture_default_str();
    cmd->callback([&ctx, st] {
        auto& o = st->o;
        o.config.nPositions = o.contextLength;
        o.saveDType = parseWeightDType(st->saveDType);
        o.onProgress = printer(ctx.err, st->printEvery, false);
        InterruptGuard guard;
        o.stop = &g_stop;
        const auto r = trainGenerator(o);
        auto j = commonJson(r);
        j["out"] = o.outDir;
        j["train_examples"] = r.trainExamples;
        j["validation_examples"] = r.validationExamples;
        j["validation_loss"] = r.validationLoss;
        j["validation_perplexity"] = r.validationPerplexity;
        printJson(ctx.out, j);
    });
}

void registerTrainRetriever(CLI::App* train, Context& ctx) {
    auto* cmd = train->add_subcommand("retriever", "Train a BERT bi-encoder retriever on gk-labelled dialogues");
    struct State {
        RetrieverPretrainOptions o;
        std::string saveDType = "f32", pooling = "mean", similarity = "cosine";
        int printEvery = 10;
        bool pretrain = false;
    };
    auto st = std::make_shared<State>();
    auto& o = st->o;
    addCommon(cmd, o, st->saveDType, st->printEvery);
    cmd->add_option("--init", o.init, "Retriever folder to fine-tune");
    cmd->add_option("--tokenizer", o.tokenizerDir, "From scratch: the tokenizer folder (encoder config)");
    cmd->add_option("--dialogs", o.dialogFiles, "Seed-format dialogue JSONL files")->required();
    cmd->add_option("--hidden", o.config.hiddenSize)->capture_default_str();
    cmd->add_option("--layers", o.config.numHiddenLayers)->capture_default_str();
    cmd->add_option("--heads", o.config.numAttentionHeads)->capture_default_str();
    cmd->add_option("--intermediate", o.config.intermediateSize)->capture_default_str();
    cmd->add_option("--max-positions", o.config.maxPositionEmbeddings)->capture_default_str();
    cmd->add_option("--pooling", st->pooling, "cls, mean or pooler")->capture_default_str();
    cmd->add_option("--similarity", st->similarity, "dot or cosine")->capture_default_str();
    cmd->add_option("--context-turns", o.encoder.contextTurns)->capture_default_str();
    cmd->add_option("--hard-negatives", o.hardNegatives)->capture_default_str();
    cmd->add_flag("--pretrain", st->pretrain,
                  "Pre-train on pairs that need no labels (turn/next turn, fact/noised fact, turn/silver fact, "
                  "sentence/next sentence) instead of the gold pairs; then train with --init on this output");
    cmd->add_option("--text", o.textFiles, "--pretrain: corpora for sentence/next-sentence pairs");
    cmd->add_option("--pairs-per-kind", o.maxPairsPerKind, "--pretrain: at most this many pairs of each kind")->capture_default_str();
    cmd->add_option("--noise", o.noise, "--pretrain: share of a fact's words dropped in its noised copy")->capture_default_str();
    cmd->callback([&ctx, st] {
        auto& o = st->o;
        o.encoder.pooling = parsePooling(st->pooling);
        o.encoder.similarity = parseSimilarity(st->similarity);
        o.encoder.maxContextTokens = std::min(o.encoder.maxContextTokens, o.config.maxPositionEmbeddings);
        o.encoder.maxFactTokens = std::min(o.encoder.maxFactTokens, o.config.maxPositionEmbeddings);
        o.saveDType = parseWeightDType(st->saveDType);
        o.onProgress = printer(ctx.err, st->printEvery, true);
        InterruptGuard guard;
        o.stop = &g_stop;
        const auto r = st->pretrain ? pretrainRetriever(o) : trainRetriever(o);
        auto j = commonJson(r);
        j["out"] = o.outDir;
        j["train_examples"] = r.trainExamples;
        j["stage"] = st->pretrain ? "pretrain" : "gold";
        j["validation"] = {{"turns", r.validation.turns}, {"recall@1", r.validation.recallAt1},
                           {"recall@5", r.validation.recallAt5}, {"mrr", r.validation.mrr}};
        printJson(ctx.out, j);
    });
}

void registerTrainFusion(CLI::App* train, Context& ctx) {
    auto* cmd = train->add_subcommand("fusion", "Fit a retriever's hybrid fusion weight and default method on the validation split");
    struct State {
        std::string retriever;
        std::vector<std::string> dialogs;
    };
    auto st = std::make_shared<State>();
    cmd->add_option("--retriever", st->retriever, "Retriever folder (retriever.json is rewritten)")->required();
    cmd->add_option("--dialogs", st->dialogs, "Seed-format dialogue JSONL files (their validation split is used)")->required();
    cmd->callback([&ctx, st] {
        const RetrievalChoice c = fitRetrieverFusion(st->retriever, st->dialogs);
        auto mrr = [](const RankingMetrics& m) { return nlohmann::json{{"mrr", m.mrr}, {"recall@1", m.recallAt1}}; };
        nlohmann::json j{{"retriever", st->retriever}, {"split", "validation"}, {"turns", c.bm25.turns},
                         {"bm25", mrr(c.bm25)}, {"biencoder", mrr(c.biencoder)}, {"hybrid", mrr(c.fusion.hybrid)},
                         {"fusion_weight", c.fusion.weight}, {"grid_mrr", c.fusion.gridMrr}, {"preferred_method", c.preferred},
                         {"bm25_fallback_mrr", c.bm25Fallback.mrr}, {"lexical_fallback", c.lexicalFallback}};
        printJson(ctx.out, j);
    });
}

void registerSilverKnowledge(CLI::App* train, Context& ctx) {
    auto* cmd = train->add_subcommand("silver-knowledge",
                                      "Copy seed dialogues, giving unlabelled training-split turns the speaker facts they restate as gk labels");
    struct State {
        std::string dialogs, out;
    };
    auto st = std::make_shared<State>();
    cmd->add_option("--dialogs", st->dialogs, "Seed-format dialogue JSONL file")->required();
    cmd->add_option("--out", st->out, "The JSONL file to write")->required();
    cmd->callback([&ctx, st] {
        auto dialogs = data::readSeedDialogs(st->dialogs);
        const int labelled = addSilverKnowledge(dialogs);
        writeSeedDialogs(st->out, dialogs);
        printJson(ctx.out, {{"dialogs", dialogs.size()}, {"silver_turns", labelled}, {"out", st->out}});
    });
}

}  // namespace

void registerTrain(CLI::App& app, Context& ctx) {
    auto* train = app.add_subcommand("train", "Train a tokenizer, a generator or a retriever");
    train->require_subcommand(1);
    registerTrainTokenizer(train, ctx);
    registerTrainGenerator(train, ctx);
    registerTrainRetriever(train, ctx);
    registerTrainFusion(train, ctx);
    registerSilverKnowledge(train, ctx);
}

}  // namespace persona::cli
