// Generator training: causal LM loss on persona replies (seed dialogues, the prompt format the
// agent uses) and on plain text, AdamW, warm-up + cosine schedule, gradient clipping.
//
// Legend: B batch, T time, V vocabulary.
#include "persona/train/training.h"

#include "model/gpt2_impl.h"
#include "model/weights_io.h"
#include "persona/agent/prompt_format.h"
#include "persona/data/seed_dialogs.h"
#include "common/json_guard.h"
#include "persona/error.h"
#include "persona/model/model_folder.h"
#include "persona/text/tokenizer.h"
#include "train/train_common.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

namespace fs = std::filesystem;

namespace persona {
namespace {

struct Example {
    std::vector<int> ids;
    size_t lossFrom = 0;  // loss on ids[lossFrom..]: the reply (dialogues) or everything (text)
};

// The dialogues of each seed file, read once for every kind of example made from them (the split
// of a dialogue is its index within its own file).
using DialogFiles = std::vector<std::vector<data::SeedDialog>>;
DialogFiles readDialogFiles(const std::vector<std::string>& files) {
    DialogFiles out;
    for (const auto& file : files) out.push_back(data::readSeedDialogs(file));
    return out;
}

// One example per turn of the split: the speaker is the persona, its gk facts the knowledge.
std::vector<Example> dialogExamples(const DialogFiles& files, const std::string& split, const Tokenizer& tok,
                                    int contextLength) {
    const PromptFormat format;
    const auto eos = tok.eosId();
    if (!eos) throw TokenizerError("the generator's tokenizer has no end-of-text token");
    std::vector<Example> out;
    for (const auto& dialogs : files) {
        for (size_t d = 0; d < dialogs.size(); ++d) {
            if (split != "all" && data::toString(data::splitOf(d)) != split) continue;
            const auto& dialog = dialogs[d];
            for (size_t t = 0; t < dialog.turns.size(); ++t) {
                const auto& turn = dialog.turns[t];
                std::vector<std::string> knowledge;
                for (int g : turn.gk) knowledge.push_back(dialog.persons[turn.person].facts[g]);
                auto reply = tok.encode(" " + turn.text);
                reply.push_back(*eos);
                if (reply.size() >= static_cast<size_t>(contextLength) / 2) reply.resize(contextLength / 2);
                // The most history that fits, dropping the oldest turns first.
                for (size_t history = std::min<size_t>(t, 8);; --history) {
                    std::vector<DialogueTurn> dlg;
                    for (size_t k = t - history; k < t; ++k)
                        dlg.push_back({dialog.turns[k].person == turn.person, dialog.turns[k].text});
                    auto prompt = tok.encodeForModel(format.build(knowledge, dlg));
                    if (prompt.size() + reply.size() <= static_cast<size_t>(contextLength) || history == 0) {
                        if (prompt.size() + reply.size() > static_cast<size_t>(contextLength))
                            prompt.erase(prompt.begin(), prompt.end() - (contextLength - static_cast<int>(reply.size())));
                        Example e;
                        e.lossFrom = prompt.size();
                        e.ids = std::move(prompt);
                        e.ids.insert(e.ids.end(), reply.begin(), reply.end());
                        out.push_back(std::move(e));
                        break;
                    }
                }
            }
        }
    }
    return out;
}

// Restatement examples (GeneratorTrainOptions::factExamples): for each fact of a training-split
// persona, `perFact` prompts "[Gk] fact [P1u] question [P2u]" whose reply is the fact itself. The
// questions are the partner turns that preceded a labelled reply in the training split, drawn by
// the seed, so the model learns to restate the knowledge it is given, whatever was asked.
std::vector<Example> factExamples(const DialogFiles& files, int perFact, const Tokenizer& tok, int contextLength,
                                  uint64_t seed) {
    std::vector<Example> out;
    if (perFact <= 0) return out;
    const PromptFormat format;
    const auto eos = tok.eosId();
    if (!eos) throw TokenizerError("the generator's tokenizer has no end-of-text token");
    std::vector<std::string> questions, facts;
    for (const auto& dialogs : files) {
        for (size_t d = 0; d < dialogs.size(); ++d) {
            if (data::splitOf(d) != data::Split::Train) continue;
            const auto& dialog = dialogs[d];
            for (const auto& person : dialog.persons) facts.insert(facts.end(), person.facts.begin(), person.facts.end());
            for (size_t t = 1; t < dialog.turns.size(); ++t)
                if (!dialog.turns[t].gk.empty() && dialog.turns[t - 1].person != dialog.turns[t].person)
                    questions.push_back(dialog.turns[t - 1].text);
        }
    }
    if (questions.empty()) return out;
    std::mt19937_64 rng(seed ^ 0x5eedfac7ULL);
    std::uniform_int_distribution<size_t> pick(0, questions.size() - 1);
    for (const auto& fact : facts)
        for (int k = 0; k < perFact; ++k) {
            auto reply = tok.encode(" " + fact);
            reply.push_back(*eos);
            auto prompt = tok.encodeForModel(format.build({fact}, {{false, questions[pick(rng)]}}));
            if (prompt.size() + reply.size() > static_cast<size_t>(contextLength)) continue;
            Example e;
            e.lossFrom = prompt.size();
            e.ids = std::move(prompt);
            e.ids.insert(e.ids.end(), reply.begin(), reply.end());
            out.push_back(std::move(e));
        }
    return out;
}

std::vector<Example> textExamples(const std::vector<std::string>& files, const Tokenizer& tok, int contextLength) {
    std::vector<int> stream;
    for (const auto& file : files) {
        auto ids = tok.encode(corpusText(file));
        stream.insert(stream.end(), ids.begin(), ids.end());
        if (tok.eosId()) stream.push_back(*tok.eosId());
    }
    std::vector<Example> out;
    for (size_t start = 0; start + 16 < stream.size(); start += contextLength) {
        Example e;
        e.ids.assign(stream.begin() + start, stream.begin() + std::min(stream.size(), start + contextLength));
        out.push_back(std::move(e));
    }
    return out;
}

// (B, T) inputs and labels (-100 where no loss), right-padded.
std::pair<torch::Tensor, torch::Tensor> collate(const std::vector<const Example*>& batch, int64_t pad) {
    size_t longest = 0;
    for (const auto* e : batch) longest = std::max(longest, e->ids.size());
    auto ids = torch::full({static_cast<int64_t>(batch.size()), static_cast<int64_t>(longest)}, pad, torch::kLong);
    auto labels = torch::full_like(ids, -100);
    auto I = ids.accessor<int64_t, 2>();
    auto L = labels.accessor<int64_t, 2>();
    for (size_t b = 0; b < batch.size(); ++b)
        for (size_t t = 0; t < batch[b]->ids.size(); ++t) {
            I[b][t] = batch[b]->ids[t];
            if (t >= batch[b]->lossFrom) L[b][t] = batch[b]->ids[t];
        }
    return {ids, labels};
}

// Mean next-token loss over labelled positions.
torch::Tensor lmLoss(detail::Gpt2& net, const torch::Tensor& ids, const torch::Tensor& labels) {
    auto logits = net->lmHead(net->forward(ids));                                      // (B, T, V)
    auto shifted = logits.narrow(1, 0, logits.size(1) - 1).reshape({-1, logits.size(2)});  // (B(T-1), V)
    auto targets = labels.narrow(1, 1, labels.size(1) - 1).reshape({-1});              // (B(T-1))
    return torch::nn::functional::cross_entropy(
        shifted, targets, torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
}

// Batches of similar lengths (less padding), in a shuffled order fixed by the seed.
std::vector<std::vector<const Example*>> makeBatches(const std::vector<Example>& dialog, const std::vector<Example>& text,
                                                     int batchSize, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::vector<const Example*>> batches;
    auto add = [&](const std::vector<Example>& examples, bool bucket) {
        std::vector<const Example*> order;
        for (const auto& e : examples) order.push_back(&e);
        std::shuffle(order.begin(), order.end(), rng);
        const size_t chunk = bucket ? static_cast<size_t>(batchSize) * 32 : order.size();
        for (size_t c = 0; c < order.size(); c += chunk) {
            auto end = order.begin() + std::min(order.size(), c + chunk);
            if (bucket)
                std::sort(order.begin() + c, end, [](const Example* a, const Example* b) { return a->ids.size() < b->ids.size(); });
            for (auto it = order.begin() + c; it < end; it += std::min<std::ptrdiff_t>(batchSize, end - it))
                batches.emplace_back(it, it + std::min<std::ptrdiff_t>(batchSize, end - it));
        }
    };
    add(dialog, true);
    add(text, false);
    std::shuffle(batches.begin(), batches.end(), rng);
    return batches;
}

// Adds [P1u] [P2u] [Gk] to the folder's added_tokens.json when its tokenizer lacks them (new ids
// after the vocabulary); the model's embeddings then grow to match (resizeVocabulary).
void ensureSpeakerTokens(const std::string& dir) {
    auto tokenizer = loadTokenizer(dir);
    const PromptFormat format;
    const fs::path path = fs::path(dir) / "added_tokens.json";
    nlohmann::json added = nlohmann::json::object();
    if (fs::exists(path)) {
        const std::string text = detail::readTextFile(path.string());
        if (const std::string tooDeep = jsonNestingError(text); !tooDeep.empty())
            throw TokenizerError(path.string() + ": " + tooDeep);
        try {
            added = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& e) {
            throw TokenizerError(path.string() + ": invalid JSON: " + e.what());
        }
    }
    int next = tokenizer->vocabSize();
    bool changed = false;
    for (const auto& token : {format.userToken, format.personaToken, format.knowledgeToken}) {
        if (tokenizer->tokenId(token) && tokenizer->encode(token).size() == 1) continue;
        added[token] = next++;
        changed = true;
    }
    if (changed) detail::writeTextFile(path.string(), added.dump(2) + "\n");
}

}  // namespace

double replyLoss(const Gpt2Model& model, const Tokenizer& tokenizer, const std::vector<std::string>& dialogFiles,
                 const std::string& split, int contextLength, int* count) {
    const auto examples =
        dialogExamples(readDialogFiles(dialogFiles), split, tokenizer, std::min(contextLength, model.config().nPositions));
    if (count) *count = static_cast<int>(examples.size());
    if (examples.empty()) return 0;
    auto& impl = model.impl();
    c10::InferenceMode guard;
    double total = 0, tokens = 0;
    for (size_t start = 0; start < examples.size(); start += 16) {
        std::vector<const Example*> batch;
        for (size_t i = start; i < std::min(examples.size(), start + 16); ++i) batch.push_back(&examples[i]);
        auto [ids, labels] = collate(batch, 0);
        ids = ids.to(impl.device);
        labels = labels.to(impl.device);
        const double n = (labels.narrow(1, 1, labels.size(1) - 1) != -100).sum().item<double>();
        total += lmLoss(impl.net, ids, labels).item<double>() * n;
        tokens += n;
    }
    return tokens > 0 ? total / tokens : 0;
}

namespace {

// The tokenizer in outDir (copied from the run's source, with the speaker tokens) and the model to
// train: the checkpoint to resume, the model to fine-tune, or a new one from the config.
std::unique_ptr<Gpt2Model> prepareModel(const GeneratorTrainOptions& o, bool resuming, std::unique_ptr<Tokenizer>& tokenizer) {
    const std::string source = resuming ? o.outDir : !o.init.empty() ? o.init : o.tokenizerDir;
    if (source.empty()) throw InvalidArgument("training from scratch needs a tokenizer folder");
    if (source != o.outDir) copyTokenizerFiles(source, o.outDir);
    ensureSpeakerTokens(o.outDir);
    tokenizer = loadTokenizer(o.outDir);
    std::unique_ptr<Gpt2Model> model;
    if (resuming || !o.init.empty()) {
        model = std::make_unique<Gpt2Model>(Gpt2Model::load(resuming ? o.outDir : o.init));
    } else {
        Gpt2Config c = o.config;
        c.vocabSize = tokenizer->vocabSize();
        c.nPositions = std::max(c.nPositions, o.contextLength);
        if (tokenizer->eosId()) c.eosTokenId = *tokenizer->eosId();
        if (tokenizer->bosId()) c.bosTokenId = *tokenizer->bosId();
        model = std::make_unique<Gpt2Model>(Gpt2Model::random(c, o.seed));
    }
    // Tokens the tokenizer has beyond the model (e.g. [P1u] [P2u] [Gk] just added): grow wte.
    if (tokenizer->vocabSize() > model->config().vocabSize) model->resizeVocabulary(tokenizer->vocabSize());
    return model;
}

// The examples of an epoch: dialogue replies (repeated dialogEpochs times) and fact restatements,
// and plain text (repeated textEpochs times).
struct GeneratorExamples {
    std::vector<Example> dialog;
    std::vector<Example> text;
};
GeneratorExamples trainingExamples(const GeneratorTrainOptions& o, const Tokenizer& tokenizer, int context) {
    GeneratorExamples out;
    const auto dialogFiles = readDialogFiles(o.dialogFiles);
    out.dialog = dialogExamples(dialogFiles, "train", tokenizer, context);
    const auto dialogOnce = out.dialog;
    for (int r = 1; r < o.dialogEpochs; ++r) out.dialog.insert(out.dialog.end(), dialogOnce.begin(), dialogOnce.end());
    for (auto& e : factExamples(dialogFiles, o.factExamples, tokenizer, context, o.seed)) out.dialog.push_back(std::move(e));
    const auto text = textExamples(o.textFiles, tokenizer, context);
    for (int r = 0; r < std::max(0, o.textEpochs); ++r) out.text.insert(out.text.end(), text.begin(), text.end());
    return out;
}

}  // namespace

GeneratorTrainResult trainGenerator(const GeneratorTrainOptions& o) {
    if (o.outDir.empty()) throw InvalidArgument("training needs an output folder");
    if (o.dialogFiles.empty() && o.textFiles.empty()) throw InvalidArgument("training needs dialogue or text files");
    fs::create_directories(o.outDir);
    const bool resuming = o.resume && fs::exists(fs::path(o.outDir) / "trainer_state.json");
    std::unique_ptr<Tokenizer> tokenizer;
    auto model = prepareModel(o, resuming, tokenizer);
    const int context = std::min(o.contextLength, model->config().nPositions);
    const auto examples = trainingExamples(o, *tokenizer, context);
    const int64_t perEpoch = static_cast<int64_t>(makeBatches(examples.dialog, examples.text, o.batchSize, o.seed).size());
    if (perEpoch == 0) throw InvalidArgument("no training examples in the given files");

    auto& impl = model->impl();
    GeneratorTrainResult result;
    result.trainExamples = static_cast<int>(examples.dialog.size() + examples.text.size());
    const int64_t pad = tokenizer->padId().value_or(0);
    std::vector<std::vector<const Example*>> batches;
    detail::TrainSteps steps;
    steps.rate = detail::TrainSteps::Rate::Tokens;
    steps.stepsPerEpoch = perEpoch;
    steps.parameters = impl.net->parameters();
    steps.startEpoch = [&](int epoch) {
        batches = makeBatches(examples.dialog, examples.text, o.batchSize, o.seed + static_cast<uint64_t>(epoch));
    };
    steps.loss = [&](int64_t b, double* tokens) {
        auto [ids, labels] = collate(batches[b], pad);
        *tokens = (labels != -100).sum().item<double>();
        return lmLoss(impl.net, ids, labels);
    };
    steps.evaluate = [&](TrainProgress& report) {
        int count = 0;
        const double val = o.dialogFiles.empty() ? 0 : replyLoss(*model, *tokenizer, o.dialogFiles, "validation", context, &count);
        result.validationLoss = report.validationLoss = val;
        result.validationPerplexity = std::exp(val);
        result.validationExamples = count;
        return nlohmann::json{{"validation_loss", val}, {"validation_perplexity", std::exp(val)}};
    };
    steps.setTraining = [&](bool on) { impl.net->train(on); };
    steps.saveModel = [&] { model->save(o.outDir, o.saveDType); };
    detail::runTrainLoop(o, resuming, steps, result);
    return result;
}

}  // namespace persona
