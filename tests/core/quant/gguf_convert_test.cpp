// persona-cli convert's GGUF files (core/model/gguf_convert.cpp): a random-weight GPT-2 folder with
// a real byte-level BPE tokenizer (tests/fixtures/text/tiny_bpe) converted to F32, F16, Q8_0 and
// Q4_K; read back by our reader; loaded and run by llama.cpp (node-llama-cpp's CPU prebuilt, when
// installed: packaging/install-node-refs.sh), whose next-token probabilities must match our engine's
// GPT-2 forward over the same (dequantized) weights within the spread llama.cpp was measured at
// (issue 26: 5e-4 F32, 1.5e-3 F16, 0.06 quantized; it rounds activations inside its dot products).
#include "model/quant.h"
#include "persona/error.h"
#include "persona/model/gguf_convert.h"
#include "persona/model/gpt2_model.h"
#include "persona/tensorio/tensor_archive.h"
#include "tensorio/gguf_reader.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>

namespace {

namespace fs = std::filesystem;
using persona::tensorio::GgufFile;
using persona::tensorio::GgufTensorInfo;

const std::string kSource = PERSONA_SOURCE_DIR;

// GPT-2's random initialisation (std 0.02) predicts an almost uniform distribution, against which
// any model would look right; scaling the tied embeddings makes the next-token distributions
// peaked (checked below), so a wrong layout or a wrong kernel shows.
void sharpen(const fs::path& file) {
    const auto archive = persona::TensorArchive::open(file.string());
    std::vector<std::vector<float>> data;
    std::vector<persona::TensorData> tensors;
    data.reserve(archive.tensors().size());
    for (const persona::TensorData& t : archive.tensors()) {
        const auto* p = static_cast<const float*>(t.data);
        data.emplace_back(p, p + t.numel());
        if (t.name.find("wte") != std::string::npos)
            for (float& x : data.back()) x *= 3.0f;
        persona::TensorData d = t;
        d.data = data.back().data();
        tensors.push_back(d);
    }
    persona::writeSafetensors(file.string() + ".new", tensors);
    fs::rename(file.string() + ".new", file);
}

struct Folder {
    fs::path dir;
    Folder() {
        dir = fs::temp_directory_path() / ("gguf_convert_" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir / "model");
        persona::Gpt2Config c;
        c.nEmbd = 256, c.nLayer = 2, c.nHead = 4, c.nPositions = 64, c.vocabSize = 274;
        c.bosTokenId = c.eosTokenId = 273;
        persona::Gpt2Model::random(c, 26).save((dir / "model").string());
        sharpen(dir / "model" / "model.safetensors");
        for (const char* f : {"vocab.json", "merges.txt", "added_tokens.json", "special_tokens_map.json",
                              "tokenizer_config.json"})
            fs::copy_file(kSource + "/tests/fixtures/text/tiny_bpe/" + f, dir / "model" / f);
    }
    ~Folder() { fs::remove_all(dir); }
};

const Folder& folder() {
    static const Folder f;
    return f;
}

std::string convert(const std::string& type) {
    const std::string out = (folder().dir / ("m." + type + ".gguf")).string();
    if (!fs::exists(out)) persona::gguf::convertToGguf({(folder().dir / "model").string(), out, type});
    return out;
}

// The GGUF tensors back in HuggingFace's GPT-2 layout (Conv1D weights transposed back), dequantized:
// a folder our engine loads, holding exactly the weights llama.cpp computes with.
std::string dequantizedFolder(const std::string& gguf, const std::string& name) {
    const fs::path dir = folder().dir / name;
    fs::create_directories(dir);
    fs::copy_file(folder().dir / "model" / "config.json", dir / "config.json", fs::copy_options::overwrite_existing);
    const auto file = GgufFile::open(gguf);
    const std::vector<std::pair<std::regex, std::string>> names = {
        {std::regex(R"(token_embd\.weight)"), "wte.weight"},     {std::regex(R"(position_embd\.weight)"), "wpe.weight"},
        {std::regex(R"(output_norm\.(\w+))"), "ln_f.$1"},       {std::regex(R"(blk\.(\d+)\.attn_norm\.(\w+))"), "h.$1.ln_1.$2"},
        {std::regex(R"(blk\.(\d+)\.attn_qkv\.(\w+))"), "h.$1.attn.c_attn.$2"},
        {std::regex(R"(blk\.(\d+)\.attn_output\.(\w+))"), "h.$1.attn.c_proj.$2"},
        {std::regex(R"(blk\.(\d+)\.ffn_norm\.(\w+))"), "h.$1.ln_2.$2"},
        {std::regex(R"(blk\.(\d+)\.ffn_up\.(\w+))"), "h.$1.mlp.c_fc.$2"},
        {std::regex(R"(blk\.(\d+)\.ffn_down\.(\w+))"), "h.$1.mlp.c_proj.$2"}};
    std::vector<std::vector<float>> storage;
    std::vector<persona::TensorData> tensors;
    storage.reserve(file->contents().tensors.size());
    for (const GgufTensorInfo& t : file->contents().tensors) {
        std::string hf;
        for (const auto& [re, replacement] : names)
            if (std::regex_match(t.name, re)) hf = std::regex_replace(t.name, re, replacement);
        EXPECT_FALSE(hf.empty()) << t.name;
        std::vector<float> w(t.numel);
        for (uint64_t r = 0; r < t.rows(); ++r)
            persona::quant::dequantizeRow(t.type, t.data + r * t.rowBytes(), w.data() + r * t.rowElems(),
                                          static_cast<int64_t>(t.rowElems()));
        std::vector<int64_t> shape(t.ne.rbegin(), t.ne.rend());
        const bool conv1d = shape.size() == 2 && hf.find(".c_") != std::string::npos;
        if (conv1d) {  // [out, in] -> Conv1D [in, out]
            std::vector<float> tr(w.size());
            for (int64_t o = 0; o < shape[0]; ++o)
                for (int64_t i = 0; i < shape[1]; ++i) tr[i * shape[0] + o] = w[o * shape[1] + i];
            w.swap(tr);
            std::swap(shape[0], shape[1]);
        }
        storage.push_back(std::move(w));
        persona::TensorData d;
        d.name = "transformer." + hf;
        d.dtype = persona::DType::F32;
        d.shape = shape;
        d.data = storage.back().data();
        d.nbytes = storage.back().size() * 4;
        tensors.push_back(d);
    }
    persona::writeSafetensors((dir / "model.safetensors").string(), tensors);
    return dir.string();
}

std::string nodeModules() {
    const std::string m = kSource + "/tests/node/node_modules";
    return fs::exists(m + "/node-llama-cpp") && fs::exists(m + "/@node-llama-cpp/linux-x64") ? m : "";
}

nlohmann::json llamaCppLogits(const std::string& gguf, const std::vector<int>& ids) {
    std::string csv;
    for (int id : ids) csv += (csv.empty() ? "" : ",") + std::to_string(id);
    const std::string cmd = "node " + kSource + "/tests/golden/tensorio/gguf/llamacpp_logits.mjs " + nodeModules() +
                            " " + gguf + " " + csv + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    std::string out;
    char buf[65536];
    while (size_t n = fread(buf, 1, sizeof buf, pipe.get())) out.append(buf, n);
    // The last line is the document (llama.cpp may print before it).
    const size_t start = out.rfind("{\"");
    return nlohmann::json::parse(start == std::string::npos ? std::string("{}") : out.substr(start));
}

std::vector<double> softmax(const std::vector<double>& z) {
    const double m = *std::max_element(z.begin(), z.end());
    std::vector<double> p(z.size());
    double s = 0;
    for (size_t i = 0; i < z.size(); ++i) s += p[i] = std::exp(z[i] - m);
    for (double& x : p) x /= s;
    return p;
}

TEST(GgufConvert, WritesLlamaCppsNamesTypesAndTokenizer) {
    const auto file = GgufFile::open(convert("q4_k"));
    const auto& c = file->contents();
    EXPECT_EQ(c.getString("general.architecture"), "gpt2");
    EXPECT_EQ(c.getUint("gpt2.block_count"), 2u);
    EXPECT_EQ(c.getUint("gpt2.embedding_length"), 256u);
    EXPECT_EQ(c.getUint("gpt2.feed_forward_length"), 1024u);
    EXPECT_EQ(c.find("tokenizer.ggml.tokens")->strings.size(), 274u);
    EXPECT_EQ(c.find("tokenizer.ggml.tokens")->strings[273], "<sep>");
    EXPECT_EQ(c.find("tokenizer.ggml.token_type")->intAt(273), 3);  // control
    EXPECT_EQ(c.find("tokenizer.ggml.merges")->strings.at(0), "h e");
    EXPECT_EQ(c.findTensor("blk.0.attn_qkv.weight")->type, persona::tensorio::GgmlType::Q4_K);
    EXPECT_EQ(c.findTensor("blk.0.attn_qkv.weight")->ne, (std::vector<uint64_t>{256, 768}));
    EXPECT_EQ(c.findTensor("blk.1.ffn_down.weight")->ne, (std::vector<uint64_t>{1024, 256}));
    EXPECT_EQ(c.findTensor("blk.0.attn_norm.bias")->type, persona::tensorio::GgmlType::F32);
}

TEST(GgufConvert, RefusesWhatItCannotConvert) {
    EXPECT_THROW(persona::gguf::convertToGguf({(folder().dir / "model").string(), "/tmp/x.gguf", "q6_k"}),
                 persona::InvalidArgument);
    const fs::path bert = kSource + "/tests/fixtures/models/tiny-bert";
    try {
        persona::gguf::convertToGguf({bert.string(), (folder().dir / "bert.gguf").string(), "f16"});
        FAIL();
    } catch (const persona::ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot be converted"), std::string::npos) << e.what();
    }
}

class LlamaCppRuns : public ::testing::TestWithParam<std::pair<std::string, double>> {};

TEST_P(LlamaCppRuns, TheConvertedFileAndOurEngineAgree) {
    if (nodeModules().empty()) GTEST_SKIP() << "node-llama-cpp not installed (packaging/install-node-refs.sh)";
    const auto [type, tolerance] = GetParam();
    const std::string gguf = convert(type);
    const std::vector<int> ids = {273, 40, 71, 68, 75, 75, 78, 0, 55, 78, 81, 75, 67, 13, 269, 100, 200, 5};
    const auto theirs = llamaCppLogits(gguf, ids);
    ASSERT_TRUE(theirs.contains("logits")) << theirs.dump();
    const auto ours = persona::Gpt2Model::load(dequantizedFolder(gguf, "deq." + type)).logits(ids);
    ASSERT_EQ(theirs["logits"].size(), ours.size());
    double worst = 0, peak = 0, flattest = 1;
    for (size_t t = 0; t < ours.size(); ++t) {
        const std::vector<double> pl = softmax(theirs["logits"][t].get<std::vector<double>>());
        const std::vector<double> po = softmax(std::vector<double>(ours[t].begin(), ours[t].end()));
        ASSERT_EQ(pl.size(), po.size());
        std::vector<size_t> order(po.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return po[a] > po[b]; });
        for (size_t k = 0; k < 20; ++k) worst = std::max(worst, std::abs(po[order[k]] - pl[order[k]]));
        peak = std::max(peak, po[order[0]]);
        flattest = std::min(flattest, po[order[0]]);
        const size_t theirBest = static_cast<size_t>(std::max_element(pl.begin(), pl.end()) - pl.begin());
        if (theirBest != order[0]) {
            EXPECT_LT(po[order[0]] - po[theirBest], tolerance) << "position " << t << ": greedy ids differ";
        }
    }
    EXPECT_LT(worst, tolerance) << type;
    EXPECT_GT(peak, 0.2) << "the distributions are too flat for the comparison to mean anything";
    std::printf("[ %s ] largest top-20 probability difference to llama.cpp: %.3g (top-1 probability %.3g to %.3g)\n",
                type.c_str(), worst, flattest, peak);
}

INSTANTIATE_TEST_SUITE_P(Types, LlamaCppRuns,
                         ::testing::Values(std::make_pair(std::string("f32"), 5e-4), std::make_pair(std::string("f16"), 1.5e-3),
                                           std::make_pair(std::string("q8_0"), 0.02), std::make_pair(std::string("q4_k"), 0.06)),
                         [](const auto& info) { return info.param.first; });

}  // namespace
