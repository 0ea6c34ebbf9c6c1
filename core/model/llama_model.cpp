#include "model/llama_impl.h"

#include "model/hf_config.h"
#include "model/weights_io.h"
#include "persona/error.h"

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace persona::detail {

std::vector<LlamaTensorSlot> llamaTensorSlots(const LlamaConfig& c, LlamaWeights& w) {
    const int64_t C = c.hiddenSize, I = c.intermediateSize, V = c.vocabSize, HD = c.headDim;
    const int64_t qDim = int64_t{c.heads} * HD, kvDim = int64_t{c.kvHeads} * HD;
    std::vector<LlamaTensorSlot> s;
    s.push_back({"model.embed_tokens.weight", {V, C}, true, &w.embed});
    s.push_back({"model.norm.weight", {C}, false, &w.norm});
    if (!c.tiedEmbeddings) s.push_back({"lm_head.weight", {V, C}, true, &w.lmHead});
    w.layers.resize(static_cast<size_t>(c.layers));
    for (int i = 0; i < c.layers; ++i) {
        auto& L = w.layers[static_cast<size_t>(i)];
        const std::string p = "model.layers." + std::to_string(i) + ".";
        s.push_back({p + "input_layernorm.weight", {C}, false, &L.inputNorm});
        s.push_back({p + "post_attention_layernorm.weight", {C}, false, &L.postNorm});
        s.push_back({p + "self_attn.q_proj.weight", {qDim, C}, true, &L.q});
        s.push_back({p + "self_attn.k_proj.weight", {kvDim, C}, true, &L.k});
        s.push_back({p + "self_attn.v_proj.weight", {kvDim, C}, true, &L.v});
        s.push_back({p + "self_attn.o_proj.weight", {C, qDim}, true, &L.o});
        if (c.qkvBias) {
            s.push_back({p + "self_attn.q_proj.bias", {qDim}, false, &L.qBias});
            s.push_back({p + "self_attn.k_proj.bias", {kvDim}, false, &L.kBias});
            s.push_back({p + "self_attn.v_proj.bias", {kvDim}, false, &L.vBias});
        }
        if (c.outputBias) s.push_back({p + "self_attn.o_proj.bias", {C}, false, &L.oBias});
        if (c.qkNorm) {
            s.push_back({p + "self_attn.q_norm.weight", {HD}, false, &L.qNorm});
            s.push_back({p + "self_attn.k_norm.weight", {HD}, false, &L.kNorm});
        }
        s.push_back({p + "mlp.gate_proj.weight", {I, C}, true, &L.gate});
        s.push_back({p + "mlp.up_proj.weight", {I, C}, true, &L.up});
        s.push_back({p + "mlp.down_proj.weight", {C, I}, true, &L.down});
        if (c.mlpBias) {
            s.push_back({p + "mlp.gate_proj.bias", {I}, false, &L.gateBias});
            s.push_back({p + "mlp.up_proj.bias", {I}, false, &L.upBias});
            s.push_back({p + "mlp.down_proj.bias", {C}, false, &L.downBias});
        }
    }
    return s;
}

int64_t LlamaPackedWeights::bytes() const {
    int64_t total = head.bytes();
    for (const auto& layer : layers)
        for (const auto& m : layer) total += m.bytes();
    return total;
}

namespace {

std::string shapeString(const std::vector<int64_t>& shape) {
    std::ostringstream s;
    s << "[";
    for (size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
    s << "]";
    return s.str();
}

bool isFloat(DType d) { return d == DType::F32 || d == DType::F16 || d == DType::BF16 || d == DType::F64; }

WeightDType weightDTypeOf(DType d) {
    if (d == DType::BF16) return WeightDType::BF16;
    if (d == DType::F16) return WeightDType::F16;
    return WeightDType::F32;
}

// Buffers older checkpoints carry that the model computes itself.
bool ignorable(const std::string& name) {
    static const std::regex rotary(R"(model\.layers\.\d+\.self_attn\.rotary_emb\.inv_freq)");
    return std::regex_match(name, rotary);
}

struct Placement {
    bool keepMapped;                 // CPU + F32 activations: matrices stay views of the mapped file
    torch::ScalarType matrixType;    // what every matrix is held as
    torch::Device device;
};

// One checkpoint tensor as the model holds it: a vector in F32 (or the activation dtype off the
// CPU); a matrix as a view of the mapping when it can be, else converted once.
torch::Tensor holdTensor(const TensorData& t, bool matrix, const Placement& p, torch::ScalarType activations) {
    const auto type = toTorch(t.dtype);
    auto view = torch::from_blob(const_cast<void*>(t.data), t.shape, t.strides, torch::TensorOptions().dtype(type));
    if (!matrix) return view.to(p.device, p.keepMapped ? torch::kFloat32 : activations).clone();
    const bool aligned = reinterpret_cast<uintptr_t>(t.data) % dtypeSize(t.dtype) == 0;
    if (p.keepMapped && type == p.matrixType && t.isContiguous() && aligned) return view;  // no copy
    return view.to(p.device, p.matrixType).contiguous().clone();
}

// Reads every slot from the archive; collects every problem and throws one ModelLoadError.
void fillFromArchive(const LlamaConfig& c, LlamaWeights& w, const TensorArchive& archive, const Placement& p,
                     torch::ScalarType activations, const std::string& origin) {
    std::map<std::string, LlamaTensorSlot> slots;
    for (auto& s : llamaTensorSlots(c, w)) slots.emplace(s.name, s);
    std::vector<std::string> problems;
    std::set<std::string> loaded;
    for (const TensorData& t : archive.tensors()) {
        const auto it = slots.find(t.name);
        if (it == slots.end()) {
            if (ignorable(t.name)) continue;
            if (t.name == "lm_head.weight" && c.tiedEmbeddings) {  // tied: the embeddings serve
                if (t.shape != std::vector<int64_t>{c.vocabSize, c.hiddenSize})
                    problems.push_back(archive.fileOf(t.name) + ": tensor \"lm_head.weight\" has shape " +
                                       shapeString(t.shape) + ", expected the embeddings' shape it is tied to");
                continue;
            }
            problems.push_back(archive.fileOf(t.name) + ": unexpected tensor \"" + t.name + "\"");
            continue;
        }
        const LlamaTensorSlot& slot = it->second;
        if (t.shape != slot.shape) {
            problems.push_back(archive.fileOf(t.name) + ": tensor \"" + t.name + "\" has shape " + shapeString(t.shape) +
                               ", expected " + shapeString(slot.shape));
            continue;
        }
        if (!isFloat(t.dtype)) {
            problems.push_back(archive.fileOf(t.name) + ": tensor \"" + t.name + "\" holds " + dtypeName(t.dtype) +
                               ", expected a floating-point type");
            continue;
        }
        *slot.target = holdTensor(t, slot.matrix, p, activations);
        loaded.insert(t.name);
    }
    for (const auto& [name, slot] : slots)
        if (!loaded.count(name))
            problems.push_back(origin + ": missing tensor \"" + name + "\" (shape " + shapeString(slot.shape) + ")");
    if (!problems.empty()) {
        std::string message = "cannot load weights from " + origin + ":";
        const size_t shown = std::min<size_t>(problems.size(), 12);
        for (size_t i = 0; i < shown; ++i) message += "\n  " + problems[i];
        if (problems.size() > shown) message += "\n  ... and " + std::to_string(problems.size() - shown) + " more";
        throw ModelLoadError(message);
    }
    if (c.tiedEmbeddings) w.lmHead = w.embed;
}

// generation_config.json's eos_token_id (an id or a list) joins config.json's.
void addGenerationEos(LlamaConfig& c, const std::string& dir) {
    const fs::path path = fs::path(dir) / "generation_config.json";
    if (!fs::exists(path)) return;
    ConfigReader r(readTextFile(path.string()), path.string());
    if (!r.has("eos_token_id")) return;
    const auto& v = r.json()["eos_token_id"];
    std::vector<nlohmann::json> items = v.is_array() ? std::vector<nlohmann::json>(v.begin(), v.end())
                                                     : std::vector<nlohmann::json>{v};
    if (items.size() > 1024) throw ModelLoadError(path.string() + ": eos_token_id lists too many ids");
    for (const auto& x : items) {
        if (!x.is_number_integer() || x.get<int64_t>() < 0 || x.get<int64_t>() >= c.vocabSize)
            throw ModelLoadError(path.string() + ": eos_token_id must be token ids inside the vocabulary");
        const int id = x.get<int>();
        if (std::find(c.eosTokenIds.begin(), c.eosTokenIds.end(), id) == c.eosTokenIds.end()) c.eosTokenIds.push_back(id);
    }
}

DecodeWeightType decodeTypeOf(torch::ScalarType t) {
    if (t == torch::kBFloat16) return DecodeWeightType::BF16;
    if (t == torch::kHalf) return DecodeWeightType::F16;
    return DecodeWeightType::F32;
}

DecodeWeights publicOf(DecodeWeightType t) {
    switch (t) {
        case DecodeWeightType::F16: return DecodeWeights::F16;
        case DecodeWeightType::BF16: return DecodeWeights::BF16;
        case DecodeWeightType::I8: return DecodeWeights::Int8;
        case DecodeWeightType::F32: break;
    }
    return DecodeWeights::F32;
}

DecodeWeightType detailOf(DecodeWeights w) {
    switch (w) {
        case DecodeWeights::F16: return DecodeWeightType::F16;
        case DecodeWeights::BF16: return DecodeWeightType::BF16;
        case DecodeWeights::Int8: return DecodeWeightType::I8;
        case DecodeWeights::F32: break;
    }
    return DecodeWeightType::F32;
}

int64_t bytesOf(const torch::Tensor& t) { return t.defined() ? t.numel() * t.element_size() : 0; }

}  // namespace

void LlamaModel::Impl::finishSetUp() {
    invFreqHost = config.inverseFrequencies();
    invFreq = torch::tensor(invFreqHost, torch::kFloat32).to(device);  // (HD/2)
}

DecodeWeightType LlamaModel::Impl::heldType() const { return decodeTypeOf(w.embed.scalar_type()); }

bool LlamaModel::Impl::decodesOnCpuInF32() const { return device.is_cpu() && dtype == torch::kFloat32; }

DecodeWeights LlamaModel::Impl::checkpointDecodeWeights() const {
    return decodesOnCpuInF32() ? publicOf(decodeTypeOf(toTorch(fileDType))) : DecodeWeights::F32;
}

DecodeWeights LlamaModel::Impl::decodeWeights() const {
    if (!decodesOnCpuInF32()) return DecodeWeights::F32;
    return publicOf(packed ? packed->type : heldType());
}

void LlamaModel::Impl::setDecodeWeights(DecodeWeights weights) {
    const DecodeWeightType type = detailOf(weights);
    if (!decodesOnCpuInF32()) {
        if (weights == DecodeWeights::F32) return;
        throw InvalidArgument("decode weights " + toString(weights) +
                              " apply to the CPU decode step of a model computing in F32 (this one: " +
                              toString(options.device) + ", " + toString(options.dtype) + ")");
    }
    if (type == heldType()) {
        packed.reset();
        return;
    }
    auto p = std::make_shared<LlamaPackedWeights>();
    p->type = type;
    torch::NoGradGuard noGrad;
    for (const auto& L : w.layers)
        p->layers.push_back({PackedMatrix::pack(L.q, type), PackedMatrix::pack(L.k, type), PackedMatrix::pack(L.v, type),
                             PackedMatrix::pack(L.o, type), PackedMatrix::pack(L.gate, type),
                             PackedMatrix::pack(L.up, type), PackedMatrix::pack(L.down, type)});
    p->head = PackedMatrix::pack(w.lmHead, type);
    packed = std::move(p);
}

int64_t LlamaModel::Impl::heldWeightBytes() const {
    int64_t bytes = bytesOf(w.embed) + bytesOf(w.norm) + (config.tiedEmbeddings ? 0 : bytesOf(w.lmHead));
    for (const auto& L : w.layers)
        for (const auto* t : {&L.inputNorm, &L.postNorm, &L.q, &L.k, &L.v, &L.o, &L.qBias, &L.kBias, &L.vBias, &L.oBias,
                              &L.qNorm, &L.kNorm, &L.gate, &L.up, &L.down, &L.gateBias, &L.upBias, &L.downBias})
            bytes += bytesOf(*t);
    return bytes + (packed ? packed->bytes() : 0);
}

int64_t LlamaModel::Impl::decodeWeightBytes() const {
    // The matrices as the step reads them, the F32 vectors, one row of the embeddings.
    int64_t bytes = bytesOf(w.norm) + bytesOf(w.embed) / config.vocabSize;
    if (packed) bytes += packed->bytes();
    else bytes += bytesOf(w.lmHead);
    for (const auto& L : w.layers) {
        for (const auto* t : {&L.inputNorm, &L.postNorm, &L.qBias, &L.kBias, &L.vBias, &L.oBias, &L.qNorm, &L.kNorm,
                              &L.gateBias, &L.upBias, &L.downBias})
            bytes += bytesOf(*t);
        if (!packed)
            for (const auto* t : {&L.q, &L.k, &L.v, &L.o, &L.gate, &L.up, &L.down}) bytes += bytesOf(*t);
    }
    return bytes;
}

LlamaModel::LlamaModel(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
LlamaModel::LlamaModel(LlamaModel&&) noexcept = default;
LlamaModel& LlamaModel::operator=(LlamaModel&&) noexcept = default;
LlamaModel::~LlamaModel() = default;

LlamaModel LlamaModel::load(const std::string& dir, const ComputeOptions& options) {
    checkAvailable(options);
    const std::string configPath = (fs::path(dir) / "config.json").string();
    if (!fs::exists(configPath)) throw ModelLoadError(configPath + ": config.json is missing");
    auto impl = std::make_unique<Impl>();
    impl->config = LlamaConfig::fromJsonText(readTextFile(configPath), configPath);
    addGenerationEos(impl->config, dir);
    impl->options = options;
    impl->device = toTorch(options.device);
    impl->dtype = toTorch(options.dtype);
    impl->archive.emplace(TensorArchive::openFolder(dir));
    const TensorData* embed = impl->archive->find("model.embed_tokens.weight");
    impl->fileDType = embed ? weightDTypeOf(embed->dtype) : WeightDType::F32;
    Placement p{impl->device.is_cpu() && impl->dtype == torch::kFloat32, torch::kFloat32, impl->device};
    // On the CPU in F32 the matrices keep the file's dtype (the decode step reads F16 / BF16 rows);
    // elsewhere they are converted once to the compute dtype.
    p.matrixType = p.keepMapped ? toTorch(impl->fileDType) : impl->dtype;
    {
        torch::NoGradGuard noGrad;
        fillFromArchive(impl->config, impl->w, *impl->archive, p, impl->dtype, dir);
    }
    impl->finishSetUp();
    return LlamaModel(std::move(impl));
}

LlamaModel LlamaModel::random(const LlamaConfig& config, uint64_t seed, const ComputeOptions& options,
                              WeightDType storage) {
    checkAvailable(options);
    torch::manual_seed(seed);
    torch::NoGradGuard noGrad;
    auto impl = std::make_unique<Impl>();
    impl->config = config;
    impl->options = options;
    impl->device = toTorch(options.device);
    impl->dtype = toTorch(options.dtype);
    const bool cpuF32 = impl->device.is_cpu() && impl->dtype == torch::kFloat32;
    impl->fileDType = storage;
    const auto matrixType = cpuF32 ? toTorch(storage) : impl->dtype;
    for (auto& slot : llamaTensorSlots(impl->config, impl->w)) {
        const auto type = slot.matrix ? matrixType : (cpuF32 ? torch::kFloat32 : impl->dtype);
        auto t = torch::empty(slot.shape, torch::TensorOptions().dtype(type).device(impl->device));
        if (!slot.matrix) {
            const bool norm = slot.name.find("norm") != std::string::npos;
            t.copy_(norm ? 1.0 + 0.1 * torch::randn(slot.shape) : 0.02 * torch::randn(slot.shape));
        } else {
            // A block of rows at a time: no F32 copy of a large matrix.
            const int64_t block = std::max<int64_t>(1, (int64_t{1} << 20) / slot.shape[1]);
            for (int64_t r = 0; r < slot.shape[0]; r += block) {
                const int64_t n = std::min(block, slot.shape[0] - r);
                t.narrow(0, r, n).copy_(0.02 * torch::randn({n, slot.shape[1]}));
            }
        }
        *slot.target = t;
    }
    if (config.tiedEmbeddings) impl->w.lmHead = impl->w.embed;
    impl->finishSetUp();
    return LlamaModel(std::move(impl));
}

const LlamaConfig& LlamaModel::config() const { return m_impl->config; }
const ComputeOptions& LlamaModel::compute() const { return m_impl->options; }
CausalLmBackend& LlamaModel::backend() const { return *m_impl; }

int64_t LlamaModel::weightBytes() const {
    return m_impl->heldWeightBytes() - (m_impl->packed ? m_impl->packed->bytes() : 0);
}

std::vector<std::vector<float>> LlamaModel::logits(const std::vector<int>& ids) const {
    return fullLogits(*m_impl, ids, m_impl->config.vocabSize);
}

CausalLmInfo llamaInfo(const LlamaConfig& c, WeightDType file) {
    CausalLmInfo i;
    i.architecture = c.architecture;
    i.modelType = c.modelType;
    i.fileDType = file;
    i.parameters = c.parameterCount();
    i.contextLength = c.contextLength;
    i.vocabSize = c.vocabSize;
    i.hiddenSize = c.hiddenSize;
    i.layers = c.layers;
    i.heads = c.heads;
    i.kvHeads = c.kvHeads;
    i.headDim = c.headDim;
    i.tiedEmbeddings = c.tiedEmbeddings;
    if (c.slidingWindow > 0) i.slidingWindow = c.slidingWindow;
    i.bosTokenId = c.bosTokenId;
    i.eosTokenIds = c.eosTokenIds;
    return i;
}

CausalLmInfo LlamaModel::info() const { return llamaInfo(m_impl->config, m_impl->fileDType); }

}  // namespace persona::detail
