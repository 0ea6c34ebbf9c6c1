// The Llama family's forward passes in torch (prefill, no-cache forward, the packed forward of
// influence scoring) and the hand-over to the fused decode step (model/llama_decode.h). Written
// from transformers' modeling_llama.py / modeling_qwen2.py / modeling_qwen3.py /
// modeling_mistral.py: pre-norm blocks, RMSNorm, rotate-half RoPE, grouped-query attention with
// scaling HD^-0.5, SiLU-gated MLP.
//
// Legend: B batch, T new time steps, S attended positions, N packed rows, C channels, I MLP width,
// NH query heads, NKV key/value heads, HD head size, V vocabulary.
#include "model/llama_decode.h"
#include "model/llama_impl.h"
#include "model/packed_attention.h"
#include "persona/error.h"

#include <cmath>
#include <limits>

namespace persona::detail {

torch::Tensor project(const torch::Tensor& x, const torch::Tensor& W, const torch::Tensor& b) {
    if (W.scalar_type() == x.scalar_type()) return torch::linear(x, W, b);  // (..., out)
    const int64_t out = W.size(0), in = W.size(1);
    const int64_t rows = std::max<int64_t>(1, (int64_t{1} << 20) / in);  // ~4 MB of converted rows at once
    if (rows >= out) return torch::linear(x, W.to(x.scalar_type()), b);
    std::vector<torch::Tensor> parts;
    for (int64_t r = 0; r < out; r += rows) {
        const int64_t n = std::min(rows, out - r);
        parts.push_back(torch::matmul(x, W.narrow(0, r, n).to(x.scalar_type()).t()));  // (..., n)
    }
    auto y = torch::cat(parts, -1);  // (..., out)
    return b.defined() ? y + b : y;
}

torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& w, double eps) {
    auto h = x.to(torch::kFloat32);
    h = h * torch::rsqrt(h.pow(2).mean(-1, /*keepdim=*/true) + eps);
    return w * h.to(x.scalar_type());
}

namespace {

// HF rotate_half: (x1, x2) -> (-x2, x1) over the last dimension's halves.
torch::Tensor rotateHalf(const torch::Tensor& x) {
    const int64_t half = x.size(-1) / 2;
    return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

}  // namespace

std::pair<torch::Tensor, torch::Tensor> LlamaModel::Impl::rotate(const LlamaLayerWeights& L, torch::Tensor q,
                                                                 torch::Tensor k, const torch::Tensor& positions) const {
    if (config.qkNorm) {
        q = rmsNorm(q, L.qNorm, config.rmsNormEps);
        k = rmsNorm(k, L.kNorm, config.rmsNormEps);
    }
    // freqs = position · inv_freq in F32; emb = cat(freqs, freqs): (P, HD), broadcast over heads.
    auto freqs = positions.to(torch::kFloat32).unsqueeze(-1) * invFreq;  // (P, HD/2)
    auto emb = torch::cat({freqs, freqs}, -1);                           // (P, HD)
    auto cos = emb.cos().to(q.scalar_type()).unsqueeze(-2), sin = emb.sin().to(q.scalar_type()).unsqueeze(-2);  // (P, 1, HD)
    return {q * cos + rotateHalf(q) * sin, k * cos + rotateHalf(k) * sin};
}

torch::Tensor LlamaModel::Impl::attention(const LlamaLayerWeights& L, int layer, const torch::Tensor& h, KvCache* cache,
                                          int64_t past) {
    const int64_t B = h.size(0), T = h.size(1);
    const int64_t NH = config.heads, NKV = config.kvHeads, HD = config.headDim;
    auto q = project(h, L.q, L.qBias).view({B, T, NH, HD});   // (B, T, NH, HD)
    auto k = project(h, L.k, L.kBias).view({B, T, NKV, HD});  // (B, T, NKV, HD)
    auto v = project(h, L.v, L.vBias).view({B, T, NKV, HD});  // (B, T, NKV, HD)
    auto positions = torch::arange(past, past + T, torch::TensorOptions().dtype(torch::kLong).device(h.device()));
    std::tie(q, k) = rotate(L, q, k, positions);
    q = q.transpose(1, 2), k = k.transpose(1, 2), v = v.transpose(1, 2);  // (B, heads, T, HD)
    if (cache) std::tie(k, v) = cache->append(layer, k, v);            // (B, NKV, S, HD)
    if (NH != NKV) {
        k = k.repeat_interleave(NH / NKV, 1);  // (B, NH, S, HD): HF repeat_kv
        v = v.repeat_interleave(NH / NKV, 1);
    }
    auto att = torch::matmul(q, k.transpose(-2, -1)).mul_(1.0 / std::sqrt(static_cast<double>(HD)));  // (B, NH, T, S)
    if (auto mask = causalMask(T, past, config.windowOf(layer), h.device()); mask.defined())
        att.masked_fill_(mask, -std::numeric_limits<float>::infinity());
    att = torch::softmax(att.to(torch::kFloat32), -1).to(q.scalar_type());
    auto y = torch::matmul(att, v).transpose(1, 2).reshape({B, T, NH * HD});  // (B, T, NH HD)
    return project(y, L.o, L.oBias);                                          // (B, T, C)
}

torch::Tensor LlamaModel::Impl::mlp(const LlamaLayerWeights& L, const torch::Tensor& h) const {
    auto gate = torch::silu(project(h, L.gate, L.gateBias));  // (..., I)
    return project(gate * project(h, L.up, L.upBias), L.down, L.downBias);  // (..., C)
}

torch::Tensor LlamaModel::Impl::forwardHidden(const torch::Tensor& ids, KvCache* cache) {
    const int64_t T = ids.size(1);
    const int64_t past = cache ? cache->length() : 0;
    if (past + T > config.contextLength)
        throw InvalidArgument("sequence of " + std::to_string(past + T) +
                              " positions exceeds the model's max_position_embeddings of " +
                              std::to_string(config.contextLength));
    auto x = w.embed.index_select(0, ids.reshape({-1})).to(dtype).view({ids.size(0), T, config.hiddenSize});  // (B, T, C)
    for (size_t i = 0; i < w.layers.size(); ++i) {
        const auto& L = w.layers[i];
        x = x + attention(L, static_cast<int>(i), rmsNorm(x, L.inputNorm, config.rmsNormEps), cache, past);
        x = x + mlp(L, rmsNorm(x, L.postNorm, config.rmsNormEps));
    }
    if (cache) cache->advance(T);
    return rmsNorm(x, w.norm, config.rmsNormEps);  // (B, T, C)
}

torch::Tensor LlamaModel::Impl::lmHead(const torch::Tensor& hidden) {
    if (hidden.dim() == 1) return project(hidden.unsqueeze(0), w.lmHead)[0];  // (V)
    return project(hidden, w.lmHead);                                       // (..., V)
}

torch::Tensor LlamaModel::Impl::packedHidden(const PackedSequences& pack) {
    const int64_t NH = config.heads, NKV = config.kvHeads, HD = config.headDim;
    auto ids = torch::tensor(pack.ids, torch::kLong).to(device);
    auto positions = torch::tensor(pack.positions, torch::kLong).to(device);
    auto x = w.embed.index_select(0, ids).to(dtype);  // (N, C)
    const int64_t N = x.size(0);
    for (size_t i = 0; i < w.layers.size(); ++i) {
        const auto& L = w.layers[i];
        const auto h = rmsNorm(x, L.inputNorm, config.rmsNormEps);
        auto q = project(h, L.q, L.qBias).view({N, NH, HD});
        auto k = project(h, L.k, L.kBias).view({N, NKV, HD});
        auto v = project(h, L.v, L.vBias).view({N, NKV, HD});
        std::tie(q, k) = rotate(L, q, k, positions);
        auto att = packedAttention(q, k, v, pack, config.windowOf(static_cast<int>(i)));  // (N, NH HD)
        x = x + project(att, L.o, L.oBias);
        x = x + mlp(L, rmsNorm(x, L.postNorm, config.rmsNormEps));
    }
    return rmsNorm(x, w.norm, config.rmsNormEps);  // (N, C)
}

std::unique_ptr<KvCache> LlamaModel::Impl::newCache(int64_t capacity) const {
    return std::make_unique<KvCache>(config.layers, 1, config.kvHeads, capacity, config.headDim,
                                     torch::TensorOptions().dtype(dtype).device(device));
}

bool LlamaModel::Impl::fusedDecodeApplies(const KvCache& cache) const {
    if (!fused || !decodesOnCpuInF32()) return false;
    if (torch::GradMode::is_enabled() && !c10::InferenceMode::is_enabled()) return false;
    const auto& k = cache.keyStorage(0);
    return k.device().is_cpu() && k.scalar_type() == torch::kFloat32 && k.size(0) == 1 && k.is_contiguous();
}

namespace {

DecodeMatrix matrixOf(const torch::Tensor& t) { return {t.data_ptr(), nullptr}; }
const float* optional(const torch::Tensor& t) { return t.defined() ? t.data_ptr<float>() : nullptr; }

}  // namespace

void LlamaModel::Impl::fillDecodeModel(KvCache& cache) const {
    LlamaDecodeModel& d = cache.llamaDecodeModel();
    d.C = config.hiddenSize, d.I = config.intermediateSize, d.V = config.vocabSize;
    d.NH = config.heads, d.NKV = config.kvHeads, d.HD = config.headDim;
    d.eps = config.rmsNormEps;
    d.embedType = heldType();
    d.embed = w.embed.data_ptr();
    d.norm = w.norm.data_ptr<float>();
    d.invFreq = invFreqHost.data();
    d.cacheCapacity = cache.capacity();
    d.weights = packed ? packed->type : heldType();
    d.head = packed ? packed->head.view() : matrixOf(w.lmHead);
    d.layers.resize(w.layers.size());
    for (size_t i = 0; i < w.layers.size(); ++i) {
        const auto& L = w.layers[i];
        LlamaDecodeLayer& D = d.layers[i];
        D.inputNorm = L.inputNorm.data_ptr<float>(), D.postNorm = L.postNorm.data_ptr<float>();
        D.qNorm = optional(L.qNorm), D.kNorm = optional(L.kNorm);
        if (packed) {
            const auto& P = packed->layers[i];
            D.q = P[0].view(), D.k = P[1].view(), D.v = P[2].view(), D.o = P[3].view();
            D.gate = P[4].view(), D.up = P[5].view(), D.down = P[6].view();
        } else {
            D.q = matrixOf(L.q), D.k = matrixOf(L.k), D.v = matrixOf(L.v), D.o = matrixOf(L.o);
            D.gate = matrixOf(L.gate), D.up = matrixOf(L.up), D.down = matrixOf(L.down);
        }
        D.qBias = optional(L.qBias), D.kBias = optional(L.kBias), D.vBias = optional(L.vBias);
        D.oBias = optional(L.oBias);
        D.gateBias = optional(L.gateBias), D.upBias = optional(L.upBias), D.downBias = optional(L.downBias);
        D.keys = cache.keyStorage(static_cast<int>(i)).data_ptr<float>();
        D.values = cache.valueStorage(static_cast<int>(i)).data_ptr<float>();
        D.window = config.windowOf(static_cast<int>(i));
    }
}

torch::Tensor LlamaModel::Impl::decodeStep(int64_t id, KvCache& cache) {
    if (id < 0 || id >= config.vocabSize)
        throw InvalidArgument("token id " + std::to_string(id) + " is outside the vocabulary of " +
                              std::to_string(config.vocabSize));
    if (!fusedDecodeApplies(cache)) {
        auto input = torch::full({1, 1}, id, torch::TensorOptions().dtype(torch::kLong).device(device));
        return lmHead(forwardHidden(input, &cache)[0][0]);  // (V)
    }
    const int64_t pos = cache.length();
    if (pos + 1 > config.contextLength)
        throw InvalidArgument("sequence of " + std::to_string(pos + 1) +
                              " positions exceeds the model's max_position_embeddings of " +
                              std::to_string(config.contextLength));
    cache.checkRoom(1);
    fillDecodeModel(cache);  // pointers only; the layer vector keeps its size after the first step
    const LlamaDecodeModel& d = cache.llamaDecodeModel();
    const int threads = std::max(1, at::get_num_threads());
    auto& scratch = cache.decodeScratch();
    const auto need = static_cast<size_t>(llamaDecodeScratchFloats(d, threads));
    if (scratch.size() < need) scratch.resize(need);
    auto& logits = cache.logitsBuffer();
    if (!logits.defined() || logits.numel() != d.V) logits = torch::empty({d.V}, torch::kFloat32);  // (V)
    llamaDecodeStep(d, id, pos, logits.data_ptr<float>(), scratch.data(), threads);
    cache.advance(1);
    return logits;  // (V)
}

}  // namespace persona::detail
