// Sentence-transformers folders in the layouts people use for Russian retrieval (issue 28):
// XLM-RoBERTa with mean pooling, Normalize and e5's "query: " / "passage: " prompts; RoBERTa
// (a RobertaForMaskedLM .bin with the "roberta." prefix) with CLS pooling; BERT with max pooling
// and Normalize (LaBSE-like, "bert." prefix); BERT with last-token pooling. Each is checked against
// the independent reference tests/golden/models/make_encoder_reference.py (HF's modelling code
// and sentence-transformers' pooling in plain torch), which wrote the folders and
// tests/fixtures/models/encoders/reference.json, on a padded batch of facts and one context.
#include "persona/model/bert_model.h"
#include "persona/retrieve/biencoder.h"
#include "persona/error.h"
#include "persona/text/tokenizer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace persona;

namespace {

const std::string kDir = std::string(PERSONA_FIXTURES_DIR) + "/models/encoders";

const nlohmann::json& reference() {
    static const nlohmann::json j = [] {
        std::ifstream in(kDir + "/reference.json");
        return nlohmann::json::parse(in);
    }();
    return j;
}

void expectClose(const std::vector<float>& got, const nlohmann::json& want, const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], want[k].get<double>(), 2e-4) << what << " [" << k << "]";
}

class EncoderLayout : public ::testing::TestWithParam<std::string> {};

TEST_P(EncoderLayout, VectorsMatchTheReference) {
    const auto& ref = reference().at(GetParam());
    const BiEncoder enc = BiEncoder::load(kDir + "/" + GetParam());
    EXPECT_EQ(toString(enc.options().pooling), ref.at("pooling").get<std::string>());
    EXPECT_EQ(enc.options().normalize, ref.at("normalize").get<bool>());
    const auto facts = ref.at("facts").get<std::vector<std::string>>();
    const auto vectors = enc.encodeFacts(facts, 8);  // one padded batch, as the reference ran it
    ASSERT_EQ(vectors.size(), facts.size());
    for (size_t i = 0; i < facts.size(); ++i) expectClose(vectors[i], ref.at("fact_vectors")[i], GetParam() + " fact " + facts[i]);
    expectClose(enc.encodeContext(ref.at("context").get<std::string>()), ref.at("context_vector"), GetParam() + " context");
}

TEST_P(EncoderLayout, HiddenStatesOfThePaddedBatchMatch) {
    // The model alone, one sequence at a time: each real token's state equals the batched
    // reference's (RoBERTa's position ids do not depend on the padding after them).
    const auto& ref = reference().at(GetParam());
    const BertModel model = BertModel::load(kDir + "/" + GetParam());
    EXPECT_EQ(model.config().modelType, ref.at("model_type").get<std::string>());
    const auto& ids = ref.at("fact_ids");
    for (size_t b = 0; b < ids.size(); ++b) {
        std::vector<int> row;
        for (const auto& id : ids[b])
            if (id.get<int>() != model.config().padTokenId) row.push_back(id.get<int>());
        const BertOutput out = model.forward(row);
        for (size_t t = 0; t < row.size(); ++t)
            expectClose(out.lastHiddenState[t], ref.at("last_hidden_state")[b][t], GetParam() + " row " + std::to_string(b));
    }
}

INSTANTIATE_TEST_SUITE_P(Layouts, EncoderLayout,
                         ::testing::Values("tiny-e5", "tiny-roberta-cls", "tiny-labse-max", "tiny-bert-lasttoken"));

TEST(EncoderLayouts, E5PromptsComeFromTheSentenceTransformersConfig) {
    const BiEncoder enc = BiEncoder::load(kDir + "/tiny-e5");
    EXPECT_EQ(enc.options().contextPrompt, "query: ");
    EXPECT_EQ(enc.options().factPrompt, "passage: ");
    const BertModel xlmr = BertModel::load(kDir + "/tiny-e5");
    EXPECT_TRUE(xlmr.config().robertaPositions());
    EXPECT_EQ(xlmr.config().maxTokens(), xlmr.config().maxPositionEmbeddings - 2);
}

}  // namespace

namespace {

TEST(EncoderLayouts, FairseqSentencePieceIsRefusedNotMisread) {
    // Read as a plain SentencePiece model, XLM-R's ids would all be off by one: refused by name.
    const auto dir = std::filesystem::temp_directory_path() / "persona_xlmr_spm";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "sentencepiece.bpe.model") << "not read";
    try {
        loadTokenizer(dir.string());
        ADD_FAILURE() << "no error";
    } catch (const TokenizerError& e) {
        EXPECT_NE(std::string(e.what()).find("sentencepiece.bpe.model"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("fairseq"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
