// A BERT-family encoder loaded from a model folder, with HuggingFace's semantics for each
// model_type: "bert" (BertModel: LaBSE, rubert-tiny2, sbert_large_nlu_ru), "roberta"
// (RobertaModel) and "xlm-roberta" (XLMRobertaModel: multilingual-e5, bge-m3's dense encoder).
// The RoBERTa types differ from BERT only in their position ids, which count from
// pad_token_id + 1 over the non-padding tokens (HF's create_position_ids_from_input_ids), and in
// having one token type; the weights have the same names.
#pragma once

#include "persona/model/compute.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace persona {

struct BertConfig {
    int hiddenSize = 768;
    int numHiddenLayers = 12;
    int numAttentionHeads = 12;
    int intermediateSize = 3072;
    int maxPositionEmbeddings = 512;
    int typeVocabSize = 2;
    int vocabSize = 30522;
    double layerNormEps = 1e-12;
    std::string hiddenAct = "gelu";
    int padTokenId = 0;
    std::string modelType = "bert";  // "bert", "roberta" or "xlm-roberta"

    // RoBERTa position ids: padding_idx + 1 + index for real tokens, padding_idx for padding.
    bool robertaPositions() const { return modelType != "bert"; }
    // The longest sequence the position table holds (max_position_embeddings less the offset).
    int maxTokens() const { return robertaPositions() ? maxPositionEmbeddings - padTokenId - 1 : maxPositionEmbeddings; }

    static BertConfig fromJsonFile(const std::string& path);
    static BertConfig fromJsonText(const std::string& text, const std::string& origin);
    std::string toJsonText() const;
};

struct BertOutput {
    std::vector<std::vector<float>> lastHiddenState;  // [T][H]
    std::vector<float> poolerOutput;                  // [H]; empty when the model has no pooler
};

class BertModel {
public:
    static BertModel load(const std::string& dir, const ComputeOptions& options = {});
    static BertModel random(const BertConfig& config, uint64_t seed, bool withPooler,
                            const ComputeOptions& options = {});

    BertModel(BertModel&&) noexcept;
    BertModel& operator=(BertModel&&) noexcept;
    ~BertModel();

    const BertConfig& config() const;
    bool hasPooler() const;

    // One sequence, all tokens attended (no padding).
    BertOutput forward(const std::vector<int>& ids) const;

    void save(const std::string& dir, WeightDType storage = WeightDType::F32) const;

    struct Impl;
    Impl& impl() const { return *m_impl; }

private:
    explicit BertModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace persona
