#include "model/gpt2.h"

#include "model/packed_weights.h"
#include "persona/error.h"

#include <cmath>

namespace persona::detail {

void checkActivation(const std::string& name, const std::string& origin) {
    if (name == "gelu_new" || name == "gelu" || name == "gelu_pytorch_tanh" || name == "relu" ||
        name == "gelu_fast")
        return;
    throw ModelLoadError(origin + ": activation function \"" + name +
                         "\" is not supported (gelu_new, gelu, gelu_pytorch_tanh, gelu_fast, relu)");
}

torch::Tensor applyActivation(const std::string& name, const torch::Tensor& x) {
    if (name == "gelu") return torch::gelu(x);  // exact erf form
    if (name == "relu") return torch::relu(x);
    // gelu_new, gelu_pytorch_tanh, gelu_fast: the tanh approximation
    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    return torch::gelu(x, "tanh");
}

Conv1DImpl::Conv1DImpl(int64_t in, int64_t out) {
    weight = register_parameter("weight", torch::empty({in, out}));
    bias = register_parameter("bias", torch::zeros({out}));
    torch::nn::init::normal_(weight, 0.0, 0.02);
}

torch::Tensor Conv1DImpl::forward(const torch::Tensor& x) {
    auto sizes = x.sizes().vec();
    sizes.back() = weight.size(1);
    auto y = torch::addmm(bias, x.reshape({-1, weight.size(0)}), weight);  // (N, out)
    return y.view(sizes);                                                   // (..., out)
}

Gpt2AttentionImpl::Gpt2AttentionImpl(const Gpt2Config& config) : m_nHead(config.nHead) {
    c_attn = register_module("c_attn", Conv1D(config.nEmbd, 3 * config.nEmbd));
    c_proj = register_module("c_proj", Conv1D(config.nEmbd, config.nEmbd));
}

torch::Tensor Gpt2AttentionImpl::forward(const torch::Tensor& x, KvCache* cache, int layer) {
    const int64_t B = x.size(0), T = x.size(1), C = x.size(2);
    const int64_t NH = m_nHead, HD = C / NH;
    auto qkv = c_attn(x);                                         // (B, T, 3C)
    auto parts = qkv.split(C, /*dim=*/2);
    auto q = parts[0].view({B, T, NH, HD}).transpose(1, 2);       // (B, NH, T, HD)
    auto k = parts[1].view({B, T, NH, HD}).transpose(1, 2);       // (B, NH, T, HD)
    auto v = parts[2].view({B, T, NH, HD}).transpose(1, 2);       // (B, NH, T, HD)
    const int64_t past = cache ? cache->length() : 0;
    if (cache) std::tie(k, v) = cache->append(layer, k, v);      // (B, NH, S, HD) each
    const int64_t S = k.size(2);

    auto att = torch::matmul(q, k.transpose(-2, -1));             // (B, NH, T, S)
    att.mul_(1.0 / std::sqrt(static_cast<double>(HD)));
    if (T > 1) {
        // Query i (absolute position past + i) sees keys 0..past + i.
        auto mask = torch::ones({T, S}, torch::TensorOptions().dtype(torch::kBool).device(x.device()))
                        .triu(past + 1);                          // (T, S): true = hidden
        att.masked_fill_(mask, -std::numeric_limits<float>::infinity());
    }
    att = torch::softmax(att, -1);                                // (B, NH, T, S)
    auto y = torch::matmul(att, v);                               // (B, NH, T, HD)
    y = y.transpose(1, 2).reshape({B, T, C});                     // (B, T, C)
    return c_proj(y);                                             // (B, T, C)
}

Gpt2MlpImpl::Gpt2MlpImpl(const Gpt2Config& config) : m_activation(config.activation) {
    c_fc = register_module("c_fc", Conv1D(config.nEmbd, 4 * config.nEmbd));
    c_proj = register_module("c_proj", Conv1D(4 * config.nEmbd, config.nEmbd));
}

torch::Tensor Gpt2MlpImpl::forward(const torch::Tensor& x) {
    return c_proj(applyActivation(m_activation, c_fc(x)));  // (B, T, 4C) -> (B, T, C)
}

Gpt2BlockImpl::Gpt2BlockImpl(const Gpt2Config& config) {
    const auto ln = torch::nn::LayerNormOptions({config.nEmbd}).eps(config.layerNormEpsilon);
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(ln));
    attn = register_module("attn", Gpt2Attention(config));
    ln_2 = register_module("ln_2", torch::nn::LayerNorm(ln));
    mlp = register_module("mlp", Gpt2Mlp(config));
}

torch::Tensor Gpt2BlockImpl::forward(const torch::Tensor& x, KvCache* cache, int layer) {
    auto y = x + attn->forward(ln_1(x), cache, layer);  // (B, T, C)
    return y + mlp->forward(ln_2(y));                   // (B, T, C)
}

Gpt2Impl::Gpt2Impl(const Gpt2Config& config) : m_config(config) {
    checkActivation(config.activation, "GPT-2 config");
    if (config.nEmbd % config.nHead != 0)
        throw ModelLoadError("GPT-2 config: n_embd " + std::to_string(config.nEmbd) +
                             " is not divisible by n_head " + std::to_string(config.nHead));
    wte = register_module("wte", torch::nn::Embedding(config.vocabSize, config.nEmbd));
    wpe = register_module("wpe", torch::nn::Embedding(config.nPositions, config.nEmbd));
    h = register_module("h", torch::nn::ModuleList());
    for (int i = 0; i < config.nLayer; ++i) {
        blocks.push_back(Gpt2Block(config));
        h->push_back(blocks.back());
    }
    ln_f = register_module(
        "ln_f", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.nEmbd}).eps(config.layerNormEpsilon)));
    torch::NoGradGuard noGrad;
    torch::nn::init::normal_(wte->weight, 0.0, 0.02);
    torch::nn::init::normal_(wpe->weight, 0.0, 0.01);
}

torch::Tensor Gpt2Impl::forward(const torch::Tensor& ids, KvCache* cache) {
    const int64_t T = ids.size(1);
    const int64_t past = cache ? cache->length() : 0;
    if (past + T > m_config.nPositions)
        throw InvalidArgument("sequence of " + std::to_string(past + T) +
                              " positions exceeds the model's n_positions of " +
                              std::to_string(m_config.nPositions));
    auto pos = torch::arange(past, past + T, torch::TensorOptions().dtype(torch::kLong).device(ids.device()));
    auto x = wte(ids) + wpe(pos);                        // (B, T, C)
    for (size_t i = 0; i < blocks.size(); ++i)
        x = blocks[i]->forward(x, cache, static_cast<int>(i));
    if (cache) cache->advance(T);
    return ln_f(x);                                      // (B, T, C)
}

torch::Tensor Gpt2Impl::lmHead(const torch::Tensor& hidden) {
    // One vector: mv over the row-major (V, C) wte streams it ~2x faster than matmul with wte.t().
    if (hidden.dim() == 1) return torch::mv(wte->weight, hidden);  // (V)
    return torch::matmul(hidden, wte->weight.t());       // (..., V)
}

namespace {

bool denseF32Cpu(const torch::Tensor& t) {
    return t.defined() && t.device().is_cpu() && t.scalar_type() == torch::kFloat32 && t.is_contiguous();
}

DecodeActivation decodeActivation(const std::string& name) {
    if (name == "gelu") return DecodeActivation::GeluErf;
    if (name == "relu") return DecodeActivation::Relu;
    return DecodeActivation::GeluTanh;  // as applyActivation
}

}  // namespace

bool Gpt2Impl::fusedDecodeApplies(const KvCache& cache) const {
    if (!m_fusedDecode || (torch::GradMode::is_enabled() && !c10::InferenceMode::is_enabled())) return false;
    if (!denseF32Cpu(wte->weight) || !denseF32Cpu(wpe->weight) || !denseF32Cpu(ln_f->weight) ||
        !denseF32Cpu(ln_f->bias))
        return false;
    for (size_t i = 0; i < blocks.size(); ++i) {
        const auto& b = blocks[i];
        for (const auto* t : {&b->ln_1->weight, &b->ln_1->bias, &b->ln_2->weight, &b->ln_2->bias,
                              &b->attn->c_attn->weight, &b->attn->c_attn->bias, &b->attn->c_proj->weight,
                              &b->attn->c_proj->bias, &b->mlp->c_fc->weight, &b->mlp->c_fc->bias,
                              &b->mlp->c_proj->weight, &b->mlp->c_proj->bias})
            if (!denseF32Cpu(*t)) return false;
        const auto& k = cache.keyStorage(static_cast<int>(i));
        if (!denseF32Cpu(k) || k.size(0) != 1 || !denseF32Cpu(cache.valueStorage(static_cast<int>(i))))
            return false;
    }
    return true;
}

torch::Tensor Gpt2Impl::decodeStep(int64_t id, KvCache& cache) {
    const int64_t pos = cache.length();
    if (id < 0 || id >= m_config.vocabSize)
        throw InvalidArgument("token id " + std::to_string(id) + " is outside the vocabulary of " +
                              std::to_string(m_config.vocabSize));
    if (!fusedDecodeApplies(cache)) {
        auto input = torch::full({1, 1}, id, torch::TensorOptions().dtype(torch::kLong).device(wte->weight.device()));
        return lmHead(forward(input, &cache)[0][0]);     // (V)
    }
    if (pos + 1 > m_config.nPositions)
        throw InvalidArgument("sequence of " + std::to_string(pos + 1) +
                              " positions exceeds the model's n_positions of " +
                              std::to_string(m_config.nPositions));
    cache.checkRoom(1);

    // Raw views of the parameters, taken afresh every step (training may have replaced them);
    // the layer vector keeps its size, so this allocates nothing after the first step.
    Gpt2DecodeModel& d = cache.decodeModel();
    d.C = m_config.nEmbd, d.NH = m_config.nHead, d.V = m_config.vocabSize;
    d.eps = m_config.layerNormEpsilon;
    d.activation = decodeActivation(m_config.activation);
    d.wte = wte->weight.data_ptr<float>();
    d.wpe = wpe->weight.data_ptr<float>();
    d.lnfW = ln_f->weight.data_ptr<float>(), d.lnfB = ln_f->bias.data_ptr<float>();
    d.cacheCapacity = cache.capacity();
    d.layers.resize(blocks.size());
    for (size_t i = 0; i < blocks.size(); ++i) {
        const auto& b = blocks[i];
        Gpt2DecodeLayer& L = d.layers[i];
        L.ln1W = b->ln_1->weight.data_ptr<float>(), L.ln1B = b->ln_1->bias.data_ptr<float>();
        L.attnW = b->attn->c_attn->weight.data_ptr<float>(), L.attnB = b->attn->c_attn->bias.data_ptr<float>();
        L.attnProjW = b->attn->c_proj->weight.data_ptr<float>();
        L.attnProjB = b->attn->c_proj->bias.data_ptr<float>();
        L.ln2W = b->ln_2->weight.data_ptr<float>(), L.ln2B = b->ln_2->bias.data_ptr<float>();
        L.fcW = b->mlp->c_fc->weight.data_ptr<float>(), L.fcB = b->mlp->c_fc->bias.data_ptr<float>();
        L.mlpProjW = b->mlp->c_proj->weight.data_ptr<float>();
        L.mlpProjB = b->mlp->c_proj->bias.data_ptr<float>();
        L.keys = cache.keyStorage(static_cast<int>(i)).data_ptr<float>();
        L.values = cache.valueStorage(static_cast<int>(i)).data_ptr<float>();
    }
    d.weights = DecodeWeightType::F32;
    if (m_packed && m_packed->current(*this)) m_packed->fill(d);
    const int threads = std::max(1, at::get_num_threads());
    auto& scratch = cache.decodeScratch();
    const auto need = static_cast<size_t>(decodeScratchFloats(d, threads));
    if (scratch.size() < need) scratch.resize(need);
    auto& logits = cache.logitsBuffer();
    if (!logits.defined() || logits.numel() != d.V) logits = torch::empty({d.V}, torch::kFloat32);  // (V)
    gpt2DecodeStep(d, id, pos, logits.data_ptr<float>(), scratch.data(), threads);
    cache.advance(1);
    return logits;                                       // (V)
}

}  // namespace persona::detail
