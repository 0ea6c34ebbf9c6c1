#include "persona/model/bert_model.h"

#include "model/bert_impl.h"
#include "model/hf_config.h"
#include "model/weights_io.h"
#include "persona/error.h"
#include "persona/tensorio/tensor_archive.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;

namespace persona {

BertConfig BertConfig::fromJsonText(const std::string& text, const std::string& origin) {
    detail::ConfigReader r(text, origin);
    const std::string type = r.stringOr("model_type", "bert");
    if (type != "bert" && type != "roberta" && type != "xlm-roberta")
        throw ModelLoadError(origin + ": model_type is \"" + type + "\", expected \"bert\", \"roberta\" or \"xlm-roberta\"");
    BertConfig c;
    c.modelType = type;
    c.vocabSize = r.requireInt("vocab_size");
    c.hiddenSize = r.requireInt("hidden_size");
    c.numHiddenLayers = r.requireInt("num_hidden_layers");
    c.numAttentionHeads = r.requireInt("num_attention_heads");
    c.intermediateSize = r.requireInt("intermediate_size");
    c.maxPositionEmbeddings = r.intOr("max_position_embeddings", 512);
    c.typeVocabSize = r.intOr("type_vocab_size", 2);
    c.layerNormEps = r.doubleOr("layer_norm_eps", 1e-12);
    c.hiddenAct = r.stringOr("hidden_act", "gelu");
    c.padTokenId = r.intOr("pad_token_id", c.robertaPositions() ? 1 : 0);
    if (c.robertaPositions() && c.padTokenId >= c.vocabSize)
        throw ModelLoadError(origin + ": pad_token_id " + std::to_string(c.padTokenId) + " is outside the vocabulary of " +
                             std::to_string(c.vocabSize));
    if (c.robertaPositions() && c.maxPositionEmbeddings <= c.padTokenId + 1)
        throw ModelLoadError(origin + ": max_position_embeddings " + std::to_string(c.maxPositionEmbeddings) +
                             " leaves no position after the padding offset " + std::to_string(c.padTokenId + 1));
    const std::string positions = r.stringOr("position_embedding_type", "absolute");
    if (positions != "absolute")
        throw ModelLoadError(origin + ": position_embedding_type \"" + positions +
                             "\" is not supported (absolute)");
    if (c.numAttentionHeads == 0 || c.hiddenSize % c.numAttentionHeads != 0)
        throw ModelLoadError(origin + ": hidden_size (" + std::to_string(c.hiddenSize) +
                             ") must be a positive multiple of num_attention_heads (" +
                             std::to_string(c.numAttentionHeads) + ")");
    return c;
}

BertConfig BertConfig::fromJsonFile(const std::string& path) {
    if (!fs::exists(path)) throw ModelLoadError(path + ": config.json is missing");
    return fromJsonText(detail::readTextFile(path), path);
}

std::string BertConfig::toJsonText() const {
    nlohmann::json j;
    j["model_type"] = modelType;
    j["architectures"] = {modelType == "bert" ? "BertModel" : modelType == "roberta" ? "RobertaModel" : "XLMRobertaModel"};
    j["vocab_size"] = vocabSize;
    j["hidden_size"] = hiddenSize;
    j["num_hidden_layers"] = numHiddenLayers;
    j["num_attention_heads"] = numAttentionHeads;
    j["intermediate_size"] = intermediateSize;
    j["max_position_embeddings"] = maxPositionEmbeddings;
    j["type_vocab_size"] = typeVocabSize;
    j["layer_norm_eps"] = layerNormEps;
    j["hidden_act"] = hiddenAct;
    j["pad_token_id"] = padTokenId;
    return j.dump(2) + "\n";
}

namespace {

void placeModel(BertModel::Impl& impl) { detail::placeModule(*impl.net, impl.options, impl.device, impl.dtype); }

// Known names a BertModel does not hold: the position_ids / token_type_ids buffers, and the heads
// of BertForPreTraining / BertForMaskedLM ("cls.") and RobertaForMaskedLM ("lm_head.")
// checkpoints, which an encoder does not use.
bool ignorableBertKey(const std::string& key) {
    return key == "embeddings.position_ids" || key == "embeddings.token_type_ids" || key.rfind("cls.", 0) == 0 ||
           key.rfind("lm_head.", 0) == 0;
}

}  // namespace

BertModel::BertModel(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
BertModel::BertModel(BertModel&&) noexcept = default;
BertModel& BertModel::operator=(BertModel&&) noexcept = default;
BertModel::~BertModel() = default;

BertModel BertModel::load(const std::string& dir, const ComputeOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->config = BertConfig::fromJsonFile((fs::path(dir) / "config.json").string());
    impl->options = options;
    const TensorArchive archive = TensorArchive::openFolder(dir);
    const bool pooler = archive.find("pooler.dense.weight") || archive.find("bert.pooler.dense.weight") ||
                        archive.find("roberta.pooler.dense.weight");
    impl->net = detail::Bert(impl->config, pooler);
    detail::WeightMapping mapping;
    mapping.prefixes = {"bert.", "roberta."};
    mapping.ignore = ignorableBertKey;
    detail::loadWeights(*impl->net, archive, mapping, dir);
    placeModel(*impl);
    return BertModel(std::move(impl));
}

BertModel BertModel::random(const BertConfig& config, uint64_t seed, bool withPooler,
                            const ComputeOptions& options) {
    torch::manual_seed(seed);
    auto impl = std::make_unique<Impl>();
    impl->config = config;
    impl->options = options;
    impl->net = detail::Bert(config, withPooler);
    placeModel(*impl);
    return BertModel(std::move(impl));
}

const BertConfig& BertModel::config() const { return m_impl->config; }
bool BertModel::hasPooler() const { return m_impl->net->hasPooler(); }


BertOutput BertModel::forward(const std::vector<int>& ids) const {
    if (ids.empty()) throw InvalidArgument("BERT forward: no input ids");
    for (int id : ids)
        if (id < 0 || id >= m_impl->config.vocabSize)
            throw InvalidArgument("token id " + std::to_string(id) + " is outside the vocabulary of " +
                                  std::to_string(m_impl->config.vocabSize));
    c10::InferenceMode guard;
    auto input = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()), torch::kLong)
                     .view({1, -1})
                     .to(m_impl->device);                 // (1, T)
    auto hidden = m_impl->net->forward(input);            // (1, T, H)
    BertOutput out;
    out.lastHiddenState = detail::toRows(hidden[0]);
    if (m_impl->net->hasPooler()) out.poolerOutput = detail::toRows(m_impl->net->pooler(hidden))[0];
    return out;
}

void BertModel::save(const std::string& dir, WeightDType storage) const {
    fs::create_directories(dir);
    detail::writeTextFile((fs::path(dir) / "config.json").string(), m_impl->config.toJsonText());
    detail::saveWeights(*m_impl->net, (fs::path(dir) / "model.safetensors").string(), "", detail::toTorch(storage));
}

}  // namespace persona
