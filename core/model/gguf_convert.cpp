#include "persona/model/gguf_convert.h"

#include "model/decode_kernels.h"
#include "model/quant.h"
#include "persona/error.h"
#include "persona/tensorio/tensor_archive.h"
#include "tensorio/gguf_writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace persona::gguf {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tensorio::GgmlType;

json readJson(const fs::path& path) {
    std::ifstream in(path);
    if (!in) throw ModelLoadError(path.string() + ": cannot open");
    json j = json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw ModelLoadError(path.string() + ": not a JSON object");
    return j;
}

int configInt(const json& c, const char* key, const fs::path& file, int fallback = -1) {
    if (!c.contains(key)) {
        if (fallback >= 0) return fallback;
        throw ModelLoadError(file.string() + ": '" + key + "' is missing");
    }
    if (!c[key].is_number_integer() || c[key].get<int64_t>() <= 0)
        throw ModelLoadError(file.string() + ": '" + key + "' is not a positive integer");
    return c[key].get<int>();
}

// Token types of llama.cpp's vocabulary (llama_token_type).
constexpr int32_t kNormal = 1, kControl = 3, kUserDefined = 4, kUnused = 5;

struct Vocab {
    std::vector<std::string> tokens;
    std::vector<int32_t> types;
    std::vector<std::string> merges;
};

void place(Vocab& v, int64_t id, const std::string& text, int32_t type) {
    if (id < 0 || id > 10'000'000) throw ModelLoadError("token id " + std::to_string(id) + " out of range");
    if (static_cast<size_t>(id) >= v.tokens.size()) {
        v.tokens.resize(static_cast<size_t>(id) + 1);
        v.types.resize(static_cast<size_t>(id) + 1, 0);
    }
    v.tokens[static_cast<size_t>(id)] = text;
    v.types[static_cast<size_t>(id)] = type;
}

// vocab.json + added tokens (added_tokens.json, tokenizer_config.json's added_tokens_decoder),
// padded with "[PAD<id>]" to the model's vocabulary, merges.txt.
Vocab readGpt2Vocab(const fs::path& dir, int vocabSize) {
    Vocab v;
    const json vocab = readJson(dir / "vocab.json");
    for (const auto& [text, id] : vocab.items()) place(v, id.get<int64_t>(), text, kNormal);
    std::vector<std::string> special;
    if (fs::exists(dir / "special_tokens_map.json")) {
        const json m = readJson(dir / "special_tokens_map.json");
        auto addSpecial = [&special](const json& t) {
            if (t.is_string()) special.push_back(t.get<std::string>());
            if (t.is_object()) special.push_back(t.value("content", ""));
        };
        for (const auto& [key, value] : m.items()) {
            if (!value.is_array()) addSpecial(value);
            else
                for (const json& t : value) addSpecial(t);
        }
    }
    auto isSpecial = [&](const std::string& t) { return std::find(special.begin(), special.end(), t) != special.end(); };
    if (fs::exists(dir / "added_tokens.json")) {
        const json added = readJson(dir / "added_tokens.json");
        for (const auto& [text, id] : added.items())
            place(v, id.get<int64_t>(), text, isSpecial(text) ? kControl : kUserDefined);
    }
    if (fs::exists(dir / "tokenizer_config.json")) {
        const json c = readJson(dir / "tokenizer_config.json");
        if (c.contains("added_tokens_decoder") && c["added_tokens_decoder"].is_object())
            for (const auto& [id, t] : c["added_tokens_decoder"].items())
                place(v, std::stoll(id), t.value("content", ""), t.value("special", false) ? kControl : kUserDefined);
    }
    for (const auto& [text, id] : vocab.items())
        if (isSpecial(text)) v.types[id.get<size_t>()] = kControl;
    if (v.tokens.size() > static_cast<size_t>(vocabSize))
        throw ModelLoadError((dir / "vocab.json").string() + ": the tokenizer has " + std::to_string(v.tokens.size()) +
                             " tokens, the model's vocabulary " + std::to_string(vocabSize));
    v.tokens.resize(static_cast<size_t>(vocabSize));
    v.types.resize(static_cast<size_t>(vocabSize), 0);
    for (size_t i = 0; i < v.tokens.size(); ++i)
        if (v.types[i] == 0) v.tokens[i] = "[PAD" + std::to_string(i) + "]", v.types[i] = kUnused;
    std::ifstream merges(dir / "merges.txt");
    if (!merges) throw ModelLoadError((dir / "merges.txt").string() + ": cannot open (a GPT-2 tokenizer is needed)");
    for (std::string line; std::getline(merges, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.rfind("#version", 0) == 0) continue;
        v.merges.push_back(line);
    }
    return v;
}

std::vector<float> toFloats(const TensorData& t, const std::string& file) {
    if (!t.isContiguous()) throw ModelLoadError(file + ": tensor '" + t.name + "' is not contiguous");
    const auto n = static_cast<size_t>(t.numel());
    std::vector<float> out(n);
    const auto* p = static_cast<const uint8_t*>(t.data);
    for (size_t i = 0; i < n; ++i) {
        uint16_t h;
        switch (t.dtype) {
            case DType::F32: std::memcpy(&out[i], p + 4 * i, 4); break;
            case DType::F16: std::memcpy(&h, p + 2 * i, 2); out[i] = detail::halfToFloat(h); break;
            case DType::BF16: std::memcpy(&h, p + 2 * i, 2); out[i] = detail::bf16ToFloat(h); break;
            default:
                throw ModelLoadError(file + ": tensor '" + t.name + "' is " + dtypeName(t.dtype) +
                                     ", expected F32, F16 or BF16");
        }
    }
    return out;
}

// [rows, cols] -> [cols, rows]
std::vector<float> transpose(const std::vector<float>& a, int64_t rows, int64_t cols) {
    std::vector<float> t(a.size());
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c) t[static_cast<size_t>(c * rows + r)] = a[static_cast<size_t>(r * cols + c)];
    return t;
}

GgmlType storedType(GgmlType wanted, int64_t rowElems, bool matrix) {
    if (!matrix) return GgmlType::F32;
    for (GgmlType t : {wanted, GgmlType::Q8_0})
        if (rowElems % tensorio::ggmlTypeTraits(t).blockElems == 0) return t;
    return GgmlType::F16;
}

class Gpt2Converter {
public:
    Gpt2Converter(const ConvertOptions& o, GgmlType type, const json& config, const fs::path& configFile)
        : m_options(o), m_type(type), m_archive(TensorArchive::openFolder(o.modelDir)) {
        m_C = configInt(config, "n_embd", configFile);
        m_layers = configInt(config, "n_layer", configFile);
        m_heads = configInt(config, "n_head", configFile);
        m_positions = configInt(config, "n_positions", configFile);
        m_vocab = configInt(config, "vocab_size", configFile);
        m_inner = config.contains("n_inner") && config["n_inner"].is_number_integer()
                      ? config["n_inner"].get<int>() : 4 * m_C;
        m_eps = config.value("layer_norm_epsilon", 1e-5);
        m_bos = config.value("bos_token_id", 50256);
        m_eos = config.value("eos_token_id", 50256);
        m_prefix = m_archive.find("transformer.wte.weight") ? "transformer." : "";
    }

    ConvertReport run() {
        tensorio::GgufWriter w;
        metadata(w);
        add(w, "token_embd.weight", "wte.weight", false);
        add(w, "position_embd.weight", "wpe.weight", false);
        for (int l = 0; l < m_layers; ++l) {
            const std::string hf = "h." + std::to_string(l) + ".", gg = "blk." + std::to_string(l) + ".";
            for (const char* p : {"weight", "bias"}) {
                add(w, gg + "attn_norm." + p, hf + "ln_1." + p, false);
                add(w, gg + "attn_qkv." + p, hf + "attn.c_attn." + p, true);
                add(w, gg + "attn_output." + p, hf + "attn.c_proj." + p, true);
                add(w, gg + "ffn_norm." + p, hf + "ln_2." + p, false);
                add(w, gg + "ffn_up." + p, hf + "mlp.c_fc." + p, true);
                add(w, gg + "ffn_down." + p, hf + "mlp.c_proj." + p, true);
            }
        }
        add(w, "output_norm.weight", "ln_f.weight", false);
        add(w, "output_norm.bias", "ln_f.bias", false);
        w.write(m_options.outFile);
        m_report.architecture = "gpt2";
        m_report.fileBytes = fs::file_size(m_options.outFile);
        return m_report;
    }

private:
    void metadata(tensorio::GgufWriter& w) {
        const GgmlType t = m_type;
        w.addString("general.architecture", "gpt2");
        w.addString("general.name", fs::path(m_options.modelDir).filename().string());
        w.addUint32("general.file_type", t == GgmlType::F32 ? 0 : t == GgmlType::F16 ? 1 : t == GgmlType::Q8_0 ? 7
                                                                : t == GgmlType::BF16 ? 32 : 14);
        w.addUint32("general.quantization_version", 2);
        w.addUint32("gpt2.context_length", static_cast<uint32_t>(m_positions));
        w.addUint32("gpt2.embedding_length", static_cast<uint32_t>(m_C));
        w.addUint32("gpt2.feed_forward_length", static_cast<uint32_t>(m_inner));
        w.addUint32("gpt2.block_count", static_cast<uint32_t>(m_layers));
        w.addUint32("gpt2.attention.head_count", static_cast<uint32_t>(m_heads));
        w.addFloat32("gpt2.attention.layer_norm_epsilon", static_cast<float>(m_eps));
        const Vocab v = readGpt2Vocab(m_options.modelDir, m_vocab);
        w.addString("tokenizer.ggml.model", "gpt2");
        w.addString("tokenizer.ggml.pre", "gpt-2");
        w.addStringArray("tokenizer.ggml.tokens", v.tokens);
        w.addInt32Array("tokenizer.ggml.token_type", v.types);
        w.addStringArray("tokenizer.ggml.merges", v.merges);
        w.addUint32("tokenizer.ggml.bos_token_id", static_cast<uint32_t>(m_bos));
        w.addUint32("tokenizer.ggml.eos_token_id", static_cast<uint32_t>(m_eos));
    }

    // A Conv1D weight [in, out] is stored transposed (torch [out, in], GGUF ne = {in, out}).
    void add(tensorio::GgufWriter& w, const std::string& name, const std::string& hfName, bool conv1d) {
        const std::string key = m_prefix + hfName;
        const TensorData* t = m_archive.find(key);
        if (t == nullptr)
            throw ModelLoadError(m_options.modelDir + ": tensor '" + key + "' is missing (a GPT-2 checkpoint?)");
        std::vector<float> data = toFloats(*t, m_archive.fileOf(key));
        std::vector<int64_t> shape = t->shape;
        if (conv1d && shape.size() == 2) {
            data = transpose(data, shape[0], shape[1]);
            std::swap(shape[0], shape[1]);
        }
        std::vector<uint64_t> ne(shape.rbegin(), shape.rend());
        const int64_t rowElems = static_cast<int64_t>(ne[0]);
        const GgmlType type = storedType(m_type, rowElems, shape.size() == 2);
        const int64_t rows = static_cast<int64_t>(data.size()) / rowElems;
        w.addTensor(name, type, ne, quant::quantizeRows(type, data.data(), rows, rowElems));
        ++m_report.tensors;
        m_report.parameters += static_cast<int64_t>(data.size());
        ++m_report.tensorTypes[tensorio::ggmlTypeName(type)];
    }

    ConvertOptions m_options;
    GgmlType m_type;
    TensorArchive m_archive;
    int m_C = 0, m_layers = 0, m_heads = 0, m_positions = 0, m_vocab = 0, m_inner = 0, m_bos = 0, m_eos = 0;
    double m_eps = 1e-5;
    std::string m_prefix;
    ConvertReport m_report;
};

}  // namespace

ConvertReport convertToGguf(const ConvertOptions& o) {
    GgmlType t = GgmlType::F16;
    if (!tensorio::ggmlTypeFromName(o.type, &t))
        throw InvalidArgument("convert: unknown type '" + o.type + "' (f32, f16, bf16, q8_0, q4_k)");
    if (t != GgmlType::F32 && t != GgmlType::F16 && t != GgmlType::BF16 && t != GgmlType::Q8_0 && t != GgmlType::Q4_K)
        throw InvalidArgument(std::string("convert: type ") + tensorio::ggmlTypeName(t) +
                              " is not one convert writes (f32, f16, bf16, q8_0, q4_k)");
    const fs::path configFile = fs::path(o.modelDir) / "config.json";
    const json config = readJson(configFile);
    const std::string type = config.value("model_type", "");
    if (type == "gpt2") return Gpt2Converter(o, t, config, configFile).run();
    throw ModelLoadError(configFile.string() + ": model_type '" + type +
                         "' cannot be converted yet (gpt2 only; the Llama family needs the causal-LM models of issue 25)");
}

}  // namespace persona::gguf
