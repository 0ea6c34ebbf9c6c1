// The bi-encoder: a context encoder and a fact (candidate) encoder, both BERT, possibly shared.
// Scores are dot products or cosine similarities (scaled, by 10 in the seed) of pooled vectors.
#pragma once

#include "persona/model/compute.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace persona {

// Cls: the first token; Mean / Max: over the real tokens; LastToken: the last real token;
// Pooler: BERT's tanh pooler over the first token.
enum class Pooling { Cls, Mean, Pooler, Max, LastToken };
enum class Similarity { Dot, Cosine };
std::string toString(Pooling p);
std::string toString(Similarity s);
Pooling parsePooling(const std::string& s);        // "cls", "mean", "pooler", "max", "lasttoken"
Similarity parseSimilarity(const std::string& s);  // "dot", "cosine"

struct BiEncoderOptions {
    Pooling pooling = Pooling::Mean;
    Similarity similarity = Similarity::Cosine;
    double cosineScale = 10.0;   // the seed's
    int contextTurns = 3;        // dialogue turns in the context (the most recent)
    int maxContextTokens = 128;  // context truncated from the left
    int maxFactTokens = 48;      // facts truncated from the right
    // Pooled vectors scaled to unit length (sentence-transformers' Normalize module).
    bool normalize = false;
    // Text put before every context / fact, as sentence-transformers' prompts (e5: "query: ",
    // "passage: "); kept when a long context is cut from the left.
    std::string contextPrompt;
    std::string factPrompt;
    // The retrieval method the app should use with this retriever ("hybrid", "biencoder",
    // "bm25"): chosen by evaluation when the retriever was trained, empty when unknown.
    std::string preferredMethod;
    // Hybrid: the bi-encoder's weight in the weighted fusion of min-max-normalized scores (BM25
    // gets 1 - weight), fitted on the validation split; negative when unknown (then RRF).
    double fusionWeight = -1.0;
    // BM25: on a turn where no fact matches lexically, rank by the bi-encoder instead
    // (lexicalFallback); on only when that measured better on the validation split.
    bool lexicalFallback = false;
};

class BertModel;
class Tokenizer;

class BiEncoder {
public:
    // A folder with retriever.json ({"context_encoder":"ctx","candidate_encoder":"cand" or the
    // same folder, "pooling", "similarity", "cosine_scale", "context_turns", "max_context_tokens",
    // "max_fact_tokens", "normalize", "context_prompt", "fact_prompt"}), or a sentence-transformers
    // folder loaded as one shared encoder: modules.json (Transformer, Pooling, Normalize), the
    // pooling mode of 1_Pooling/config.json (cls, mean, max or lasttoken), and the "query" and
    // "passage"/"document" prompts and similarity_fn_name of config_sentence_transformers.json.
    // Each encoder folder holds a BERT, RoBERTa or XLM-RoBERTa checkpoint and its tokenizer.
    static BiEncoder load(const std::string& dir, const ComputeOptions& compute = {});
    // From models in memory (training); candidate may be null for a shared encoder.
    // tokenizerDir is the folder whose tokenizer files save() copies next to the weights.
    static BiEncoder fromModels(std::shared_ptr<BertModel> context, std::shared_ptr<BertModel> candidate,
                                std::shared_ptr<Tokenizer> tokenizer, const std::string& tokenizerDir,
                                BiEncoderOptions options, std::string id);

    BiEncoder(BiEncoder&&) noexcept;
    BiEncoder& operator=(BiEncoder&&) noexcept;
    ~BiEncoder();

    const BiEncoderOptions& options() const;
    // Identifies the weights, for the embedding cache: changes when the model changes.
    const std::string& modelId() const;
    int dimension() const;

    std::vector<float> encodeContext(const std::string& contextText) const;
    std::vector<std::vector<float>> encodeFacts(const std::vector<std::string>& facts, int batchSize = 32) const;
    double similarity(const std::vector<float>& context, const std::vector<float>& fact) const;
    std::vector<double> scores(const std::vector<float>& context, const std::vector<std::vector<float>>& facts) const;

    // How many facts went through the candidate encoder since load (tests count re-encoding).
    int64_t encodedFactCount() const;

    // Writes retriever.json and the encoder folders (training output).
    void save(const std::string& dir) const;

    struct Impl;
    Impl& impl() const { return *m_impl; }

private:
    explicit BiEncoder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace persona
