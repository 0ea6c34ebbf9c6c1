// The Llama family (Llama 2 with linear RoPE scaling, Llama 3 with llama3 scaling and an eos list,
// Mistral with a sliding window and sharded weights, Qwen2 with q/k/v bias and tied embeddings,
// Qwen3 with per-head q/k norms and its own head_dim; BF16 and F16 files) against the independent
// reference in tests/golden/models/make_llama_reference.py (plain torch written from transformers'
// modelling code; shares no code with core/).
#include "model/causal_lm_impl.h"
#include "model/llama_config.h"
#include "persona/error.h"
#include "persona/generate/generator.h"
#include "persona/model/causal_lm.h"
#include "persona/model/decode_weights.h"
#include "persona/text/tokenizer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kModels = std::string(PERSONA_FIXTURES_DIR) + "/models";

const json& reference() {
    static const json j = json::parse(std::ifstream(kModels + "/llama_reference.json"));
    return j;
}

double tolerance(const std::string& model) {
    return reference()["models"][model]["dtype"] == "f32" ? 1e-4 : 2e-2;  // the bounds
}

double maxAbsDiff(const std::vector<float>& ours, const json& theirs) {
    EXPECT_EQ(ours.size(), theirs.size());
    double worst = 0;
    for (size_t i = 0; i < ours.size() && i < theirs.size(); ++i)
        worst = std::max(worst, std::abs(double(ours[i]) - theirs[i].get<double>()));
    return worst;
}

std::vector<float> row(const torch::Tensor& t) {
    const auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

// Token i is "<i>"; no special tokens (so nothing but the model decides where a reply ends).
class NumberTokenizer : public persona::Tokenizer {
public:
    explicit NumberTokenizer(int vocab) : m_vocab(vocab) {}
    std::vector<int> encode(std::string_view) const override { return {}; }
    std::string decode(const std::vector<int>& ids, bool) const override {
        std::string s;
        for (int id : ids) s += tokenBytes(id);
        return s;
    }
    std::string tokenString(int id) const override { return tokenBytes(id); }
    std::string tokenBytes(int id) const override { return "<" + std::to_string(id) + ">"; }
    int vocabSize() const override { return m_vocab; }
    std::optional<int> tokenId(std::string_view) const override { return std::nullopt; }
    bool isSpecial(int) const override { return false; }
    std::optional<int> bosId() const override { return std::nullopt; }
    std::optional<int> eosId() const override { return std::nullopt; }
    std::optional<int> padId() const override { return std::nullopt; }
    std::optional<int> unkId() const override { return std::nullopt; }
    std::vector<int> encodeForModel(std::string_view) const override { return {}; }
    std::string kind() const override { return "numbers"; }

private:
    int m_vocab;
};

std::vector<std::string> modelNames() {
    std::vector<std::string> names;
    for (const auto& [name, _] : reference()["models"].items()) names.push_back(name);
    return names;
}

class LlamaReference : public ::testing::TestWithParam<std::string> {};

TEST_P(LlamaReference, LogitsMatchTheIndependentReference) {
    const auto& ref = reference()["models"][GetParam()];
    const auto lm = persona::CausalLm::load(kModels + "/" + GetParam());
    EXPECT_EQ(lm->info().parameters, ref["parameters"].get<int64_t>());
    for (size_t s = 0; s < reference()["sequences"].size(); ++s) {
        const auto ids = reference()["sequences"][s].get<std::vector<int>>();
        const auto logits = lm->logits(ids);
        ASSERT_EQ(logits.size(), ids.size());
        for (size_t t = 0; t < ids.size(); ++t)
            EXPECT_LT(maxAbsDiff(logits[t], ref["logits"][s][t]), tolerance(GetParam())) << "sequence " << s << " position " << t;
    }
}

TEST_P(LlamaReference, GreedyIdsEqualTheReferenceWithAndWithoutTheCache) {
    const auto& ref = reference()["models"][GetParam()];
    const auto lm = persona::CausalLm::load(kModels + "/" + GetParam());
    const NumberTokenizer tok(lm->info().vocabSize);
    const persona::Generator generator(*lm, tok);
    const auto expected = ref["greedy"].get<std::vector<int>>();
    for (const bool cache : {true, false}) {
        persona::SamplingSettings s;
        s.greedy = true;
        s.maxNewTokens = static_cast<int>(expected.size());
        s.stopAtEos = false;
        s.alternatives = 0;
        s.useCache = cache;
        const auto r = generator.generate(reference()["prompt"].get<std::vector<int>>(), s);
        std::vector<int> ids;
        for (const auto& t : r.tokens) ids.push_back(t.id);
        EXPECT_EQ(ids, expected) << (cache ? "with" : "without") << " the KV cache";
    }
}

// Prefill in chunks, then decode steps (the fused CPU step and the torch path), each position's
// logits equal to the full forward's.
TEST_P(LlamaReference, CachedStepsEqualTheFullForward) {
    const auto lm = persona::CausalLm::load(kModels + "/" + GetParam());
    auto& b = lm->backend();
    const auto ids = reference()["sequences"][0].get<std::vector<int>>();
    const auto full = lm->logits(ids);
    c10::InferenceMode inference;
    for (const bool fused : {true, false}) {
        b.setFusedDecode(fused);
        auto cache = b.newCache(static_cast<int64_t>(ids.size()));
        EXPECT_EQ(b.fusedDecodeApplies(*cache), fused);
        auto logits = b.prefill({ids[0], ids[1], ids[2]}, *cache);
        EXPECT_LT(maxAbsDiff(row(logits), json(full[2])), 1e-4);
        for (size_t t = 3; t < ids.size(); ++t) {
            logits = b.step(ids[t], *cache);
            EXPECT_LT(maxAbsDiff(row(logits), json(full[t])), 1e-4) << "position " << t << (fused ? " fused" : " torch");
        }
        EXPECT_EQ(cache->tokens(), ids);
    }
    b.setFusedDecode(true);
}

// Influence scoring's packed forward (shared prefix, GQA, RoPE at each row's own position, the
// sliding window) equals one plain forward per sequence.
TEST_P(LlamaReference, PackedForwardEqualsOneForwardPerSequence) {
    const auto lm = persona::CausalLm::load(kModels + "/" + GetParam());
    auto& b = lm->backend();
    c10::InferenceMode inference;
    const std::vector<std::vector<int64_t>> seqs{{4, 9, 2, 7, 7, 1, 30, 31}, {4, 9, 2, 30, 5, 6, 8}, {11, 12, 13}};
    const std::vector<int64_t> shared{0, 3, 0};
    persona::detail::PackedSequences pack;
    for (size_t v = 0; v < seqs.size(); ++v) {
        pack.offset.push_back(static_cast<int64_t>(pack.ids.size()));
        pack.start.push_back(shared[v]);
        pack.length.push_back(static_cast<int64_t>(seqs[v].size()) - shared[v]);
        for (size_t i = static_cast<size_t>(shared[v]); i < seqs[v].size(); ++i) {
            pack.ids.push_back(seqs[v][i]);
            pack.positions.push_back(static_cast<int64_t>(i));
        }
    }
    const auto packed = b.packedHidden(pack);
    for (size_t v = 0; v < seqs.size(); ++v) {
        const auto plain = b.hidden(torch::tensor(seqs[v], torch::kLong).view({1, -1}), nullptr)[0];
        const auto diff = (packed.narrow(0, pack.offset[v], pack.length[v]) - plain.narrow(0, shared[v], pack.length[v]))
                              .abs().max().item<double>();
        EXPECT_LT(diff, 1e-4) << "sequence " << v;
    }
}

INSTANTIATE_TEST_SUITE_P(Checkpoints, LlamaReference, ::testing::ValuesIn(modelNames()),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (auto& c : n) if (c == '-') c = '_';
                             return n;
                         });

TEST(Llama, InfoNamesTheArchitectureAndItsFlags) {
    const auto llama3 = persona::CausalLm::load(kModels + "/tiny-llama3")->info();
    EXPECT_EQ(llama3.architecture, "LlamaForCausalLM");
    EXPECT_EQ(llama3.eosTokenIds, (std::vector<int>{2, 61}));
    EXPECT_TRUE(llama3.tiedEmbeddings);
    EXPECT_EQ(llama3.headDim, 8);
    const auto mistral = persona::CausalLm::load(kModels + "/tiny-mistral")->info();
    EXPECT_EQ(mistral.architecture, "MistralForCausalLM");
    ASSERT_TRUE(mistral.slidingWindow.has_value());
    EXPECT_EQ(*mistral.slidingWindow, 4);
    const auto qwen2 = persona::CausalLm::load(kModels + "/tiny-qwen2")->info();
    EXPECT_EQ(qwen2.modelType, "qwen2");
    EXPECT_FALSE(qwen2.bosTokenId.has_value());
    const auto bf16 = persona::CausalLm::load(kModels + "/tiny-llama3-bf16");
    EXPECT_EQ(bf16->info().fileDType, persona::WeightDType::BF16);
    EXPECT_EQ(persona::decodeWeights(*bf16), persona::DecodeWeights::BF16) << "decodes from its own BF16 rows";
    const auto f16 = persona::CausalLm::load(kModels + "/tiny-qwen3-f16");
    EXPECT_EQ(f16->info().fileDType, persona::WeightDType::F16);
}

// The sliding window is honoured, not ignored: Mistral's logits past the window differ from the
// same weights with the window lifted, and the reference agrees with the windowed ones.
TEST(Llama, SlidingWindowChangesLogitsPastIt) {
    const fs::path dir = fs::temp_directory_path() / "persona_llama_nowindow";
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(kModels + "/tiny-mistral")) fs::copy_file(e.path(), dir / e.path().filename());
    json cfg = json::parse(std::ifstream(dir / "config.json"));
    cfg["sliding_window"] = nullptr;
    std::ofstream(dir / "config.json") << cfg.dump();
    const auto ids = reference()["sequences"][0].get<std::vector<int>>();
    const auto windowed = persona::CausalLm::load(kModels + "/tiny-mistral")->logits(ids);
    const auto full = persona::CausalLm::load(dir.string())->logits(ids);
    EXPECT_EQ(windowed[3], full[3]) << "inside the window the two agree";
    EXPECT_GT(maxAbsDiff(windowed.back(), json(full.back())), 1e-3) << "past it they must not";
    fs::remove_all(dir);
}

TEST(Llama, DecodeWeightsInt8AndBack) {
    auto lm = persona::loadCausalLm(kModels + "/tiny-qwen2", {}, persona::DecodeWeights::Int8);
    EXPECT_EQ(persona::decodeWeights(*lm), persona::DecodeWeights::Int8);
    EXPECT_GT(persona::heldWeightBytes(*lm), lm->weightBytes());
    EXPECT_LT(persona::decodeWeightBytes(*lm), lm->weightBytes() * 0.5);
    const NumberTokenizer tok(lm->info().vocabSize);
    persona::SamplingSettings s;
    s.greedy = true, s.maxNewTokens = 4, s.stopAtEos = false, s.alternatives = 0;
    const auto r = persona::Generator(*lm, tok).generate(reference()["prompt"].get<std::vector<int>>(), s);
    EXPECT_EQ(r.tokens.size(), 4u);
    persona::setDecodeWeights(*lm, persona::DecodeWeights::F32);
    EXPECT_EQ(persona::decodeWeights(*lm), persona::DecodeWeights::F32);
    EXPECT_EQ(persona::heldWeightBytes(*lm), lm->weightBytes());
}

// --- bad folders: every refusal names the file and the problem ---

struct BadCase {
    std::string name;
    std::function<void(json&)> editConfig;
    std::string expected;
};

class LlamaBadConfig : public ::testing::TestWithParam<BadCase> {};

TEST_P(LlamaBadConfig, IsRefusedWithAMessage) {
    const fs::path dir = fs::temp_directory_path() / ("persona_llama_bad_" + GetParam().name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(kModels + "/tiny-qwen2")) fs::copy_file(e.path(), dir / e.path().filename());
    json cfg = json::parse(std::ifstream(dir / "config.json"));
    GetParam().editConfig(cfg);
    std::ofstream(dir / "config.json") << cfg.dump();
    try {
        (void)persona::CausalLm::load(dir.string());
        FAIL() << "loaded";
    } catch (const persona::ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find(GetParam().expected), std::string::npos) << e.what();
    }
    fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LlamaBadConfig,
    ::testing::Values(
        BadCase{"untied", [](json& c) { c["tie_word_embeddings"] = false; }, "missing tensor \"lm_head.weight\""},
        BadCase{"shape", [](json& c) { c["intermediate_size"] = 48; }, "has shape [32, 16], expected [48, 16]"},
        BadCase{"qwen3", [](json& c) { c["architectures"] = {"Qwen3ForCausalLM"}; c["model_type"] = "qwen3"; c["head_dim"] = 4; },
                "unexpected tensor \"model.layers.0.self_attn.q_proj.bias\""},
        BadCase{"rope", [](json& c) { c["rope_scaling"] = {{"rope_type", "yarn"}, {"factor", 4.0}}; },
                "rope_scaling type \"yarn\" is not supported"},
        BadCase{"act", [](json& c) { c["hidden_act"] = "gelu"; }, "hidden_act \"gelu\" is not supported"},
        BadCase{"gqa", [](json& c) { c["num_key_value_heads"] = 3; }, "must be a multiple of num_key_value_heads"},
        BadCase{"arch", [](json& c) { c["architectures"] = {"GemmaForCausalLM"}; c["model_type"] = "gemma"; },
                "\"GemmaForCausalLM\" is not supported"}),
    [](const auto& info) { return info.param.name; });

TEST(Llama, ConfigPresetsHaveTheRealShapes) {
    const auto qwen = persona::detail::LlamaConfig::preset("qwen2-0.5b");
    EXPECT_EQ(qwen.parameterCount(), 494032768);  // Qwen2.5-0.5B's published count
    const auto llama = persona::detail::LlamaConfig::preset("llama-1b");
    EXPECT_EQ(llama.parameterCount(), 1235814400);  // Llama 3.2 1B's
}

TEST(Llama, Llama3RopeScalingMatchesTheReferenceFormula) {
    auto c = persona::detail::LlamaConfig::preset("tiny-llama");
    c.headDim = 8, c.ropeTheta = 10000.0;
    c.ropeScaling = {persona::detail::RopeScaling::Kind::Llama3, 8.0, 1.0, 8.0, 256};
    const auto inv = c.inverseFrequencies();
    // wavelengths 2π, 20π, 200π, 2000π against 256 / 8 = 32 and 256: kept, blended, divided, divided
    EXPECT_FLOAT_EQ(inv[0], 1.0f);
    const float smooth = (256.0f / (2.0f * float(M_PI) / 0.1f) - 1.0f) / 7.0f;
    EXPECT_NEAR(inv[1], (1 - smooth) * 0.1f / 8 + smooth * 0.1f, 1e-6);
    EXPECT_NEAR(inv[2], 0.01f / 8, 1e-8);
    EXPECT_NEAR(inv[3], 0.001f / 8, 1e-9);
}

}  // namespace
