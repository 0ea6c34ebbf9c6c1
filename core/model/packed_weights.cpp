#include "model/packed_weights.h"

#include "model/gpt2.h"
#include "model/gpt2_impl.h"
#include "persona/error.h"
#include "persona/model/decode_weights.h"

namespace persona::detail {

PackedWeights::Matrix PackedWeights::packMatrix(const torch::Tensor& w, DecodeWeightType type) {
    Matrix m;
    auto rows = w.detach().to(torch::kFloat32).contiguous();  // (rows, cols)
    switch (type) {
        case DecodeWeightType::F16: m.data = rows.to(torch::kHalf).contiguous(); break;       // round to nearest even
        case DecodeWeightType::BF16: m.data = rows.to(torch::kBFloat16).contiguous(); break;  // round to nearest even
        case DecodeWeightType::I8: {
            // Symmetric, per output row: scale = max |w| / 127, q = round(w / scale) in [-127, 127].
            auto absMax = rows.abs().amax(1);                                          // (rows)
            m.scales = torch::where(absMax > 0, absMax / 127.0, torch::ones_like(absMax)).contiguous();
            m.data = (rows / m.scales.unsqueeze(1)).round().clamp(-127, 127).to(torch::kChar).contiguous();
            break;
        }
        case DecodeWeightType::F32: throw InvalidArgument("F32 decode weights are the parameters themselves");
    }
    return m;
}

DecodeMatrix PackedWeights::Matrix::view() const {
    return {data.data_ptr(), scales.defined() ? scales.data_ptr<float>() : nullptr};
}

int64_t PackedWeights::Matrix::bytes() const {
    return data.numel() * data.element_size() + (scales.defined() ? scales.numel() * 4 : 0);
}

namespace {

// Bumped by every in-place change; inference tensors keep none (their storage must then do).
int64_t versionOf(const torch::Tensor& t) { return t.is_inference() ? 0 : t._version(); }

}  // namespace

std::vector<std::pair<const void*, int64_t>> PackedWeights::sources(const Gpt2Impl& net) {
    std::vector<std::pair<const void*, int64_t>> out;
    out.emplace_back(net.wte->weight.data_ptr(), versionOf(net.wte->weight));
    for (const auto& b : net.blocks)
        for (const auto* t : {&b->attn->c_attn->weight, &b->attn->c_proj->weight, &b->mlp->c_fc->weight,
                              &b->mlp->c_proj->weight})
            out.emplace_back(t->data_ptr(), versionOf(*t));
    return out;
}

std::shared_ptr<const PackedWeights> PackedWeights::pack(const Gpt2Impl& net, DecodeWeightType type) {
    torch::NoGradGuard noGrad;
    auto p = std::make_shared<PackedWeights>();
    p->m_type = type;
    for (const auto& b : net.blocks) {
        // Conv1D weights are [in, out]: transposed, each output's weights become one row.
        p->m_layers.push_back({packMatrix(b->attn->c_attn->weight.t(), type),   // (3C, C)
                               packMatrix(b->attn->c_proj->weight.t(), type),   // (C, C)
                               packMatrix(b->mlp->c_fc->weight.t(), type),      // (4C, C)
                               packMatrix(b->mlp->c_proj->weight.t(), type)});  // (C, 4C)
    }
    p->m_head = packMatrix(net.wte->weight, type);                              // (V, C)
    p->m_sources = sources(net);
    return p;
}

bool PackedWeights::current(const Gpt2Impl& net) const {
    if (net.blocks.size() != m_layers.size()) return false;
    size_t i = 0;
    auto same = [&](const torch::Tensor& t) {
        const auto& s = m_sources[i++];
        return t.data_ptr() == s.first && versionOf(t) == s.second;
    };
    if (!same(net.wte->weight)) return false;
    for (const auto& b : net.blocks)
        if (!same(b->attn->c_attn->weight) || !same(b->attn->c_proj->weight) || !same(b->mlp->c_fc->weight) ||
            !same(b->mlp->c_proj->weight))
            return false;
    return true;
}

void PackedWeights::fill(Gpt2DecodeModel& d) const {
    d.weights = m_type;
    for (size_t i = 0; i < m_layers.size(); ++i) {
        Gpt2DecodeLayer& L = d.layers[i];
        L.attnP = m_layers[i][0].view(), L.attnProjP = m_layers[i][1].view();
        L.fcP = m_layers[i][2].view(), L.mlpProjP = m_layers[i][3].view();
    }
    d.head = m_head.view();
}

int64_t PackedWeights::bytes() const {
    int64_t total = m_head.bytes();
    for (const auto& layer : m_layers)
        for (const auto& m : layer) total += m.bytes();
    return total;
}

}  // namespace persona::detail

namespace persona {

namespace {

detail::DecodeWeightType toDetail(DecodeWeights w) {
    switch (w) {
        case DecodeWeights::F16: return detail::DecodeWeightType::F16;
        case DecodeWeights::BF16: return detail::DecodeWeightType::BF16;
        case DecodeWeights::Int8: return detail::DecodeWeightType::I8;
        case DecodeWeights::F32: break;
    }
    return detail::DecodeWeightType::F32;
}

DecodeWeights fromDetail(detail::DecodeWeightType w) {
    switch (w) {
        case detail::DecodeWeightType::F16: return DecodeWeights::F16;
        case detail::DecodeWeightType::BF16: return DecodeWeights::BF16;
        case detail::DecodeWeightType::I8: return DecodeWeights::Int8;
        case detail::DecodeWeightType::F32: break;
    }
    return DecodeWeights::F32;
}

bool decodesOnCpuInF32(const Gpt2Model& model) {
    return model.impl().device.is_cpu() && model.impl().dtype == torch::kFloat32;
}

}  // namespace

DecodeWeights parseDecodeWeights(const std::string& name) {
    if (name == "f32") return DecodeWeights::F32;
    if (name == "f16") return DecodeWeights::F16;
    if (name == "bf16") return DecodeWeights::BF16;
    if (name == "int8") return DecodeWeights::Int8;
    throw InvalidArgument("unknown decode weights \"" + name + "\" (f32, f16, bf16, int8)");
}

std::string toString(DecodeWeights weights) {
    switch (weights) {
        case DecodeWeights::F16: return "f16";
        case DecodeWeights::BF16: return "bf16";
        case DecodeWeights::Int8: return "int8";
        case DecodeWeights::F32: break;
    }
    return "f32";
}

DecodeWeights checkpointDecodeWeights(const Gpt2Model& model) {
    if (!decodesOnCpuInF32(model)) return DecodeWeights::F32;
    return model.impl().checkpointWeights;
}

DecodeWeights decodeWeights(const Gpt2Model& model) {
    const auto& net = *model.impl().net;
    const auto* packed = net.packedWeights();
    return packed && packed->current(net) ? fromDetail(packed->type()) : DecodeWeights::F32;
}

void setDecodeWeights(Gpt2Model& model, DecodeWeights weights) {
    auto& net = *model.impl().net;
    if (weights == DecodeWeights::F32) {
        net.setPackedWeights(nullptr);
        return;
    }
    if (!decodesOnCpuInF32(model))
        throw InvalidArgument("decode weights " + toString(weights) +
                              " apply to the CPU decode step of a model computing in F32 (this one: " +
                              toString(model.compute().device) + ", " + toString(model.compute().dtype) + ")");
    net.setPackedWeights(detail::PackedWeights::pack(net, toDetail(weights)));
}

int64_t decodeWeightBytes(const Gpt2Model& model) {
    const auto& c = model.config();
    const auto& net = *model.impl().net;
    const int64_t C = c.nEmbd, elem = torch::elementSize(model.impl().dtype);
    const auto* packed = net.packedWeights();
    if (!packed || !packed->current(net))  // every parameter but wpe (one row of it)
        return model.weightBytes() - int64_t{c.nPositions - 1} * C * elem;
    // Biases and layer norms per layer: ln_1, ln_2 (2C each), c_attn 3C, c_proj C, c_fc 4C, c_proj C.
    const int64_t smallF32 = int64_t{c.nLayer} * (4 * C + 3 * C + C + 4 * C + C) + 2 * C;
    return packed->bytes() + (smallF32 + 2 * C) * elem;  // + the rows of wte and wpe the step adds
}

int64_t heldWeightBytes(const Gpt2Model& model) {
    const auto* packed = model.impl().net->packedWeights();
    return model.weightBytes() + (packed ? packed->bytes() : 0);
}

Gpt2Model loadGpt2(const std::string& dir, const ComputeOptions& options, std::optional<DecodeWeights> weights) {
    Gpt2Model model = Gpt2Model::load(dir, options);
    if (weights && *weights != decodeWeights(model)) setDecodeWeights(model, *weights);
    return model;
}

}  // namespace persona
