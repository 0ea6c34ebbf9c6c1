// Training: the tokenizer, the generator (causal LM) and the retriever (bi-encoder), on the seed
// dialogue format and plain text. The same code trains the bundled demo models and a user's own.
#pragma once

#include "persona/model/bert_model.h"
#include "persona/model/gpt2_model.h"
#include "persona/retrieve/biencoder.h"
#include "persona/retrieve/evaluation.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace persona {

// Reported every step; also written to the JSON-lines log that the GUI's training view plots.
struct TrainProgress {
    std::string phase;        // "train" or "eval"
    int epoch = 0;            // 1-based
    int epochs = 0;
    int64_t step = 0;         // optimizer steps done, 1-based
    int64_t totalSteps = 0;
    double loss = 0;              // train: this step's training loss (0 in eval reports)
    double learningRate = 0;      // train
    double tokensPerSecond = 0;   // train, generator: tokens per second over the run (retriever: 0)
    double examplesPerSecond = 0; // train, retriever: examples per second over the run (generator: 0)
    double validationLoss = 0;    // eval, generator: mean reply loss on the validation split
    double validationMrr = 0;     // eval, retriever: MRR on the validation split
    double elapsedSeconds = 0;
    double etaSeconds = 0;
};

struct TrainCommon {
    std::string outDir;           // checkpoints (HF layout) + train_log.jsonl + trainer_state.json
    int epochs = 1;
    int batchSize = 8;
    double learningRate = 5e-4;
    double weightDecay = 0.01;
    double warmupRatio = 0.05;    // of all steps; then cosine decay to minLrRatio
    double minLrRatio = 0.1;
    double clipNorm = 1.0;
    uint64_t seed = 0;            // same seed, same data, same settings -> same run
    int64_t maxSteps = 0;         // 0: all epochs
    bool resume = false;          // continue from outDir (weights, optimizer state, step)
    WeightDType saveDType = WeightDType::F32;
    std::function<void(const TrainProgress&)> onProgress;
    const std::atomic_bool* stop = nullptr;  // set (e.g. by Ctrl+C): save and return
};

struct TrainResult {
    int64_t steps = 0;
    double seconds = 0;
    bool stopped = false;          // ended by the stop flag (the checkpoint is saved)
    std::vector<double> lossHistory;  // per step
    double firstLoss = 0;
    double lastLoss = 0;           // mean of the last 10% of steps
};

// ---- tokenizer --------------------------------------------------------------------------------

struct TokenizerTrainOptions {
    std::vector<std::string> inputs;  // text files (.txt), seed dialogues (.jsonl), or JSON posts (.json)
    std::string outDir;               // writes sp.model + tokenizer files for a generator and a retriever
    int vocabSize = 8000;
    std::vector<std::string> specialTokens{"[P1u]", "[P2u]", "[Gk]"};
};
// Trains a SentencePiece unigram model with the special tokens reserved as single pieces, and
// writes added_tokens.json / special_tokens_map.json / tokenizer_config.json beside it.
void trainTokenizer(const TokenizerTrainOptions& options);
// Writes tokenizer_config.json for the use of a SentencePiece folder: a generator (no BOS added)
// or an encoder (BOS/EOS around each text, like [CLS] ... [SEP]).
void writeSentencePieceConfig(const std::string& dir, bool forEncoder);

// Plain text of a corpus file: .json (an object of posts with a "text" field), .jsonl (seed
// dialogues: every turn) or anything else (the file as is).
std::string corpusText(const std::string& path);

// ---- generator --------------------------------------------------------------------------------

struct GeneratorTrainOptions : TrainCommon {
    std::string init;                   // model folder to fine-tune; empty: from scratch
    Gpt2Config config;                  // from scratch (vocab size is taken from the tokenizer)
    std::string tokenizerDir;           // from scratch: the tokenizer folder
    std::vector<std::string> dialogFiles;  // seed-format JSONL: persona replies, loss on replies
    std::vector<std::string> textFiles;    // plain text: causal LM on everything
    int contextLength = 256;
    int textEpochs = 1;                 // passes over plain text per epoch
    int dialogEpochs = 1;               // passes over the dialogue replies per epoch
    // Restatement examples per training-split fact and epoch: the fact as [Gk], a question a
    // partner asked before a labelled reply, the fact itself as the reply (teaches a small model
    // to use its knowledge; 0 = none).
    int factExamples = 0;
};

struct GeneratorTrainResult : TrainResult {
    double validationLoss = 0;          // on the validation split's replies
    double validationPerplexity = 0;
    int trainExamples = 0;
    int validationExamples = 0;
};

GeneratorTrainResult trainGenerator(const GeneratorTrainOptions& options);

// Validation loss of a generator on the replies of the given split of seed dialogues.
double replyLoss(const Gpt2Model& model, const Tokenizer& tokenizer, const std::vector<std::string>& dialogFiles,
                 const std::string& split, int contextLength, int* examples = nullptr);

// ---- retriever --------------------------------------------------------------------------------

struct RetrieverTrainOptions : TrainCommon {
    std::string init;                 // retriever folder to fine-tune; empty: from scratch
    BertConfig config;                // from scratch (vocab size from the tokenizer)
    std::string tokenizerDir;         // from scratch: the tokenizer folder (encoder config)
    BiEncoderOptions encoder;
    std::vector<std::string> dialogFiles;
    int hardNegatives = 4;            // other facts of the same persona per example
};

struct RetrieverTrainResult : TrainResult {
    RankingMetrics validation;        // after the last epoch, on the validation split
    int trainExamples = 0;
};

RetrieverTrainResult trainRetriever(const RetrieverTrainOptions& options);


// ---- hybrid fusion (issue 15) -----------------------------------------------------------------

// The gk-labelled turns of the given split ("train", "validation", "test" or "all") of seed files.
std::vector<data::LabelledTurn> labelledTurnsOf(const std::vector<std::string>& dialogFiles, const std::string& split);

// The retrieval method a bi-encoder should default to, chosen on labelled (validation) turns: the
// fusion weight is fitted first (fitFusionWeight), then the best MRR of bm25, biencoder and hybrid
// wins, hybrid on ties; a fitted weight of 0 or 1 ranks as bm25 or the bi-encoder alone, so that
// one is preferred (cheaper, same ranking).
struct RetrievalChoice {
    RankingMetrics bm25;
    RankingMetrics biencoder;
    FusionFit fusion;
    std::string preferred;  // "bm25", "biencoder" or "hybrid"
    // BM25 with the bi-encoder on turns that match no fact lexically; chosen (lexicalFallback)
    // only when the preferred method is bm25 and this MRR is higher than bm25's.
    RankingMetrics bm25Fallback;
    bool lexicalFallback = false;
};
RetrievalChoice chooseRetrievalMethod(const std::vector<data::LabelledTurn>& turns, const BiEncoder& encoder);

// Fits the fusion weight of a saved retriever on the validation split of the dialogue files and
// writes fusion_weight and preferred_method into its retriever.json (the weights are untouched).
RetrievalChoice fitRetrieverFusion(const std::string& retrieverDir, const std::vector<std::string>& dialogFiles);

// ---- fact use (issue 15) ----------------------------------------------------------------------

// The content words of a text, as fact_use compares them: maximal runs of letters, case-folded
// (ё as е), of at least 4 letters and not in a short list of Russian function words and fillers
// (contentStopWords), each cut to its first five letters (a crude stem: "программистом" and
// "программист" -> "прогр"; "ИТМО" -> "итмо").
std::vector<std::string> contentStems(const std::string& text);
const std::vector<std::string>& contentStopWords();
// Whether the reply contains a content word of at least one of the facts (compared by stems).
bool usesFacts(const std::string& reply, const std::vector<std::string>& facts);

// ---- retriever pre-training on pairs that need no labels (issue 15) ---------------------------

struct RetrieverPretrainOptions : RetrieverTrainOptions {
    std::vector<std::string> textFiles;  // corpora (as corpusText reads them): sentence -> next sentence
    int maxPairsPerKind = 2000;          // per kind of pair, chosen at random (seeded)
    double noise = 0.3;                  // fact -> noised copy: the share of words dropped
};

// An anchor (formatted as a one-turn context) and its positive (a plain text, as a fact is).
struct RetrievalPair {
    std::string anchor;
    std::string positive;
    std::string kind;  // "turn_next", "fact_noised", "reply_fact", "sentence_next"
};
// Pairs from the training split of the dialogue files only (validation and test dialogues stay
// unseen): each turn and the next turn; each persona fact, noised, and the fact; a turn and the
// fact of the next speaker that the next turn's text matches best by BM25 (a silver label, for
// turns without gold labels); and each corpus sentence and the next one.
std::vector<RetrievalPair> unlabelledPairs(const RetrieverPretrainOptions& options);

// Contrastive training on unlabelledPairs with in-batch negatives only; then train the gold pairs
// with RetrieverTrainOptions::init set to this output folder.
RetrieverTrainResult pretrainRetriever(const RetrieverPretrainOptions& options);

// ---- silver knowledge for generator training (issue 15) ---------------------------------------

// Gives every turn of a training-split dialogue that has no gk labels the speaker's facts whose
// content words its text contains (usesFacts), as silver gk labels, so that the generator sees
// many more replies that restate a [Gk] fact. Validation and test dialogues are left as they
// are. Returns the number of turns labelled.
int addSilverKnowledge(std::vector<data::SeedDialog>& dialogs);
// Writes dialogues in the seed JSONL format (persons with id/description/gender; dialog turns
// with person/text/gk/emotion), one per line.
void writeSeedDialogs(const std::string& path, const std::vector<data::SeedDialog>& dialogs);

}  // namespace persona
