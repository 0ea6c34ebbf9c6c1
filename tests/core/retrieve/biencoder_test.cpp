#include "tiny_models.h"

#include "persona/error.h"
#include "persona/retrieve/biencoder.h"

#include <gtest/gtest.h>

#include <cmath>

namespace fs = std::filesystem;
using namespace persona;

namespace {

class BiEncoderTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { models = new test::TinyModels; }
    static void TearDownTestSuite() { delete models; }
    static inline test::TinyModels* models = nullptr;
};

TEST_F(BiEncoderTest, BatchedEncodingEqualsOneByOne) {
    const auto enc = BiEncoder::load(models->retriever());
    EXPECT_EQ(enc.dimension(), 16);
    EXPECT_EQ(enc.options().pooling, Pooling::Mean);
    EXPECT_EQ(enc.options().contextTurns, 2);
    // Different lengths in one batch: padding must not change any vector (the mask works).
    const std::vector<std::string> facts{"привет", "the quick brown fox , привет мир !", "fox"};
    const auto batch = enc.encodeFacts(facts, 8);
    ASSERT_EQ(batch.size(), 3u);
    for (size_t i = 0; i < facts.size(); ++i) {
        const auto single = enc.encodeFacts({facts[i]})[0];
        ASSERT_EQ(single.size(), 16u);
        for (size_t k = 0; k < single.size(); ++k) EXPECT_NEAR(batch[i][k], single[k], 1e-5) << i;
    }
    EXPECT_EQ(enc.encodedFactCount(), 6);
}

TEST_F(BiEncoderTest, CosineScoresAreScaledAndSymmetric) {
    const auto enc = BiEncoder::load(models->retriever());
    const auto a = enc.encodeContext("[P1u] привет мир");
    const auto facts = enc.encodeFacts({"привет мир", "the fox"});
    const auto s = enc.scores(a, facts);
    for (double v : s) {
        EXPECT_LE(std::abs(v), 10.0 + 1e-9);
    }
    EXPECT_NEAR(enc.similarity(a, a), 10.0, 1e-4);
    EXPECT_DOUBLE_EQ(enc.similarity(a, facts[0]), enc.similarity(facts[0], a));
    EXPECT_THROW(enc.similarity(a, {1.0f}), InvalidArgument);
}

TEST_F(BiEncoderTest, ModelIdIsStableAndFollowsTheWeights) {
    const auto a = BiEncoder::load(models->retriever());
    const auto b = BiEncoder::load(models->retriever());
    EXPECT_EQ(a.modelId(), b.modelId());
    // Saving and changing nothing but the weights gives another id.
    const std::string copy = models->root() + "/retriever-copy";
    BertConfig c;
    c.vocabSize = 38, c.hiddenSize = 16, c.numHiddenLayers = 1, c.numAttentionHeads = 2, c.intermediateSize = 32,
    c.maxPositionEmbeddings = 64;
    fs::create_directories(copy);
    BertModel::random(c, 99, false).save(copy + "/context");
    copyTokenizerFiles(models->retriever() + "/context", copy + "/context");
    fs::copy_file(models->retriever() + "/retriever.json", copy + "/retriever.json");
    EXPECT_NE(BiEncoder::load(copy).modelId(), a.modelId());
}

TEST_F(BiEncoderTest, TextsAreCutToTheEncodersPositions) {
    // retriever.json leaves the limits at their defaults (128 context, 48 fact tokens); the tiny
    // encoder holds 64 positions, so a long context is cut to 64 instead of failing.
    const auto enc = BiEncoder::load(models->retriever());
    EXPECT_EQ(enc.options().maxContextTokens, 64);
    EXPECT_EQ(enc.options().maxFactTokens, 48);
    std::string longContext;
    for (int i = 0; i < 100; ++i) longContext += "привет мир ";
    EXPECT_EQ(enc.encodeContext(longContext).size(), 16u);
}

TEST_F(BiEncoderTest, SentenceTransformersFolderLoadsAsASharedEncoder) {
    const std::string st = models->root() + "/st";
    fs::create_directories(st + "/1_Pooling");
    for (const auto& e : fs::directory_iterator(models->retriever() + "/context"))
        fs::copy_file(e.path(), fs::path(st) / e.path().filename(), fs::copy_options::overwrite_existing);
    std::ofstream(st + "/modules.json") << R"([{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},{"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"}])";
    std::ofstream(st + "/1_Pooling/config.json") << R"({"word_embedding_dimension":16,"pooling_mode_cls_token":true,"pooling_mode_mean_tokens":false})";
    const auto enc = BiEncoder::load(st);
    EXPECT_EQ(enc.options().pooling, Pooling::Cls);
    EXPECT_EQ(enc.options().similarity, Similarity::Cosine);
    // Same weights as the retriever's context encoder: CLS pooling differs from its mean pooling.
    const auto mean = BiEncoder::load(models->retriever()).encodeFacts({"привет мир"})[0];
    const auto cls = enc.encodeFacts({"привет мир"})[0];
    EXPECT_NE(mean, cls);
}

TEST_F(BiEncoderTest, SaveWritesAFolderThatLoadsBackIdentically) {
    const auto a = BiEncoder::load(models->retriever());
    const std::string saved = models->root() + "/saved-retriever";
    a.save(saved);
    const auto b = BiEncoder::load(saved);
    EXPECT_EQ(a.encodeFacts({"привет мир"}), b.encodeFacts({"привет мир"}));
    EXPECT_TRUE(fs::exists(saved + "/context/vocab.txt"));
}

TEST_F(BiEncoderTest, NotARetrieverFolderIsNamed) {
    try {
        BiEncoder::load(models->root());
        FAIL();
    } catch (const ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("not a retriever folder"), std::string::npos);
    }
}

}  // namespace
