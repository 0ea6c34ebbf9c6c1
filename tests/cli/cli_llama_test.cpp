// The model commands on Llama-family folders (the CLI contract of issue 25): info, forward by ids,
// and generate from a prompt through the folder's own tokenizer.json.
#include "cli_test_util.h"

#include "persona/tensorio/tensor_archive.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>

namespace fs = std::filesystem;
using nlohmann::json;
using persona::test::runCli;

namespace {

const std::string kModels = std::string(PERSONA_FIXTURES_DIR) + "/models";

// GPT-2's byte-to-unicode map for one byte (what a byte-level tokenizer.json spells it as).
std::string byteLevel(int b) {
    const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    int code = b;
    if (!printable) {
        int n = 0;
        for (int c = 0; c < b; ++c) {
            const bool p = (c >= 33 && c <= 126) || (c >= 161 && c <= 172) || (c >= 174 && c <= 255);
            if (!p) ++n;
        }
        code = 256 + n;
    }
    std::string s;
    if (code < 0x80) {
        s += static_cast<char>(code);
    } else {
        s += static_cast<char>(0xC0 | (code >> 6));
        s += static_cast<char>(0x80 | (code & 0x3F));
    }
    return s;
}

// A Qwen2 folder of the tiny fixture's shapes with a 260-token byte-level vocabulary: random
// weights, a tokenizer.json (256 bytes + 4 merges), no chat template.
fs::path makeQwen2WithTokenizer() {
    const fs::path dir = fs::temp_directory_path() / "persona_cli_qwen2_tok";
    fs::remove_all(dir);
    fs::create_directories(dir);
    json cfg = json::parse(std::ifstream(kModels + "/tiny-qwen2/config.json"));
    const int V = 260, C = cfg["hidden_size"], I = cfg["intermediate_size"];
    const int HD = C / cfg["num_attention_heads"].get<int>(), kv = cfg["num_key_value_heads"].get<int>() * HD;
    cfg["vocab_size"] = V;
    std::ofstream(dir / "config.json") << cfg.dump();
    std::vector<std::pair<std::string, std::vector<int64_t>>> shapes{{"model.embed_tokens.weight", {V, C}},
                                                                      {"model.norm.weight", {C}}};
    for (int l = 0; l < cfg["num_hidden_layers"].get<int>(); ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        for (const auto& [n, s] : std::vector<std::pair<std::string, std::vector<int64_t>>>{
                 {"input_layernorm.weight", {C}}, {"post_attention_layernorm.weight", {C}},
                 {"self_attn.q_proj.weight", {C, C}}, {"self_attn.q_proj.bias", {C}},
                 {"self_attn.k_proj.weight", {kv, C}}, {"self_attn.k_proj.bias", {kv}},
                 {"self_attn.v_proj.weight", {kv, C}}, {"self_attn.v_proj.bias", {kv}},
                 {"self_attn.o_proj.weight", {C, C}}, {"mlp.gate_proj.weight", {I, C}},
                 {"mlp.up_proj.weight", {I, C}}, {"mlp.down_proj.weight", {C, I}}})
            shapes.emplace_back(p + n, s);
    }
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 0.3f);
    std::vector<std::vector<float>> data;
    std::vector<persona::TensorData> tensors;
    for (const auto& [name, shape] : shapes) {
        int64_t n = 1;
        for (auto d : shape) n *= d;
        data.emplace_back(static_cast<size_t>(n));
        for (auto& x : data.back()) x = name.find("norm") != std::string::npos ? 1.0f : normal(rng);
        persona::TensorData t;
        t.name = name, t.dtype = persona::DType::F32, t.shape = shape;
        t.strides = shape.size() == 2 ? std::vector<int64_t>{shape[1], 1} : std::vector<int64_t>{1};
        t.data = data.back().data(), t.nbytes = static_cast<size_t>(n) * 4;
        tensors.push_back(t);
    }
    persona::writeSafetensors((dir / "model.safetensors").string(), tensors, {{"format", "pt"}});
    json vocab = json::object();
    for (int b = 0; b < 256; ++b) vocab[byteLevel(b)] = b;
    const std::vector<std::pair<std::string, std::string>> merges{{"h", "e"}, {"l", "l"}, {"he", "ll"}, {"hell", "o"}};
    json list = json::array();
    for (const auto& [a, b] : merges) {
        vocab[a + b] = static_cast<int>(vocab.size());
        list.push_back(a + " " + b);
    }
    const json tok{{"version", "1.0"},
                   {"added_tokens", json::array()},
                   {"normalizer", nullptr},
                   {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}},
                   {"decoder", {{"type", "ByteLevel"}}},
                   {"post_processor", nullptr},
                   {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", list}}}};
    std::ofstream(dir / "tokenizer.json") << tok.dump();
    return dir;
}

TEST(CliLlama, InfoNamesArchitectureDtypeParametersContextAndTemplate) {
    const auto r = runCli({"info", "--model", kModels + "/tiny-llama3-bf16"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = json::parse(r.out);
    EXPECT_EQ(j["architecture"], "LlamaForCausalLM");
    EXPECT_EQ(j["dtype"], "bf16");
    EXPECT_EQ(j["parameters"], 7248);
    EXPECT_EQ(j["context_length"], 64);
    EXPECT_EQ(j["chat_template"], false);
}

TEST(CliLlama, ForwardPrintsLogitsPerPosition) {
    const auto r = runCli({"forward", "--model", kModels + "/tiny-mistral", "--ids", "1,2,3"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = json::parse(r.out);
    ASSERT_EQ(j["logits"].size(), 3u);
    EXPECT_EQ(j["logits"][0].size(), 64u);
}

TEST(CliLlama, GenerateGreedyFromAPromptFollowsTheLogits) {
    const fs::path dir = makeQwen2WithTokenizer();
    const auto r = runCli({"generate", "--model", dir.string(), "--prompt", "hello", "--max-new-tokens", "4",
                           "--greedy", "--alternatives", "0"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = json::parse(r.out);
    ASSERT_EQ(j["tokens"].size(), 4u) << r.out;
    EXPECT_EQ(j["prompt_tokens"], 1) << "\"hello\" is one merged token";
    // The first token is the argmax of forward's last row for the prompt's id (260 - 1: "hello").
    const auto f = json::parse(runCli({"forward", "--model", dir.string(), "--ids", "259"}).out);
    const auto& last = f["logits"].back();
    size_t best = 0;
    for (size_t i = 1; i < last.size(); ++i)
        if (last[i].get<double>() > last[best].get<double>()) best = i;
    EXPECT_EQ(j["tokens"][0]["id"].get<size_t>(), best);
    fs::remove_all(dir);
}

}  // namespace
