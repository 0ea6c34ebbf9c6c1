#include "persona/model/gpt2_model.h"

#include "model/gpt2_impl.h"
#include "model/hf_config.h"
#include "model/packed_attention.h"
#include "model/weights_io.h"
#include "persona/error.h"
#include "persona/tensorio/tensor_archive.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <regex>

namespace fs = std::filesystem;

namespace persona {

Gpt2Config Gpt2Config::fromJsonText(const std::string& text, const std::string& origin) {
    detail::ConfigReader r(text, origin);
    const std::string type = r.stringOr("model_type", "gpt2");
    if (type != "gpt2")
        throw ModelLoadError(origin + ": model_type is \"" + type + "\", expected \"gpt2\"");
    Gpt2Config c;
    c.vocabSize = r.requireInt("vocab_size");
    c.nEmbd = r.requireInt("n_embd");
    c.nLayer = r.requireInt("n_layer");
    c.nHead = r.requireInt("n_head");
    c.nPositions = r.has("n_positions") ? r.intOr("n_positions", 1024) : r.requireInt("n_ctx");
    c.layerNormEpsilon = r.doubleOr("layer_norm_epsilon", 1e-5);
    c.activation = r.stringOr("activation_function", "gelu_new");
    c.bosTokenId = r.intOr("bos_token_id", c.vocabSize - 1);
    c.eosTokenId = r.intOr("eos_token_id", c.vocabSize - 1);
    c.knowledgeBoost = r.doubleOr("persona_knowledge_boost", 0.0);
    if (!(c.knowledgeBoost >= 0) || !std::isfinite(c.knowledgeBoost) || c.knowledgeBoost > 100)
        throw ModelLoadError(origin + ": persona_knowledge_boost must be between 0 and 100");
    if (c.nHead == 0 || c.nEmbd % c.nHead != 0)
        throw ModelLoadError(origin + ": n_embd (" + std::to_string(c.nEmbd) +
                             ") must be a positive multiple of n_head (" + std::to_string(c.nHead) + ")");
    if (c.vocabSize == 0 || c.nPositions == 0 || c.nLayer == 0)
        throw ModelLoadError(origin + ": vocab_size, n_positions and n_layer must be positive");
    detail::checkActivation(c.activation, origin);
    return c;
}

Gpt2Config Gpt2Config::fromJsonFile(const std::string& path) {
    if (!fs::exists(path)) throw ModelLoadError(path + ": config.json is missing");
    return fromJsonText(detail::readTextFile(path), path);
}

Gpt2Config Gpt2Config::preset(const std::string& name) {
    Gpt2Config c;
    if (name == "gpt2") return c;
    if (name == "gpt2-medium") {
        c.nEmbd = 1024, c.nLayer = 24, c.nHead = 16;
        return c;
    }
    if (name == "gpt2-large") {
        c.nEmbd = 1280, c.nLayer = 36, c.nHead = 20;
        return c;
    }
    if (name == "gpt2-xl") {
        c.nEmbd = 1600, c.nLayer = 48, c.nHead = 25;
        return c;
    }
    throw InvalidArgument("unknown GPT-2 preset \"" + name + "\" (gpt2, gpt2-medium, gpt2-large, gpt2-xl)");
}

std::string Gpt2Config::toJsonText() const {
    nlohmann::json j;
    j["model_type"] = "gpt2";
    j["architectures"] = {"GPT2LMHeadModel"};
    j["vocab_size"] = vocabSize;
    j["n_embd"] = nEmbd;
    j["n_layer"] = nLayer;
    j["n_head"] = nHead;
    j["n_positions"] = nPositions;
    j["n_ctx"] = nPositions;
    j["layer_norm_epsilon"] = layerNormEpsilon;
    j["activation_function"] = activation;
    j["bos_token_id"] = bosTokenId;
    j["eos_token_id"] = eosTokenId;
    if (knowledgeBoost > 0) j["persona_knowledge_boost"] = knowledgeBoost;
    return j.dump(2) + "\n";
}

int64_t Gpt2Config::parameterCount() const {
    const int64_t C = nEmbd;
    const int64_t perLayer = 2 * 2 * C + (C * 3 * C + 3 * C) + (C * C + C) + (C * 4 * C + 4 * C) + (4 * C * C + C);
    return int64_t{vocabSize} * C + int64_t{nPositions} * C + nLayer * perLayer + 2 * C;
}

namespace {

void placeModel(Gpt2Model::Impl& impl) { detail::placeModule(*impl.net, impl.options, impl.device, impl.dtype); }

// Checkpoint names the GPT-2 module deliberately does not hold: the causal-mask buffers older
// checkpoints carry, and the LM head, which is tied to wte.
bool ignorableGpt2Key(const std::string& key) {
    static const std::regex buffer(R"(h\.\d+\.attn\.(bias|masked_bias))");
    return key == "lm_head.weight" || std::regex_match(key, buffer);
}

// The dtype a checkpoint stores its matrices in, read from wte (the largest one).
DecodeWeights checkpointMatrixDType(const TensorArchive& archive) {
    const TensorData* wte = archive.find("transformer.wte.weight");
    if (!wte) wte = archive.find("wte.weight");
    if (wte && wte->dtype == DType::F16) return DecodeWeights::F16;
    if (wte && wte->dtype == DType::BF16) return DecodeWeights::BF16;
    return DecodeWeights::F32;
}

}  // namespace

Gpt2Model::Gpt2Model(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Gpt2Model::Gpt2Model(Gpt2Model&&) noexcept = default;
Gpt2Model& Gpt2Model::operator=(Gpt2Model&&) noexcept = default;
Gpt2Model::~Gpt2Model() = default;

Gpt2Model Gpt2Model::load(const std::string& dir, const ComputeOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->config = Gpt2Config::fromJsonFile((fs::path(dir) / "config.json").string());
    impl->options = options;
    impl->net = detail::Gpt2(impl->config);
    const TensorArchive archive = TensorArchive::openFolder(dir);
    detail::WeightMapping mapping;
    mapping.prefixes = {"transformer."};
    mapping.ignore = ignorableGpt2Key;
    detail::loadWeights(*impl->net, archive, mapping, dir);
    if (const TensorData* head = archive.find("lm_head.weight")) {
        const std::vector<int64_t> expected{impl->config.vocabSize, impl->config.nEmbd};
        if (head->shape != expected)
            throw ModelLoadError(archive.fileOf("lm_head.weight") +
                                 ": tensor \"lm_head.weight\" does not match the shape of wte, to which "
                                 "GPT-2's LM head is tied");
    }
    placeModel(*impl);
    impl->checkpointWeights = checkpointMatrixDType(archive);
    Gpt2Model model(std::move(impl));
    // 16-bit files decode from 16-bit weights by default (the same values: F16/BF16 -> F32 -> back
    // is exact); F32 files from the F32 parameters.
    if (const auto w = checkpointDecodeWeights(model); w != DecodeWeights::F32) setDecodeWeights(model, w);
    return model;
}

Gpt2Model Gpt2Model::random(const Gpt2Config& config, uint64_t seed, const ComputeOptions& options) {
    torch::manual_seed(seed);
    auto impl = std::make_unique<Impl>();
    impl->config = config;
    impl->options = options;
    impl->net = detail::Gpt2(config);
    placeModel(*impl);
    return Gpt2Model(std::move(impl));
}

const Gpt2Config& Gpt2Model::config() const { return m_impl->config; }
const ComputeOptions& Gpt2Model::compute() const { return m_impl->options; }

int64_t Gpt2Model::weightBytes() const {
    int64_t bytes = 0;
    for (const auto& p : m_impl->net->parameters()) bytes += p.numel() * p.element_size();
    return bytes;
}

std::vector<std::vector<float>> Gpt2Model::logits(const std::vector<int>& ids) const {
    return detail::fullLogits(*m_impl, ids, m_impl->config.vocabSize);
}

detail::CausalLmBackend& Gpt2Model::backend() const { return *m_impl; }

CausalLmInfo Gpt2Model::info() const { return detail::gpt2Info(m_impl->config, m_impl->checkpointWeights); }

CausalLmInfo detail::gpt2Info(const Gpt2Config& c, DecodeWeights file) {
    CausalLmInfo i;
    i.architecture = "GPT2LMHeadModel";
    i.modelType = "gpt2";
    switch (file) {
        case DecodeWeights::F16: i.fileDType = WeightDType::F16; break;
        case DecodeWeights::BF16: i.fileDType = WeightDType::BF16; break;
        default: i.fileDType = WeightDType::F32; break;
    }
    i.parameters = c.parameterCount();
    i.contextLength = c.nPositions;
    i.vocabSize = c.vocabSize;
    i.hiddenSize = c.nEmbd;
    i.layers = c.nLayer;
    i.heads = i.kvHeads = c.nHead;
    i.headDim = c.nEmbd / c.nHead;
    i.tiedEmbeddings = true;
    i.bosTokenId = c.bosTokenId;
    i.eosTokenIds = {c.eosTokenId};
    i.knowledgeBoost = c.knowledgeBoost;
    return i;
}

std::unique_ptr<detail::KvCache> Gpt2Model::Impl::newCache(int64_t capacity) const {
    return std::make_unique<detail::KvCache>(config.nLayer, 1, config.nHead, capacity, config.nEmbd / config.nHead,
                                             torch::TensorOptions().dtype(dtype).device(device));
}

torch::Tensor Gpt2Model::Impl::packedHidden(const detail::PackedSequences& pack) {
    const int64_t NH = config.nHead, HD = config.nEmbd / NH;
    auto ids = torch::tensor(pack.ids, torch::kLong).to(device);
    auto positions = torch::tensor(pack.positions, torch::kLong).to(device);
    auto x = net->wte(ids) + net->wpe(positions);  // (N, C)
    const int64_t N = x.size(0);
    for (auto& block : net->blocks) {
        const auto qkv = block->attn->c_attn(block->ln_1(x)).split(config.nEmbd, /*dim=*/1);  // 3 x (N, C)
        auto att = detail::packedAttention(qkv[0].view({N, NH, HD}), qkv[1].view({N, NH, HD}),
                                           qkv[2].view({N, NH, HD}), pack);                 // (N, C)
        x = x + block->attn->c_proj(att);
        x = x + block->mlp->forward(block->ln_2(x));
    }
    return net->ln_f(x);  // (N, C)
}

void Gpt2Model::save(const std::string& dir, WeightDType storage) const {
    fs::create_directories(dir);
    detail::writeTextFile((fs::path(dir) / "config.json").string(), m_impl->config.toJsonText());
    detail::saveWeights(*m_impl->net, (fs::path(dir) / "model.safetensors").string(), "transformer.",
                        detail::toTorch(storage));
}

void Gpt2Model::resizeVocabulary(int newVocabSize) {
    auto& cfg = m_impl->config;
    if (newVocabSize < cfg.vocabSize)
        throw InvalidArgument("cannot shrink the vocabulary from " + std::to_string(cfg.vocabSize) + " to " +
                              std::to_string(newVocabSize));
    if (newVocabSize == cfg.vocabSize) return;
    torch::NoGradGuard noGrad;
    auto old = m_impl->net->wte->weight.detach();                                   // (V, C)
    auto grown = torch::empty({newVocabSize, cfg.nEmbd}, old.options());            // (V', C)
    grown.narrow(0, 0, cfg.vocabSize).copy_(old);
    grown.narrow(0, cfg.vocabSize, newVocabSize - cfg.vocabSize).copy_(old.mean(0, /*keepdim=*/true).expand({newVocabSize - cfg.vocabSize, cfg.nEmbd}));
    m_impl->net->wte->weight.set_data(grown);
    m_impl->net->wte->options.num_embeddings(newVocabSize);
    cfg.vocabSize = newVocabSize;
}

}  // namespace persona
