// Training on fixture data for a few steps: the tokenizer trainer reserves the speaker tokens, the
// loss of a tiny generator and a tiny retriever goes down, checkpoints reload to identical outputs,
// and a stopped run resumes to the same weights as an uninterrupted one.
#include "persona/data/seed_dialogs.h"
#include "persona/error.h"
#include "persona/retrieve/retrieval.h"
#include "persona/model/gpt2_model.h"
#include "persona/retrieve/biencoder.h"
#include "persona/text/tokenizer.h"
#include "persona/train/training.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <numeric>

namespace fs = std::filesystem;
using namespace persona;

namespace {

const std::string kDialogs = std::string(PERSONA_FIXTURES_DIR) + "/store/itmo_persona_dialogs.jsonl";
const std::string kText = std::string(PERSONA_FIXTURES_DIR) + "/text/itmo_knowledge_head.txt";

double mean(const std::vector<double>& v, size_t from, size_t to) {
    return std::accumulate(v.begin() + from, v.begin() + to, 0.0) / double(to - from);
}

class TrainTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        root = fs::temp_directory_path() / ("persona_train_" + std::to_string(::getpid()));
        fs::create_directories(root);
        TokenizerTrainOptions t;
        t.inputs = {kDialogs};
        t.outDir = (root / "tok").string();
        t.vocabSize = 500;
        trainTokenizer(t);
        // The same model as an encoder tokenizer (BOS/EOS around texts).
        fs::create_directories(root / "tok-enc");
        for (const auto& e : fs::directory_iterator(root / "tok")) fs::copy_file(e.path(), root / "tok-enc" / e.path().filename());
        writeSentencePieceConfig((root / "tok-enc").string(), true);
    }
    static void TearDownTestSuite() { fs::remove_all(root); }

    static GeneratorTrainOptions generatorOptions(const std::string& out) {
        GeneratorTrainOptions o;
        o.outDir = (root / out).string();
        o.tokenizerDir = (root / "tok").string();
        o.dialogFiles = {kDialogs};
        o.textFiles = {kText};
        o.config.nEmbd = 32, o.config.nLayer = 1, o.config.nHead = 2;
        o.contextLength = 64;
        o.batchSize = 8;
        o.learningRate = 3e-3;
        o.maxSteps = 40;
        o.seed = 5;
        return o;
    }
    static inline fs::path root;
};

TEST_F(TrainTest, TokenizerReservesTheSpeakerTokens) {
    auto tok = loadTokenizer((root / "tok").string());
    EXPECT_EQ(tok->kind(), "sentencepiece");
    EXPECT_EQ(tok->vocabSize(), 500);
    for (const char* t : {"[P1u]", "[P2u]", "[Gk]"}) {
        ASSERT_TRUE(tok->tokenId(t)) << t;
        const auto ids = tok->encode(std::string("привет ") + t + " мир");
        EXPECT_NE(std::find(ids.begin(), ids.end(), *tok->tokenId(t)), ids.end()) << t;
    }
    const std::string text = "Я живу в Санкт-Петербурге";
    EXPECT_EQ(tok->decode(tok->encode(text)), text);
    EXPECT_TRUE(tok->eosId());
}

TEST_F(TrainTest, GeneratorLossGoesDownAndTheCheckpointReloadsIdentically) {
    auto o = generatorOptions("gen");
    const auto r = trainGenerator(o);
    ASSERT_EQ(r.steps, 40);
    ASSERT_EQ(r.lossHistory.size(), 40u);
    EXPECT_LT(mean(r.lossHistory, 30, 40), mean(r.lossHistory, 0, 5) - 0.5);
    EXPECT_GT(r.validationExamples, 50);
    // The validation loss was computed on the model in memory; the saved checkpoint gives the same.
    const auto model = Gpt2Model::load(o.outDir);
    auto tok = loadTokenizer(o.outDir);
    EXPECT_DOUBLE_EQ(replyLoss(model, *tok, {kDialogs}, "validation", 64), r.validationLoss);
    EXPECT_TRUE(fs::exists(fs::path(o.outDir) / "train_log.jsonl"));
    EXPECT_TRUE(fs::exists(fs::path(o.outDir) / "optimizer.pt"));
}

TEST_F(TrainTest, DialogueRepeatsAndFactRestatementsAddTheirExamples) {
    // One example per training-split turn; --dialog-epochs repeats them; --fact-examples adds up
    // to N per training-split fact (fewer only when a question and the fact overflow the context).
    size_t turns = 0, facts = 0;
    const auto dialogs = data::readSeedDialogs(kDialogs);
    for (size_t d = 0; d < dialogs.size(); ++d) {
        if (data::splitOf(d) != data::Split::Train) continue;
        turns += dialogs[d].turns.size();
        for (const auto& p : dialogs[d].persons) facts += p.facts.size();
    }
    ASSERT_GT(facts, 10u);
    auto o = generatorOptions("examples");
    o.contextLength = 128;  // room for most questions before a fact
    o.textFiles.clear();
    o.maxSteps = 1;
    EXPECT_EQ(static_cast<size_t>(trainGenerator(o).trainExamples), turns);
    o.dialogEpochs = 2;
    EXPECT_EQ(static_cast<size_t>(trainGenerator(o).trainExamples), 2 * turns);
    o.dialogEpochs = 1;
    o.factExamples = 2;
    const size_t withFacts = static_cast<size_t>(trainGenerator(o).trainExamples);
    EXPECT_GE(withFacts, turns + facts);
    EXPECT_LE(withFacts, turns + 2 * facts);
}

TEST_F(TrainTest, AStoppedRunResumesToTheSameWeights) {
    auto straight = generatorOptions("straight");
    straight.maxSteps = 12;
    trainGenerator(straight);

    auto interrupted = generatorOptions("resumed");
    interrupted.maxSteps = 12;
    std::atomic_bool stop{false};
    interrupted.stop = &stop;
    interrupted.onProgress = [&](const TrainProgress& p) {
        if (p.phase == "train" && p.step == 5) stop = true;
    };
    const auto first = trainGenerator(interrupted);
    EXPECT_TRUE(first.stopped);
    EXPECT_EQ(first.steps, 5);
    interrupted.stop = nullptr;
    interrupted.onProgress = {};
    interrupted.resume = true;
    const auto second = trainGenerator(interrupted);
    EXPECT_EQ(second.steps, 12);

    const auto a = Gpt2Model::load(straight.outDir);
    const auto b = Gpt2Model::load(interrupted.outDir);
    const std::vector<int> ids{5, 17, 42, 99, 3};
    const auto la = a.logits(ids), lb = b.logits(ids);
    for (size_t t = 0; t < la.size(); ++t)
        for (size_t v = 0; v < la[t].size(); ++v) ASSERT_NEAR(la[t][v], lb[t][v], 1e-4);
}

TEST_F(TrainTest, RetrieverLossGoesDownAndTheCheckpointReloadsIdentically) {
    RetrieverTrainOptions o;
    o.outDir = (root / "ret").string();
    o.tokenizerDir = (root / "tok-enc").string();
    o.dialogFiles = {kDialogs};
    o.config.hiddenSize = 32, o.config.numHiddenLayers = 1, o.config.numAttentionHeads = 2;
    o.config.intermediateSize = 64, o.config.maxPositionEmbeddings = 128;
    o.encoder.maxContextTokens = 96;
    o.encoder.maxFactTokens = 32;
    o.epochs = 4;
    o.batchSize = 16;
    o.learningRate = 2e-3;
    o.seed = 1;
    const auto r = trainRetriever(o);
    ASSERT_GT(r.steps, 20);
    const size_t n = r.lossHistory.size();
    EXPECT_LT(mean(r.lossHistory, n - n / 4, n), mean(r.lossHistory, 0, n / 4));
    EXPECT_GT(r.validation.turns, 0);
    // The saved retriever scores exactly as the one in memory did.
    const auto enc = BiEncoder::load(o.outDir);
    EXPECT_FALSE(enc.options().preferredMethod.empty());
    std::vector<data::LabelledTurn> validation;
    for (auto& t : data::labelledTurns(data::readSeedDialogs(kDialogs)))
        if (data::splitOf(t.dialog) == data::Split::Validation) validation.push_back(std::move(t));
    const auto reloaded = evaluateRanking(validation, [&](const data::LabelledTurn& t) {
        return enc.scores(enc.encodeContext(contextOf(t, enc.options().contextTurns)), enc.encodeFacts(t.facts));
    });
    EXPECT_EQ(reloaded.turns, r.validation.turns);
    EXPECT_DOUBLE_EQ(reloaded.mrr, r.validation.mrr);
    EXPECT_DOUBLE_EQ(reloaded.recallAt1, r.validation.recallAt1);
    // The hybrid fusion weight was fitted on the validation split; refitting the saved folder
    // finds the same weight and default and keeps hybrid at least as good as either part.
    EXPECT_GE(enc.options().fusionWeight, 0.0);
    EXPECT_LE(enc.options().fusionWeight, 1.0);
    const auto refit = fitRetrieverFusion(o.outDir, {kDialogs});
    EXPECT_DOUBLE_EQ(refit.fusion.weight, enc.options().fusionWeight);
    EXPECT_EQ(refit.preferred, enc.options().preferredMethod);
    EXPECT_GE(refit.fusion.hybrid.mrr, std::max(refit.bm25.mrr, refit.biencoder.mrr));
    const auto again = BiEncoder::load(o.outDir);
    EXPECT_DOUBLE_EQ(again.options().fusionWeight, refit.fusion.weight);
    const auto compared = compareMethods(validation, &again);
    EXPECT_DOUBLE_EQ(compared.hybrid->mrr, refit.fusion.hybrid.mrr);
}

TEST_F(TrainTest, UnlabelledPairsComeFromTrainingDialoguesAndCorpora) {
    RetrieverPretrainOptions o;
    o.dialogFiles = {kDialogs};
    o.textFiles = {kText};
    o.maxPairsPerKind = 50;
    o.seed = 3;
    const auto pairs = unlabelledPairs(o);
    std::map<std::string, int> kinds;
    for (const auto& p : pairs) {
        ++kinds[p.kind];
        EXPECT_EQ(p.anchor.rfind("[P1u] ", 0), 0u) << p.anchor;
        EXPECT_FALSE(p.positive.empty());
    }
    for (const char* kind : {"turn_next", "fact_noised", "reply_fact", "sentence_next"}) {
        EXPECT_GT(kinds[kind], 0) << kind;
        EXPECT_LE(kinds[kind], 50) << kind;
    }
    // No text of a validation or test dialogue is used.
    const auto dialogs = data::readSeedDialogs(kDialogs);
    std::set<std::string> heldOut, training;
    for (size_t i = 0; i < dialogs.size(); ++i)
        for (const auto& t : dialogs[i].turns) (data::splitOf(i) == data::Split::Train ? training : heldOut).insert(t.text);
    for (const auto& p : pairs)
        if (p.kind == "turn_next" && !training.count(p.positive)) {
            EXPECT_FALSE(heldOut.count(p.positive)) << p.positive;
        }
    EXPECT_EQ(unlabelledPairs(o).size(), pairs.size());  // seeded: the same pairs again
}

TEST_F(TrainTest, RetrieverPretrainingSavesAnEncoderToFineTune) {
    RetrieverPretrainOptions o;
    o.outDir = (root / "ret-pre").string();
    o.tokenizerDir = (root / "tok-enc").string();
    o.dialogFiles = {kDialogs};
    o.textFiles = {kText};
    o.maxPairsPerKind = 40;
    o.config.hiddenSize = 32, o.config.numHiddenLayers = 1, o.config.numAttentionHeads = 2;
    o.config.intermediateSize = 64, o.config.maxPositionEmbeddings = 128;
    o.encoder.maxContextTokens = 96;
    o.encoder.maxFactTokens = 32;
    o.batchSize = 16;
    o.maxSteps = 4;
    o.seed = 2;
    const auto r = pretrainRetriever(o);
    EXPECT_EQ(r.steps, 4);
    EXPECT_GT(r.trainExamples, 100);
    RetrieverTrainOptions fine;
    fine.outDir = (root / "ret-fine").string();
    fine.init = o.outDir;
    fine.dialogFiles = {kDialogs};
    fine.maxSteps = 2;
    fine.batchSize = 8;
    EXPECT_EQ(trainRetriever(fine).steps, 2);
    EXPECT_NO_THROW(BiEncoder::load(fine.outDir));
}

TEST_F(TrainTest, FusionFitNeedsARetrieverFolder) {
    try {
        fitRetrieverFusion((root / "no-retriever").string(), {kDialogs});
        FAIL() << "no throw";
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("no retriever.json"), std::string::npos);
    }
}

TEST_F(TrainTest, MissingInputsAreNamed) {
    GeneratorTrainOptions o;
    o.outDir = (root / "none").string();
    EXPECT_THROW(trainGenerator(o), InvalidArgument);
    TokenizerTrainOptions t;
    t.outDir = (root / "none-tok").string();
    EXPECT_THROW(trainTokenizer(t), InvalidArgument);
}

}  // namespace
