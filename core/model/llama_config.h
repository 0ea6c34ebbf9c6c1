// The configuration of the Llama family (HuggingFace LlamaForCausalLM, MistralForCausalLM,
// Qwen2ForCausalLM, Qwen3ForCausalLM): one decoder with flags for what the four differ in.
// No torch here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace persona::detail {

struct RopeScaling {
    enum class Kind { None, Linear, Llama3 };
    Kind kind = Kind::None;
    double factor = 1.0;
    double lowFreqFactor = 1.0;   // llama3
    double highFreqFactor = 4.0;  // llama3
    int originalContext = 8192;   // llama3: original_max_position_embeddings
};

struct LlamaConfig {
    std::string architecture = "LlamaForCausalLM";
    std::string modelType = "llama";
    int vocabSize = 32000;
    int hiddenSize = 4096;        // C
    int intermediateSize = 11008; // I
    int layers = 32;
    int heads = 32;               // NH
    int kvHeads = 32;             // NKV
    int headDim = 128;            // HD
    int contextLength = 2048;     // max_position_embeddings
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    RopeScaling ropeScaling;
    bool tiedEmbeddings = false;
    bool qkvBias = false;         // Qwen2 always; Llama's attention_bias
    bool outputBias = false;      // Llama's attention_bias also biases o_proj
    bool mlpBias = false;         // Llama's mlp_bias
    bool qkNorm = false;          // Qwen3: RMSNorm over each head of q and k
    int slidingWindow = 0;        // 0: none; else attention spans at most this many positions
    int fullAttentionLayers = 0;  // Qwen2/3 max_window_layers: layers below it attend fully
    std::optional<int> bosTokenId;
    std::vector<int> eosTokenIds;

    // From config.json text; throws ModelLoadError naming the origin and the field.
    static LlamaConfig fromJsonText(const std::string& text, const std::string& origin);
    // The window of layer `layer` (0: full attention).
    int windowOf(int layer) const { return layer >= fullAttentionLayers ? slidingWindow : 0; }
    // The RoPE inverse frequencies (HD / 2), with the scaling applied, in F32 as HF computes them.
    std::vector<float> inverseFrequencies() const;
    int64_t parameterCount() const;

    // Real shapes for benchmarks: qwen2-0.5b (Qwen2.5-0.5B), llama-1b (Llama 3.2 1B), tiny-llama.
    static std::vector<std::string> presetNames();
    static LlamaConfig preset(const std::string& name);  // throws InvalidArgument for another name
};

// The architectures LlamaConfig covers, as config.json names them.
bool isLlamaFamily(const std::string& architecture, const std::string& modelType);

}  // namespace persona::detail
