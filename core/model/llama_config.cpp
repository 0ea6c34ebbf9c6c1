#include "model/llama_config.h"

#include "model/hf_config.h"
#include "persona/error.h"

#include <cmath>

namespace persona::detail {

bool isLlamaFamily(const std::string& architecture, const std::string& modelType) {
    if (!architecture.empty())
        return architecture == "LlamaForCausalLM" || architecture == "MistralForCausalLM" ||
               architecture == "Qwen2ForCausalLM" || architecture == "Qwen3ForCausalLM";
    return modelType == "llama" || modelType == "mistral" || modelType == "qwen2" || modelType == "qwen3";
}

namespace {

[[noreturn]] void bad(const std::string& origin, const std::string& what) { throw ModelLoadError(origin + ": " + what); }

// The family's defaults (transformers' LlamaConfig, MistralConfig, Qwen2Config, Qwen3Config).
LlamaConfig defaultsFor(const std::string& type) {
    LlamaConfig c;
    c.modelType = type;
    c.bosTokenId = 1;
    c.eosTokenIds = {2};
    if (type == "mistral") {
        c.architecture = "MistralForCausalLM";
        c.intermediateSize = 14336, c.kvHeads = 8, c.contextLength = 4096 * 32, c.slidingWindow = 4096;
    } else if (type == "qwen2" || type == "qwen3") {
        c.architecture = type == "qwen2" ? "Qwen2ForCausalLM" : "Qwen3ForCausalLM";
        c.vocabSize = 151936, c.intermediateSize = 22016, c.contextLength = 32768;
        c.qkvBias = type == "qwen2";
        c.qkNorm = type == "qwen3";
        c.bosTokenId.reset();
        c.eosTokenIds.clear();
    }
    return c;
}

std::string typeOfArchitecture(const std::string& arch) {
    if (arch == "MistralForCausalLM") return "mistral";
    if (arch == "Qwen2ForCausalLM") return "qwen2";
    if (arch == "Qwen3ForCausalLM") return "qwen3";
    return "llama";
}

// eos_token_id / bos_token_id: an integer, a list of integers, or null.
std::vector<int> idList(const nlohmann::json& j, const std::string& origin, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return {};
    const auto& v = j[key];
    std::vector<int> ids;
    auto one = [&](const nlohmann::json& x) {
        if (!x.is_number_integer() || x.get<int64_t>() < 0 || x.get<int64_t>() > (int64_t{1} << 30))
            bad(origin, std::string("field \"") + key + "\" must be a token id or a list of them");
        ids.push_back(x.get<int>());
    };
    if (v.is_array()) {
        if (v.size() > 1024) bad(origin, std::string("field \"") + key + "\" lists too many ids");
        for (const auto& x : v) one(x);
    } else {
        one(v);
    }
    return ids;
}

RopeScaling ropeScalingOf(const ConfigReader& r, const std::string& origin) {
    RopeScaling s;
    if (!r.has("rope_scaling")) return s;
    const auto& j = r.json()["rope_scaling"];
    if (!j.is_object()) bad(origin, "field \"rope_scaling\" must be an object or null");
    ConfigReader sr(j.dump(), origin + " rope_scaling");
    const std::string type = sr.stringOr("rope_type", sr.stringOr("type", "default"));
    if (type == "default") return s;
    s.factor = sr.doubleOr("factor", 1.0);
    if (!(s.factor >= 1.0) || !std::isfinite(s.factor) || s.factor > 1e6)
        bad(origin, "rope_scaling factor must be a number >= 1");
    if (type == "linear") {
        s.kind = RopeScaling::Kind::Linear;
    } else if (type == "llama3") {
        s.kind = RopeScaling::Kind::Llama3;
        s.lowFreqFactor = sr.doubleOr("low_freq_factor", 1.0);
        s.highFreqFactor = sr.doubleOr("high_freq_factor", 4.0);
        s.originalContext = sr.intOr("original_max_position_embeddings", 8192);
        if (!(s.highFreqFactor > s.lowFreqFactor) || !(s.lowFreqFactor > 0) || s.originalContext <= 0)
            bad(origin, "rope_scaling llama3 needs 0 < low_freq_factor < high_freq_factor and a positive "
                        "original_max_position_embeddings");
    } else {
        bad(origin, "rope_scaling type \"" + type + "\" is not supported (default, linear, llama3)");
    }
    return s;
}

void checkShapes(const LlamaConfig& c, const std::string& origin) {
    auto positive = [&](int v, const char* name) {
        if (v <= 0) bad(origin, std::string(name) + " must be positive");
    };
    positive(c.vocabSize, "vocab_size");
    positive(c.hiddenSize, "hidden_size");
    positive(c.intermediateSize, "intermediate_size");
    positive(c.layers, "num_hidden_layers");
    positive(c.heads, "num_attention_heads");
    positive(c.kvHeads, "num_key_value_heads");
    positive(c.headDim, "head_dim");
    positive(c.contextLength, "max_position_embeddings");
    if (c.heads % c.kvHeads != 0)
        bad(origin, "num_attention_heads (" + std::to_string(c.heads) + ") must be a multiple of num_key_value_heads (" +
                        std::to_string(c.kvHeads) + ")");
    if (c.headDim % 2 != 0) bad(origin, "head_dim must be even (rotary embeddings rotate pairs)");
    if (c.layers > 4096 || c.headDim > 4096 || c.heads > 4096)
        bad(origin, "num_hidden_layers, num_attention_heads and head_dim must be at most 4096");
    if (!(c.rmsNormEps > 0) || !std::isfinite(c.rmsNormEps)) bad(origin, "rms_norm_eps must be positive");
    if (!(c.ropeTheta > 0) || !std::isfinite(c.ropeTheta)) bad(origin, "rope_theta must be positive");
}

}  // namespace

LlamaConfig LlamaConfig::fromJsonText(const std::string& text, const std::string& origin) {
    ConfigReader r(text, origin);
    std::string arch;
    if (r.has("architectures")) {
        const auto& a = r.json()["architectures"];
        if (!a.is_array() || a.empty() || !a[0].is_string()) bad(origin, "field \"architectures\" must be a list of names");
        arch = a[0].get<std::string>();
    }
    const std::string type = r.stringOr("model_type", arch.empty() ? "llama" : typeOfArchitecture(arch));
    if (!isLlamaFamily(arch, type))
        bad(origin, "\"" + (arch.empty() ? type : arch) + "\" is not a Llama-family architecture");
    LlamaConfig c = defaultsFor(arch.empty() ? type : typeOfArchitecture(arch));
    if (!arch.empty()) c.architecture = arch;
    const std::string act = r.stringOr("hidden_act", "silu");
    if (act != "silu") bad(origin, "hidden_act \"" + act + "\" is not supported (silu)");
    if (r.has("partial_rotary_factor") && r.doubleOr("partial_rotary_factor", 1.0) != 1.0)
        bad(origin, "partial_rotary_factor other than 1 is not supported");
    c.vocabSize = r.requireInt("vocab_size");
    c.hiddenSize = r.requireInt("hidden_size");
    c.intermediateSize = r.requireInt("intermediate_size");
    c.layers = r.requireInt("num_hidden_layers");
    c.heads = r.requireInt("num_attention_heads");
    c.kvHeads = r.intOr("num_key_value_heads", c.heads);
    const int defaultHeadDim = c.modelType == "qwen3" ? 128 : (c.heads > 0 ? c.hiddenSize / c.heads : 0);
    c.headDim = r.intOr("head_dim", defaultHeadDim);
    c.contextLength = r.intOr("max_position_embeddings", c.contextLength);
    c.rmsNormEps = r.doubleOr("rms_norm_eps", c.rmsNormEps);
    c.ropeTheta = r.doubleOr("rope_theta", c.ropeTheta);
    c.ropeScaling = ropeScalingOf(r, origin);
    if (r.has("tie_word_embeddings")) {
        if (!r.json()["tie_word_embeddings"].is_boolean()) bad(origin, "field \"tie_word_embeddings\" must be true or false");
        c.tiedEmbeddings = r.json()["tie_word_embeddings"].get<bool>();
    }
    auto flag = [&](const char* key, bool fallback) {
        if (!r.has(key)) return fallback;
        if (!r.json()[key].is_boolean()) bad(origin, std::string("field \"") + key + "\" must be true or false");
        return r.json()[key].get<bool>();
    };
    if (c.modelType == "llama" || c.modelType == "qwen3") {
        const bool attentionBias = flag("attention_bias", false);
        c.qkvBias = attentionBias;
        c.outputBias = attentionBias;
    }
    if (c.modelType == "llama") c.mlpBias = flag("mlp_bias", false);
    if (c.modelType == "mistral") {
        c.slidingWindow = r.json().contains("sliding_window") ? r.intOr("sliding_window", 0) : c.slidingWindow;
    } else if (c.modelType == "qwen2" || c.modelType == "qwen3") {
        c.slidingWindow = flag("use_sliding_window", false) ? r.intOr("sliding_window", 4096) : 0;
        c.fullAttentionLayers = r.intOr("max_window_layers", 28);
    }
    if (r.json().contains("bos_token_id")) {
        const auto bos = idList(r.json(), origin, "bos_token_id");
        c.bosTokenId = bos.empty() ? std::nullopt : std::optional<int>(bos.front());
    }
    if (r.json().contains("eos_token_id")) c.eosTokenIds = idList(r.json(), origin, "eos_token_id");
    checkShapes(c, origin);
    return c;
}

std::vector<float> LlamaConfig::inverseFrequencies() const {
    // As transformers computes it, in F32: 1 / theta^(2i / HD).
    const int half = headDim / 2;
    std::vector<float> inv(static_cast<size_t>(half));
    const auto theta = static_cast<float>(ropeTheta);
    for (int i = 0; i < half; ++i)
        inv[static_cast<size_t>(i)] = 1.0f / std::pow(theta, static_cast<float>(2 * i) / static_cast<float>(headDim));
    const auto factor = static_cast<float>(ropeScaling.factor);
    if (ropeScaling.kind == RopeScaling::Kind::Linear) {
        for (auto& f : inv) f /= factor;
    } else if (ropeScaling.kind == RopeScaling::Kind::Llama3) {
        // transformers' _compute_llama3_parameters: long wavelengths slowed by `factor`, short
        // ones kept, the band between blended smoothly.
        const auto oldContext = static_cast<float>(ropeScaling.originalContext);
        const auto low = static_cast<float>(ropeScaling.lowFreqFactor), high = static_cast<float>(ropeScaling.highFreqFactor);
        const float lowFreqWavelen = oldContext / low, highFreqWavelen = oldContext / high;
        constexpr float kTwoPi = static_cast<float>(2.0 * M_PI);
        for (auto& f : inv) {
            const float wavelen = kTwoPi / f;
            float scaled = wavelen > lowFreqWavelen ? f / factor : f;
            const bool medium = !(wavelen < highFreqWavelen) && !(wavelen > lowFreqWavelen);
            if (medium) {
                const float smooth = (oldContext / wavelen - low) / (high - low);
                scaled = (1 - smooth) * scaled / factor + smooth * scaled;
            }
            f = scaled;
        }
    }
    return inv;
}

int64_t LlamaConfig::parameterCount() const {
    const int64_t C = hiddenSize, I = intermediateSize, V = vocabSize;
    const int64_t q = int64_t{heads} * headDim, kv = int64_t{kvHeads} * headDim;
    int64_t perLayer = 2 * C + C * q + 2 * C * kv + q * C + 3 * C * I;
    if (qkvBias) perLayer += q + 2 * kv;
    if (outputBias) perLayer += C;
    if (mlpBias) perLayer += 2 * I + C;
    if (qkNorm) perLayer += 2 * int64_t{headDim};
    return V * C * (tiedEmbeddings ? 1 : 2) + C + layers * perLayer;
}

std::vector<std::string> LlamaConfig::presetNames() { return {"qwen2-0.5b", "llama-1b", "tiny-llama"}; }

LlamaConfig LlamaConfig::preset(const std::string& name) {
    LlamaConfig c;
    if (name == "qwen2-0.5b") {  // Qwen2.5-0.5B
        c = defaultsFor("qwen2");
        c.vocabSize = 151936, c.hiddenSize = 896, c.intermediateSize = 4864, c.layers = 24;
        c.heads = 14, c.kvHeads = 2, c.headDim = 64, c.contextLength = 32768;
        c.ropeTheta = 1000000.0, c.tiedEmbeddings = true, c.fullAttentionLayers = 21;
        c.eosTokenIds = {151643};
        return c;
    }
    if (name == "llama-1b") {  // Llama 3.2 1B
        c = defaultsFor("llama");
        c.vocabSize = 128256, c.hiddenSize = 2048, c.intermediateSize = 8192, c.layers = 16;
        c.heads = 32, c.kvHeads = 8, c.headDim = 64, c.contextLength = 131072;
        c.rmsNormEps = 1e-5, c.ropeTheta = 500000.0, c.tiedEmbeddings = true;
        c.ropeScaling = {RopeScaling::Kind::Llama3, 32.0, 1.0, 4.0, 8192};
        c.bosTokenId = 128000, c.eosTokenIds = {128001, 128008, 128009};
        return c;
    }
    if (name == "tiny-llama") {  // for tests
        c = defaultsFor("llama");
        c.vocabSize = 96, c.hiddenSize = 32, c.intermediateSize = 64, c.layers = 2;
        c.heads = 4, c.kvHeads = 2, c.headDim = 8, c.contextLength = 128;
        return c;
    }
    throw InvalidArgument("unknown Llama-family preset \"" + name + "\"");
}

}  // namespace persona::detail
