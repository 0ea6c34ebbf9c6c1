#include "model/packed_attention.h"

#include <cmath>
#include <limits>

namespace persona::detail {

torch::Tensor causalMask(int64_t T, int64_t past, int64_t window, const torch::Device& device) {
    const int64_t S = past + T;
    const bool cuts = window > 0 && S > window;
    if (T == 1 && !cuts) return {};
    // Query i (absolute position past + i) sees keys 0..past + i.
    auto mask = torch::ones({T, S}, torch::TensorOptions().dtype(torch::kBool).device(device)).triu(past + 1);  // (T, S)
    // ... and, with a window, only keys j with (past + i) - j < window.
    if (cuts) mask = mask.logical_or(torch::ones_like(mask).tril(past - window));
    return mask;
}

torch::Tensor packedAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                              const PackedSequences& pack, int64_t window) {
    const int64_t NH = q.size(1), HD = q.size(2), NKV = k.size(1);
    const int64_t group = NH / NKV;
    auto heads = [](const torch::Tensor& t, int64_t from, int64_t n) {  // rows -> (heads, n, HD)
        return t.narrow(0, from, n).transpose(0, 1);
    };
    auto widen = [&](const torch::Tensor& t) {  // (NKV, S, HD) -> (NH, S, HD)
        return group == 1 ? t : t.repeat_interleave(group, 0);
    };
    std::vector<torch::Tensor> ys;
    ys.reserve(pack.offset.size());
    for (size_t s = 0; s < pack.offset.size(); ++s) {
        const int64_t T = pack.length[s], past = pack.start[s];
        auto qs = heads(q, pack.offset[s], T);   // (NH, T, HD)
        auto ks = heads(k, pack.offset[s], T);   // (NKV, T, HD)
        auto vs = heads(v, pack.offset[s], T);
        if (past > 0) {
            ks = torch::cat({heads(k, 0, past), ks}, 1);  // (NKV, S, HD)
            vs = torch::cat({heads(v, 0, past), vs}, 1);
        }
        auto att = torch::matmul(qs, widen(ks).transpose(-2, -1));  // (NH, T, S)
        att.mul_(1.0 / std::sqrt(static_cast<double>(HD)));
        if (auto mask = causalMask(T, past, window, q.device()); mask.defined())
            att.masked_fill_(mask, -std::numeric_limits<float>::infinity());
        ys.push_back(torch::matmul(torch::softmax(att, -1), widen(vs)).transpose(0, 1).reshape({T, NH * HD}));  // (T, NH HD)
    }
    return torch::cat(ys, 0);  // (N, NH HD)
}

}  // namespace persona::detail
