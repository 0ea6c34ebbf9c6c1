// BERT encoder as libtorch modules under the HuggingFace BertModel names.
//
// Legend: B batch, T time, H hidden size, NH heads, HD head size (H / NH), I intermediate size.
#pragma once

#include "persona/model/bert_model.h"

#include <torch/torch.h>

namespace persona::detail {

class BertEmbeddingsImpl : public torch::nn::Module {
public:
    explicit BertEmbeddingsImpl(const BertConfig& config);
    torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& typeIds);  // (B, T) -> (B, T, H)
    torch::nn::Embedding word_embeddings{nullptr}, position_embeddings{nullptr},
        token_type_embeddings{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};

private:
    // (B, T) position ids: 0..T-1 for BERT; from pad + 1 over non-padding tokens for RoBERTa.
    torch::Tensor positionIds(const torch::Tensor& ids) const;
    bool m_roberta = false;
    int64_t m_pad = 0;
};
TORCH_MODULE(BertEmbeddings);

class BertSelfAttentionImpl : public torch::nn::Module {
public:
    explicit BertSelfAttentionImpl(const BertConfig& config);
    // x (B, T, H); additiveMask (B, 1, 1, T) or undefined -> context (B, T, H)
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask);
    torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};

private:
    int64_t m_nHead;
};
TORCH_MODULE(BertSelfAttention);

// dense + dropout-free residual + LayerNorm: HF's BertSelfOutput and BertOutput.
class BertResidualOutputImpl : public torch::nn::Module {
public:
    BertResidualOutputImpl(int64_t in, int64_t hidden, double eps);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& residual);
    torch::nn::Linear dense{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(BertResidualOutput);

class BertAttentionImpl : public torch::nn::Module {
public:
    explicit BertAttentionImpl(const BertConfig& config);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask);
    BertSelfAttention self{nullptr};
    BertResidualOutput output{nullptr};
};
TORCH_MODULE(BertAttention);

class BertIntermediateImpl : public torch::nn::Module {
public:
    explicit BertIntermediateImpl(const BertConfig& config);
    torch::Tensor forward(const torch::Tensor& x);  // (B, T, H) -> (B, T, I)
    torch::nn::Linear dense{nullptr};

private:
    std::string m_activation;
};
TORCH_MODULE(BertIntermediate);

class BertLayerImpl : public torch::nn::Module {
public:
    explicit BertLayerImpl(const BertConfig& config);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask);
    BertAttention attention{nullptr};
    BertIntermediate intermediate{nullptr};
    BertResidualOutput output{nullptr};
};
TORCH_MODULE(BertLayer);

class BertEncoderImpl : public torch::nn::Module {
public:
    explicit BertEncoderImpl(const BertConfig& config);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask);
    torch::nn::ModuleList layer{nullptr};
    std::vector<BertLayer> layers;
};
TORCH_MODULE(BertEncoder);

class BertPoolerImpl : public torch::nn::Module {
public:
    explicit BertPoolerImpl(const BertConfig& config);
    torch::Tensor forward(const torch::Tensor& hidden);  // (B, T, H) -> (B, H): tanh(dense(h[:, 0]))
    torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(BertPooler);

class BertImpl : public torch::nn::Module {
public:
    BertImpl(const BertConfig& config, bool withPooler);
    // ids (B, T); mask (B, T) 1 = token, 0 = padding (undefined: all tokens); typeIds (B, T) or
    // undefined (all zero). Returns last_hidden_state (B, T, H).
    torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& mask = {},
                          const torch::Tensor& typeIds = {});
    bool hasPooler() const { return !pooler.is_empty(); }

    BertEmbeddings embeddings{nullptr};
    BertEncoder encoder{nullptr};
    BertPooler pooler{nullptr};

private:
    BertConfig m_config;
};
TORCH_MODULE(Bert);

}  // namespace persona::detail
