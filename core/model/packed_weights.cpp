#include "model/packed_weights.h"

#include "model/gpt2.h"
#include "model/gpt2_impl.h"
#include "persona/error.h"
#include "persona/model/decode_weights.h"

namespace persona::detail {

PackedMatrix PackedMatrix::pack(const torch::Tensor& w, DecodeWeightType type) {
    PackedMatrix m;
    const auto src = w.detach();  // (rows, cols)
    const int64_t rows = src.size(0), cols = src.size(1);
    const auto cpu = torch::TensorOptions().device(torch::kCPU);
    switch (type) {
        case DecodeWeightType::F32: m.data = torch::empty({rows, cols}, cpu.dtype(torch::kFloat32)); break;
        case DecodeWeightType::F16: m.data = torch::empty({rows, cols}, cpu.dtype(torch::kHalf)); break;
        case DecodeWeightType::BF16: m.data = torch::empty({rows, cols}, cpu.dtype(torch::kBFloat16)); break;
        case DecodeWeightType::I8:
            m.data = torch::empty({rows, cols}, cpu.dtype(torch::kChar));
            m.scales = torch::empty({rows}, cpu.dtype(torch::kFloat32));
            break;
    }
    const int64_t block = std::max<int64_t>(1, (int64_t{1} << 20) / std::max<int64_t>(1, cols));  // ~4 MB of F32
    for (int64_t r = 0; r < rows; r += block) {
        const int64_t n = std::min(block, rows - r);
        auto part = src.narrow(0, r, n).to(torch::kCPU, torch::kFloat32);  // (n, cols)
        if (type == DecodeWeightType::I8) {
            // Symmetric, per output row: scale = max |w| / 127, q = round(w / scale) in [-127, 127].
            auto absMax = part.abs().amax(1);  // (n)
            auto scale = torch::where(absMax > 0, absMax / 127.0, torch::ones_like(absMax));
            m.scales.narrow(0, r, n).copy_(scale);
            m.data.narrow(0, r, n).copy_((part / scale.unsqueeze(1)).round().clamp(-127, 127));
        } else {
            m.data.narrow(0, r, n).copy_(part);  // round to nearest even for F16 / BF16
        }
    }
    return m;
}

PackedWeights::Matrix PackedWeights::packMatrix(const torch::Tensor& w, DecodeWeightType type) {
    if (type == DecodeWeightType::F32) throw InvalidArgument("F32 decode weights are the parameters themselves");
    return PackedMatrix::pack(w, type);
}

DecodeMatrix PackedMatrix::view() const {
    return {data.data_ptr(), scales.defined() ? scales.data_ptr<float>() : nullptr};
}

int64_t PackedMatrix::bytes() const {
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

bool decodesOnCpuInF32(const Gpt2Model::Impl& m) { return m.device.is_cpu() && m.dtype == torch::kFloat32; }

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

DecodeWeights Gpt2Model::Impl::checkpointDecodeWeights() const {
    return decodesOnCpuInF32(*this) ? checkpointWeights : DecodeWeights::F32;
}

DecodeWeights Gpt2Model::Impl::decodeWeights() const {
    const auto* packed = net->packedWeights();
    return packed && packed->current(*net) ? fromDetail(packed->type()) : DecodeWeights::F32;
}

void Gpt2Model::Impl::setDecodeWeights(DecodeWeights weights) {
    if (weights == DecodeWeights::F32) {
        net->setPackedWeights(nullptr);
        return;
    }
    if (!decodesOnCpuInF32(*this))
        throw InvalidArgument("decode weights " + toString(weights) +
                              " apply to the CPU decode step of a model computing in F32 (this one: " +
                              toString(options.device) + ", " + toString(options.dtype) + ")");
    net->setPackedWeights(detail::PackedWeights::pack(*net, toDetail(weights)));
}

int64_t Gpt2Model::Impl::decodeWeightBytes() const {
    const auto& c = config;
    const int64_t C = c.nEmbd, elem = torch::elementSize(dtype);
    const auto* packed = net->packedWeights();
    if (!packed || !packed->current(*net)) {  // every parameter but wpe (one row of it)
        int64_t bytes = 0;
        for (const auto& p : net->parameters()) bytes += p.numel() * p.element_size();
        return bytes - int64_t{c.nPositions - 1} * C * elem;
    }
    // Biases and layer norms per layer: ln_1, ln_2 (2C each), c_attn 3C, c_proj C, c_fc 4C, c_proj C.
    const int64_t smallF32 = int64_t{c.nLayer} * (4 * C + 3 * C + C + 4 * C + C) + 2 * C;
    return packed->bytes() + (smallF32 + 2 * C) * elem;  // + the rows of wte and wpe the step adds
}

int64_t Gpt2Model::Impl::heldWeightBytes() const {
    int64_t bytes = 0;
    for (const auto& p : net->parameters()) bytes += p.numel() * p.element_size();
    const auto* packed = net->packedWeights();
    return bytes + (packed ? packed->bytes() : 0);
}

DecodeWeights checkpointDecodeWeights(const CausalLm& model) { return model.backend().checkpointDecodeWeights(); }
DecodeWeights decodeWeights(const CausalLm& model) { return model.backend().decodeWeights(); }
void setDecodeWeights(CausalLm& model, DecodeWeights weights) { model.backend().setDecodeWeights(weights); }
int64_t decodeWeightBytes(const CausalLm& model) { return model.backend().decodeWeightBytes(); }
int64_t heldWeightBytes(const CausalLm& model) { return model.backend().heldWeightBytes(); }

std::unique_ptr<CausalLm> loadCausalLm(const std::string& dir, const ComputeOptions& options,
                                       std::optional<DecodeWeights> weights) {
    auto model = CausalLm::load(dir, options);
    if (weights && *weights != decodeWeights(*model)) setDecodeWeights(*model, *weights);
    return model;
}

Gpt2Model loadGpt2(const std::string& dir, const ComputeOptions& options, std::optional<DecodeWeights> weights) {
    Gpt2Model model = Gpt2Model::load(dir, options);
    if (weights && *weights != decodeWeights(model)) setDecodeWeights(model, *weights);
    return model;
}

}  // namespace persona
