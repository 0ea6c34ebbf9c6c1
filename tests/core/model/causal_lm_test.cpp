// The causal-LM interface (persona/model/causal_lm.h, model/causal_lm_impl.h): dispatch on
// config.json, the backend's prefill / step / KV cache against the full forward, the cache's token
// ids, and the packed forward of influence scoring against one plain forward per sequence.
#include "model/causal_lm_impl.h"
#include "persona/error.h"
#include "persona/model/causal_lm.h"
#include "persona/model/decode_weights.h"
#include "persona/model/gpt2_model.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

const std::string kModels = std::string(PERSONA_FIXTURES_DIR) + "/models";

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

TEST(CausalLm, LoadDispatchesOnConfigAndReportsInfo) {
    const auto lm = persona::CausalLm::load(kModels + "/tiny-gpt2");
    const auto info = lm->info();
    EXPECT_EQ(info.architecture, "GPT2LMHeadModel");
    EXPECT_EQ(info.modelType, "gpt2");
    const auto gpt2 = persona::Gpt2Model::load(kModels + "/tiny-gpt2");
    EXPECT_EQ(info.parameters, gpt2.config().parameterCount());
    EXPECT_EQ(info.contextLength, gpt2.config().nPositions);
    EXPECT_EQ(info.vocabSize, gpt2.config().vocabSize);
    EXPECT_EQ(info.layers, gpt2.config().nLayer);
    ASSERT_EQ(info.eosTokenIds.size(), 1u);
    EXPECT_EQ(info.eosTokenIds[0], gpt2.config().eosTokenId);
    EXPECT_TRUE(lm->canSave());
    EXPECT_EQ(lm->logits({1, 2, 3}), gpt2.logits({1, 2, 3}));
    EXPECT_TRUE(persona::CausalLm::isCausalLmFolder(kModels + "/tiny-gpt2"));
    EXPECT_FALSE(persona::CausalLm::isCausalLmFolder(kModels + "/tiny-bert"));
    EXPECT_FALSE(persona::CausalLm::isCausalLmFolder(kModels + "/no-such-folder"));
}

TEST(CausalLm, RefusesEncodersAndUnknownArchitecturesByName) {
    try {
        (void)persona::CausalLm::load(kModels + "/tiny-bert");
        FAIL() << "a BERT folder loaded as a causal LM";
    } catch (const persona::ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("not a causal language model"), std::string::npos) << e.what();
    }
    const fs::path dir = fs::temp_directory_path() / "persona_causal_lm_unknown";
    fs::create_directories(dir);
    std::ofstream(dir / "config.json") << R"({"architectures":["FalconForCausalLM"],"model_type":"falcon"})";
    try {
        (void)persona::CausalLm::load(dir.string());
        FAIL() << "an unknown architecture loaded";
    } catch (const persona::ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("FalconForCausalLM"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("not supported"), std::string::npos) << e.what();
    }
    fs::remove_all(dir);
}

TEST(CausalLm, RandomPresetsAndUnknownNames) {
    const auto names = persona::CausalLm::randomPresets();
    EXPECT_NE(std::find(names.begin(), names.end(), "gpt2"), names.end());
    EXPECT_THROW((void)persona::CausalLm::random("gpt5", 1), persona::InvalidArgument);
}

// The backend's cached path (prefill in two chunks, then single steps, fused and not) gives the
// full forward's logits at every position, and the cache records the ids it holds.
TEST(CausalLmBackend, CachedPrefillAndStepsMatchTheFullForward) {
    const auto lm = persona::CausalLm::load(kModels + "/tiny-gpt2");
    auto& b = lm->backend();
    const std::vector<int> ids{5, 17, 3, 42, 8, 1, 33, 12};
    c10::InferenceMode inference;
    const auto full = torch::tensor(lm->logits(ids)[0]).view({1, -1});
    for (const bool fused : {true, false}) {
        b.setFusedDecode(fused);
        auto cache = b.newCache(16);
        auto logits = b.prefill({5, 17, 3}, *cache);
        logits = b.prefill({42}, *cache);
        const auto rows = lm->logits(ids);
        EXPECT_LT(maxAbsDiff(logits, torch::tensor(rows[3])), 1e-5);
        for (size_t t = 4; t < ids.size(); ++t) {
            logits = b.step(ids[t], *cache).clone();
            EXPECT_LT(maxAbsDiff(logits, torch::tensor(rows[t])), 1e-4) << "position " << t << " fused " << fused;
        }
        EXPECT_EQ(cache->tokens(), ids);
        EXPECT_EQ(cache->length(), static_cast<int64_t>(ids.size()));
        EXPECT_EQ(cache->sharedPrefix({5, 17, 3, 99}), 3);
        cache->truncate(2);
        EXPECT_EQ(cache->tokens(), (std::vector<int>{5, 17}));
        // The cache outlives a pass and continues from what it keeps.
        logits = b.prefill({3, 42}, *cache);
        EXPECT_LT(maxAbsDiff(logits, torch::tensor(rows[3])), 1e-5);
        cache->reset();
        EXPECT_TRUE(cache->tokens().empty());
    }
    (void)full;
    b.setFusedDecode(true);
}

// The packed forward: sequence 0 whole, sequence 1 sharing its first 3 tokens, sequence 2 sharing
// none; each sequence's rows equal that sequence's own plain forward.
TEST(CausalLmBackend, PackedForwardEqualsOneForwardPerSequence) {
    const auto lm = persona::CausalLm::load(kModels + "/tiny-gpt2");
    auto& b = lm->backend();
    c10::InferenceMode inference;
    const std::vector<std::vector<int64_t>> seqs{{4, 9, 2, 7, 7, 1}, {4, 9, 2, 30, 5}, {11, 12, 13}};
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
    const auto packed = b.packedHidden(pack);  // (N, C)
    for (size_t v = 0; v < seqs.size(); ++v) {
        const auto plain = b.hidden(torch::tensor(seqs[v], torch::kLong).view({1, -1}), nullptr)[0];  // (T, C)
        const auto mine = packed.narrow(0, pack.offset[v], pack.length[v]);
        EXPECT_LT(maxAbsDiff(mine, plain.narrow(0, shared[v], pack.length[v])), 1e-5) << "sequence " << v;
    }
}

TEST(CausalLm, DecodeWeightsThroughTheInterface) {
    auto lm = persona::loadCausalLm(kModels + "/tiny-gpt2", {}, persona::DecodeWeights::Int8);
    EXPECT_EQ(persona::decodeWeights(*lm), persona::DecodeWeights::Int8);
    EXPECT_GT(persona::heldWeightBytes(*lm), lm->weightBytes());
    persona::setDecodeWeights(*lm, persona::DecodeWeights::F32);
    EXPECT_EQ(persona::decodeWeights(*lm), persona::DecodeWeights::F32);
}

}  // namespace
