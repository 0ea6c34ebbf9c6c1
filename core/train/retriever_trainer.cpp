// Retriever training: the context -> gk-fact task of the seed dialogues, cross-entropy over
// in-batch negatives and hard negatives (other facts of the same persona), AdamW, warm-up +
// cosine schedule; recall@1/@5 and MRR on the validation split after every epoch.
//
// Legend: B batch (examples), N candidates, H hidden size, T time.
#include "persona/train/training.h"

#include "model/weights_io.h"
#include "persona/data/seed_dialogs.h"
#include "persona/error.h"
#include "persona/model/model_folder.h"
#include "persona/retrieve/bm25.h"
#include "persona/retrieve/retrieval.h"
#include "persona/text/tokenizer.h"
#include "retrieve/biencoder_impl.h"
#include "train/train_common.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>

namespace fs = std::filesystem;

namespace persona {
namespace {

struct RetrievalExample {
    std::string context;
    std::string positive;
    std::vector<std::string> negatives;  // hard: the persona's other facts
    std::set<std::string> gold;          // every gold fact of the turn (not negatives for it)
};

std::vector<RetrievalExample> examplesOf(const std::vector<data::LabelledTurn>& turns, int contextTurns, int hard,
                                         uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<RetrievalExample> out;
    for (const auto& t : turns) {
        std::set<std::string> gold;
        for (int g : t.gold) gold.insert(t.facts[g]);
        std::vector<std::string> others;
        for (const auto& f : t.facts)
            if (!gold.count(f)) others.push_back(f);
        for (int g : t.gold) {
            RetrievalExample e;
            e.context = contextOf(t, contextTurns);
            e.positive = t.facts[g];
            e.gold = gold;
            std::shuffle(others.begin(), others.end(), rng);
            e.negatives.assign(others.begin(), others.begin() + std::min<size_t>(others.size(), std::max(0, hard)));
            out.push_back(std::move(e));
        }
    }
    return out;
}

torch::Tensor encodeTexts(BertModel& model, const Tokenizer& tok, const std::vector<std::string>& texts, int maxTokens,
                          bool keepEnd, Pooling pooling) {
    auto& enc = model.impl();
    auto batch = detail::encodeBatch(tok, texts, maxTokens, keepEnd, enc.device);
    auto hidden = enc.net->forward(batch.ids, batch.mask);      // (B, T, H)
    return detail::pool(enc, hidden, batch.mask, pooling);      // (B, H)
}

// A new shared encoder from the tokenizer, or the retriever to resume or fine-tune.
std::unique_ptr<BiEncoder> makeEncoder(const RetrieverTrainOptions& o, bool resuming) {
    if (resuming || !o.init.empty()) return std::make_unique<BiEncoder>(BiEncoder::load(resuming ? o.outDir : o.init));
    if (o.tokenizerDir.empty()) throw InvalidArgument("training from scratch needs a tokenizer folder");
    auto tokenizer = std::shared_ptr<Tokenizer>(loadTokenizer(o.tokenizerDir));
    BertConfig c = o.config;
    c.vocabSize = tokenizer->vocabSize();
    if (tokenizer->padId()) c.padTokenId = *tokenizer->padId();
    auto bert = std::make_shared<BertModel>(BertModel::random(c, o.seed, o.encoder.pooling == Pooling::Pooler));
    return std::make_unique<BiEncoder>(BiEncoder::fromModels(bert, nullptr, tokenizer, o.tokenizerDir, o.encoder, "training"));
}

// The scores of a batch's contexts against its candidates, the positives first, then each
// example's hard negatives.
torch::Tensor contrastiveLoss(BiEncoder::Impl& impl, const std::vector<const RetrievalExample*>& batch) {
    const BiEncoderOptions& opts = impl.options;
    std::vector<std::string> contexts, candidates;
    for (const auto* e : batch) {
        contexts.push_back(e->context);
        candidates.push_back(e->positive);  // candidate i is example i's positive
    }
    for (const auto* e : batch) candidates.insert(candidates.end(), e->negatives.begin(), e->negatives.end());
    const int64_t B = static_cast<int64_t>(batch.size()), N = static_cast<int64_t>(candidates.size());
    // A candidate that is one of an example's gold facts is no negative for it.
    auto mask = torch::zeros({B, N}, torch::kBool);
    auto M = mask.accessor<bool, 2>();
    for (int64_t i = 0; i < B; ++i)
        for (int64_t c = 0; c < N; ++c)
            if (c != i && batch[i]->gold.count(candidates[c])) M[i][c] = true;
    auto ctx = encodeTexts(*impl.context, *impl.tokenizer, contexts, opts.maxContextTokens, true, opts.pooling);     // (B, H)
    auto cand = encodeTexts(*impl.candidate, *impl.tokenizer, candidates, opts.maxFactTokens, false, opts.pooling);  // (N, H)
    auto scores = detail::similarityMatrix(ctx, cand, opts).masked_fill(mask.to(ctx.device()), -1e9);             // (B, N)
    return torch::nn::functional::cross_entropy(scores, torch::arange(B, torch::TensorOptions().dtype(torch::kLong).device(ctx.device())));
}

// The method the app should use and the hybrid fusion weight, both fitted on the validation split.
void choosePreferred(BiEncoder& encoder, const std::vector<data::LabelledTurn>& valTurns, detail::TrainLog& log) {
    if (valTurns.empty()) return;
    auto& impl = encoder.impl();
    const RetrievalChoice c = chooseRetrievalMethod(valTurns, encoder);
    impl.options.preferredMethod = c.preferred;
    impl.options.fusionWeight = c.fusion.weight;
    impl.options.lexicalFallback = c.lexicalFallback;
    log.write({{"type", "choice"}, {"bm25_mrr", c.bm25.mrr}, {"biencoder_mrr", c.biencoder.mrr}, {"hybrid_mrr", c.fusion.hybrid.mrr},
               {"fusion_weight", c.fusion.weight}, {"preferred", c.preferred}});
}

void saveEncoder(BiEncoder& encoder, const std::string& outDir, WeightDType dtype) {
    auto& impl = encoder.impl();
    encoder.save(outDir);
    // save() wrote F32; rewrite the encoders in the requested storage precision.
    if (dtype != WeightDType::F32) {
        impl.context->save((fs::path(outDir) / "context").string(), dtype);
        if (!impl.shared()) impl.candidate->save((fs::path(outDir) / "candidate").string(), dtype);
    }
}

// The contrastive steps shared by gold-pair training and unlabelled pre-training: cross-entropy of
// each context against the batch's positives and negatives; MRR on the validation turns per epoch.
RetrieverTrainResult runTraining(const RetrieverTrainOptions& o, BiEncoder& encoder, bool resuming,
                                 const std::vector<RetrievalExample>& examples,
                                 const std::vector<data::LabelledTurn>& valTurns) {
    auto& impl = encoder.impl();
    RetrieverTrainResult result;
    result.trainExamples = static_cast<int>(examples.size());
    std::vector<const RetrievalExample*> order;
    detail::TrainSteps steps;
    steps.rate = detail::TrainSteps::Rate::Examples;
    steps.stepsPerEpoch = (static_cast<int64_t>(examples.size()) + o.batchSize - 1) / o.batchSize;
    steps.parameters = impl.context->impl().net->parameters();
    if (!impl.shared())
        for (auto& p : impl.candidate->impl().net->parameters()) steps.parameters.push_back(p);
    steps.startEpoch = [&](int epoch) {
        order.clear();
        for (const auto& e : examples) order.push_back(&e);
        std::mt19937_64 rng(o.seed + static_cast<uint64_t>(epoch));
        std::shuffle(order.begin(), order.end(), rng);
    };
    steps.loss = [&](int64_t b, double* count) {
        const size_t from = static_cast<size_t>(b) * o.batchSize;
        const std::vector<const RetrievalExample*> batch(order.begin() + from, order.begin() + std::min(order.size(), from + o.batchSize));
        *count = double(batch.size());
        return contrastiveLoss(impl, batch);
    };
    steps.evaluate = [&](TrainProgress& report) {
        result.validation = *compareMethods(valTurns, &encoder).biencoder;
        report.validationMrr = result.validation.mrr;
        return nlohmann::json{{"recall@1", result.validation.recallAt1}, {"recall@5", result.validation.recallAt5},
                              {"mrr", result.validation.mrr}, {"turns", result.validation.turns}};
    };
    steps.setTraining = [&](bool on) {
        impl.context->impl().net->train(on);
        impl.candidate->impl().net->train(on);
    };
    steps.saveModel = [&] { saveEncoder(encoder, o.outDir, o.saveDType); };
    steps.finish = [&](detail::TrainLog& log) { choosePreferred(encoder, valTurns, log); };
    detail::runTrainLoop(o, resuming, steps, result);
    return result;
}

void checkOptions(const RetrieverTrainOptions& o) {
    if (o.outDir.empty()) throw InvalidArgument("training needs an output folder");
    if (o.dialogFiles.empty()) throw InvalidArgument("retriever training needs seed-format dialogue files");
    fs::create_directories(o.outDir);
}

}  // namespace

RetrieverTrainResult trainRetriever(const RetrieverTrainOptions& o) {
    checkOptions(o);
    const bool resuming = o.resume && fs::exists(fs::path(o.outDir) / "trainer_state.json");
    auto encoder = makeEncoder(o, resuming);
    const auto examples = examplesOf(labelledTurnsOf(o.dialogFiles, "train"), encoder->options().contextTurns, o.hardNegatives, o.seed);
    if (examples.empty()) throw InvalidArgument("no gk-labelled training turns in the given files");
    return runTraining(o, *encoder, resuming, examples, labelledTurnsOf(o.dialogFiles, "validation"));
}

RetrieverTrainResult pretrainRetriever(const RetrieverPretrainOptions& o) {
    checkOptions(o);
    const bool resuming = o.resume && fs::exists(fs::path(o.outDir) / "trainer_state.json");
    auto encoder = makeEncoder(o, resuming);
    std::vector<RetrievalExample> examples;
    for (auto& p : unlabelledPairs(o)) {
        RetrievalExample e;
        e.context = std::move(p.anchor);
        e.positive = std::move(p.positive);
        e.gold = {e.positive};
        examples.push_back(std::move(e));
    }
    if (examples.empty()) throw InvalidArgument("retriever pre-training: no pairs in the given files");
    return runTraining(o, *encoder, resuming, examples, labelledTurnsOf(o.dialogFiles, "validation"));
}

}  // namespace persona
