// GPT-2 and BERT against the independent reference in tests/golden/models/make_reference.py
// (plain torch.nn.functional written from the HuggingFace definitions; shares no code with core/).
#include "persona/error.h"
#include "persona/model/bert_model.h"
#include "persona/model/gpt2_model.h"
#include "persona/model/model_folder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr double kTolerance = 1e-4;  // max absolute difference, F32 (the bound)

const std::string kModels = std::string(PERSONA_FIXTURES_DIR) + "/models";

const json& reference() {
    static const json j = json::parse(std::ifstream(kModels + "/reference.json"));
    return j;
}

double maxAbsDiff(const std::vector<std::vector<float>>& ours, const json& theirs) {
    EXPECT_EQ(ours.size(), theirs.size());
    double worst = 0;
    for (size_t t = 0; t < ours.size() && t < theirs.size(); ++t) {
        EXPECT_EQ(ours[t].size(), theirs[t].size());
        for (size_t i = 0; i < ours[t].size() && i < theirs[t].size(); ++i)
            worst = std::max(worst, std::abs(double(ours[t][i]) - theirs[t][i].get<double>()));
    }
    return worst;
}

std::vector<int> ids(const json& j) { return j.get<std::vector<int>>(); }

class Gpt2Reference : public ::testing::TestWithParam<std::string> {};

TEST_P(Gpt2Reference, LogitsMatchTheIndependentReference) {
    const auto model = persona::Gpt2Model::load(kModels + "/" + GetParam());
    EXPECT_EQ(model.config().nLayer, 2);
    const auto& ref = reference()["gpt2"];
    for (size_t k = 0; k < ref["inputs"].size(); ++k) {
        const double diff = maxAbsDiff(model.logits(ids(ref["inputs"][k])), ref["logits"][k]);
        EXPECT_LT(diff, kTolerance) << "sequence " << k;
    }
}

// safetensors with "transformer." keys; pytorch_model.bin with the original gpt2 checkpoint's
// unprefixed keys and attn.bias buffers.
INSTANTIATE_TEST_SUITE_P(Checkpoints, Gpt2Reference, ::testing::Values("tiny-gpt2", "tiny-gpt2-bin"));

class BertReference : public ::testing::TestWithParam<std::string> {};

TEST_P(BertReference, HiddenStatesAndPoolerMatchTheIndependentReference) {
    const auto model = persona::BertModel::load(kModels + "/" + GetParam());
    ASSERT_TRUE(model.hasPooler());
    const auto& ref = reference()["bert"];
    for (size_t k = 0; k < ref["inputs"].size(); ++k) {
        const auto out = model.forward(ids(ref["inputs"][k]));
        EXPECT_LT(maxAbsDiff(out.lastHiddenState, ref["last_hidden_state"][k]), kTolerance) << "sequence " << k;
        EXPECT_LT(maxAbsDiff({out.poolerOutput}, json::array({ref["pooler_output"][k]})), kTolerance);
    }
}

// BertModel keys in safetensors; "bert."-prefixed keys plus position_ids in a .bin.
INSTANTIATE_TEST_SUITE_P(Checkpoints, BertReference, ::testing::Values("tiny-bert", "tiny-bert-bin"));

TEST(ModelFolder, DetectsTheKind) {
    EXPECT_EQ(persona::detectModelKind(kModels + "/tiny-gpt2"), persona::ModelKind::Gpt2);
    EXPECT_EQ(persona::detectModelKind(kModels + "/tiny-bert-bin"), persona::ModelKind::Bert);
}

class TempDir {
public:
    TempDir() : m_path(fs::temp_directory_path() / ("persona_model_" + std::to_string(::getpid()) + "_" +
                                                    std::to_string(s_counter++))) {
        fs::create_directories(m_path);
    }
    ~TempDir() { fs::remove_all(m_path); }
    std::string str() const { return m_path.string(); }

private:
    fs::path m_path;
    static inline int s_counter = 0;
};

TEST(Gpt2Save, SavedModelLoadsBackBitIdentical) {
    persona::Gpt2Config config;
    config.vocabSize = 50, config.nEmbd = 16, config.nLayer = 2, config.nHead = 2, config.nPositions = 24;
    const auto a = persona::Gpt2Model::random(config, 7);
    TempDir dir;
    a.save(dir.str());
    const auto b = persona::Gpt2Model::load(dir.str());
    const std::vector<int> input{1, 4, 9, 16, 25, 36, 49};
    EXPECT_EQ(a.logits(input), b.logits(input));  // exact, not approximate
    EXPECT_EQ(b.config().nPositions, 24);
    // Two different seeds give different models (the comparison above can fail).
    const auto c = persona::Gpt2Model::random(config, 8);
    EXPECT_NE(a.logits(input), c.logits(input));
}

TEST(BertSave, SavedModelLoadsBackBitIdentical) {
    persona::BertConfig config;
    config.vocabSize = 40, config.hiddenSize = 16, config.numHiddenLayers = 1, config.numAttentionHeads = 4;
    config.intermediateSize = 24, config.maxPositionEmbeddings = 20;
    for (bool pooler : {true, false}) {
        const auto a = persona::BertModel::random(config, 3, pooler);
        TempDir dir;
        a.save(dir.str());
        const auto b = persona::BertModel::load(dir.str());
        EXPECT_EQ(b.hasPooler(), pooler);
        const std::vector<int> input{2, 5, 7, 3};
        EXPECT_EQ(a.forward(input).lastHiddenState, b.forward(input).lastHiddenState);
        EXPECT_EQ(a.forward(input).poolerOutput, b.forward(input).poolerOutput);
    }
}

TEST(Gpt2Presets, HaveTheRealShapes) {
    // GPT-2 small has 124,439,808 parameters (HF's count, wte tied).
    EXPECT_EQ(persona::Gpt2Config::preset("gpt2").parameterCount(), 124439808);
    EXPECT_EQ(persona::Gpt2Config::preset("gpt2-medium").nLayer, 24);
    EXPECT_THROW(persona::Gpt2Config::preset("gpt5"), persona::Error);
}

}  // namespace
