#include "model/bert.h"

#include "model/gpt2.h"
#include "persona/error.h"

#include <cmath>

namespace persona::detail {

BertEmbeddingsImpl::BertEmbeddingsImpl(const BertConfig& c) : m_roberta(c.robertaPositions()), m_pad(c.padTokenId) {
    word_embeddings = register_module("word_embeddings", torch::nn::Embedding(c.vocabSize, c.hiddenSize));
    position_embeddings =
        register_module("position_embeddings", torch::nn::Embedding(c.maxPositionEmbeddings, c.hiddenSize));
    token_type_embeddings =
        register_module("token_type_embeddings", torch::nn::Embedding(c.typeVocabSize, c.hiddenSize));
    LayerNorm = register_module(
        "LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hiddenSize}).eps(c.layerNormEps)));
}

torch::Tensor BertEmbeddingsImpl::positionIds(const torch::Tensor& ids) const {
    const int64_t T = ids.size(1);
    if (!m_roberta) return torch::arange(T, torch::TensorOptions().dtype(torch::kLong).device(ids.device())).unsqueeze(0);  // (1, T)
    auto real = ids.ne(m_pad).to(torch::kLong);  // (B, T)
    return torch::cumsum(real, 1) * real + m_pad;  // (B, T)
}

torch::Tensor BertEmbeddingsImpl::forward(const torch::Tensor& ids, const torch::Tensor& typeIds) {
    const int64_t T = ids.size(1);
    const int64_t positions = position_embeddings->weight.size(0), first = m_roberta ? m_pad + 1 : 0;
    if (T + first > positions)
        throw InvalidArgument("sequence of " + std::to_string(T) + " tokens exceeds the encoder's " +
                              std::to_string(positions - first) + " positions");
    auto pos = positionIds(ids);  // (B or 1, T)
    auto x = word_embeddings(ids) + position_embeddings(pos) + token_type_embeddings(typeIds);  // (B, T, H)
    return LayerNorm(x);
}

BertSelfAttentionImpl::BertSelfAttentionImpl(const BertConfig& c) : m_nHead(c.numAttentionHeads) {
    query = register_module("query", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
    key = register_module("key", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
    value = register_module("value", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
}

torch::Tensor BertSelfAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask) {
    const int64_t B = x.size(0), T = x.size(1), H = x.size(2);
    const int64_t NH = m_nHead, HD = H / NH;
    auto q = query(x).view({B, T, NH, HD}).transpose(1, 2);        // (B, NH, T, HD)
    auto k = key(x).view({B, T, NH, HD}).transpose(1, 2);          // (B, NH, T, HD)
    auto v = value(x).view({B, T, NH, HD}).transpose(1, 2);        // (B, NH, T, HD)
    auto att = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(static_cast<double>(HD));  // (B, NH, T, T)
    if (additiveMask.defined()) att = att + additiveMask;
    att = torch::softmax(att, -1);
    return torch::matmul(att, v).transpose(1, 2).reshape({B, T, H});  // (B, T, H)
}

BertResidualOutputImpl::BertResidualOutputImpl(int64_t in, int64_t hidden, double eps) {
    dense = register_module("dense", torch::nn::Linear(in, hidden));
    LayerNorm = register_module("LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden}).eps(eps)));
}

torch::Tensor BertResidualOutputImpl::forward(const torch::Tensor& x, const torch::Tensor& residual) {
    return LayerNorm(dense(x) + residual);  // (B, T, H)
}

BertAttentionImpl::BertAttentionImpl(const BertConfig& c) {
    self = register_module("self", BertSelfAttention(c));
    output = register_module("output", BertResidualOutput(c.hiddenSize, c.hiddenSize, c.layerNormEps));
}

torch::Tensor BertAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask) {
    return output(self(x, additiveMask), x);
}

BertIntermediateImpl::BertIntermediateImpl(const BertConfig& c) : m_activation(c.hiddenAct) {
    dense = register_module("dense", torch::nn::Linear(c.hiddenSize, c.intermediateSize));
}

torch::Tensor BertIntermediateImpl::forward(const torch::Tensor& x) {
    return applyActivation(m_activation, dense(x));  // (B, T, I)
}

BertLayerImpl::BertLayerImpl(const BertConfig& c) {
    attention = register_module("attention", BertAttention(c));
    intermediate = register_module("intermediate", BertIntermediate(c));
    output = register_module("output", BertResidualOutput(c.intermediateSize, c.hiddenSize, c.layerNormEps));
}

torch::Tensor BertLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask) {
    auto a = attention(x, additiveMask);  // (B, T, H)
    return output(intermediate(a), a);    // (B, T, H)
}

BertEncoderImpl::BertEncoderImpl(const BertConfig& c) {
    layer = register_module("layer", torch::nn::ModuleList());
    for (int i = 0; i < c.numHiddenLayers; ++i) {
        layers.push_back(BertLayer(c));
        layer->push_back(layers.back());
    }
}

torch::Tensor BertEncoderImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask) {
    auto h = x;
    for (auto& l : layers) h = l(h, additiveMask);
    return h;
}

BertPoolerImpl::BertPoolerImpl(const BertConfig& c) {
    dense = register_module("dense", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
}

torch::Tensor BertPoolerImpl::forward(const torch::Tensor& hidden) {
    return torch::tanh(dense(hidden.select(1, 0)));  // (B, H)
}

BertImpl::BertImpl(const BertConfig& config, bool withPooler) : m_config(config) {
    checkActivation(config.hiddenAct, "BERT config");
    if (config.numAttentionHeads == 0 || config.hiddenSize % config.numAttentionHeads != 0)
        throw ModelLoadError("BERT config: hidden_size " + std::to_string(config.hiddenSize) +
                             " is not a multiple of num_attention_heads " +
                             std::to_string(config.numAttentionHeads));
    embeddings = register_module("embeddings", BertEmbeddings(config));
    encoder = register_module("encoder", BertEncoder(config));
    if (withPooler) pooler = register_module("pooler", BertPooler(config));
}

torch::Tensor BertImpl::forward(const torch::Tensor& ids, const torch::Tensor& mask, const torch::Tensor& typeIds) {
    auto types = typeIds.defined() ? typeIds : torch::zeros_like(ids);
    torch::Tensor additive;
    if (mask.defined()) {
        // (B, T) 1/0 -> (B, 1, 1, T) 0 / a large negative number, as HF does (finfo.min).
        const auto type = embeddings->LayerNorm->weight.scalar_type();
        const double lowest = type == torch::kFloat16    ? -65504.0
                              : type == torch::kBFloat16 ? -3.38e38
                                                         : std::numeric_limits<float>::lowest();
        auto hidden = (mask == 0).unsqueeze(1).unsqueeze(2);                     // (B, 1, 1, T)
        additive = torch::zeros(hidden.sizes(), torch::TensorOptions().dtype(type).device(ids.device()))
                       .masked_fill_(hidden, lowest);
    }
    return encoder(embeddings(ids, types), additive);  // (B, T, H)
}

}  // namespace persona::detail
