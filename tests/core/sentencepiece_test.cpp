// The sentencepiece shim: trained, loaded and used in the same process as libtorch, which is
// exactly the combination that crashes when sentencepiece is linked directly (sp_shim.h).
#include "persona/engine/runtime.h"
#include "persona/error.h"
#include "persona/text/sentencepiece.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using persona::SentencePieceModel;

namespace {

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// One small model for the whole suite, trained on Russian text from the fixtures.
class SentencePieceTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = fs::temp_directory_path() / ("persona_sp_test_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        const std::string corpus = std::string(PERSONA_FIXTURES_DIR) + "/text/itmo_knowledge_head.txt";
        SentencePieceModel::train("--input=" + corpus + " --model_prefix=" + (dir / "ru").string() +
                                  " --vocab_size=400 --character_coverage=1.0 --model_type=unigram"
                                  " --user_defined_symbols=[P1u],[P2u],[Gk]");
    }
    static void TearDownTestSuite() { fs::remove_all(dir); }
    static fs::path modelPath() { return dir / "ru.model"; }
    static inline fs::path dir;
};

TEST_F(SentencePieceTest, TokenizesRussianRoundTripAndTorchStillWorks) {
    // A torch op before the model is loaded...
    const double before = persona::runtimeSelfCheck(8);
    auto sp = SentencePieceModel::load(modelPath().string());
    EXPECT_EQ(sp.vocabSize(), 400);

    const std::string text = "Синтез речи является одной из важнейших задач.";
    const auto ids = sp.encode(text);
    ASSERT_FALSE(ids.empty());
    EXPECT_LT(ids.size(), text.size());  // pieces, not bytes
    for (int id : ids) {
        EXPECT_GE(id, 0);
        EXPECT_LT(id, sp.vocabSize());
    }
    EXPECT_EQ(sp.decode(ids), text);

    // ...and after: the shim's protobuf did not disturb libtorch's.
    const double after = persona::runtimeSelfCheck(8);
    EXPECT_EQ(before, after);
    // sum over i,j of 2 * ((8i + j) mod 7), computed independently.
    double expected = 0;
    for (int k = 0; k < 64; ++k) expected += 2 * (k % 7);
    EXPECT_DOUBLE_EQ(after, expected);
}

TEST_F(SentencePieceTest, UserDefinedSymbolsAreSinglePieces) {
    auto sp = SentencePieceModel::load(modelPath().string());
    const auto pieces = sp.encodePieces("[Gk] Я живу в Москве [P2u]");
    EXPECT_NE(std::find(pieces.begin(), pieces.end(), "[Gk]"), pieces.end());
    EXPECT_NE(std::find(pieces.begin(), pieces.end(), "[P2u]"), pieces.end());
    const int gk = sp.pieceToId("[Gk]");
    EXPECT_NE(gk, sp.unkId());
    EXPECT_EQ(sp.idToPiece(gk), "[Gk]");
}

TEST_F(SentencePieceTest, LoadsFromSerializedBytes) {
    auto a = SentencePieceModel::load(modelPath().string());
    auto b = SentencePieceModel::fromBytes(readFile(modelPath()));
    EXPECT_EQ(a.encode("Привет, мир"), b.encode("Привет, мир"));
}

TEST_F(SentencePieceTest, OutOfRangeIdsAreErrorsNotCrashes) {
    auto sp = SentencePieceModel::load(modelPath().string());
    EXPECT_THROW(sp.decode({0, 100000}), persona::TokenizerError);
    EXPECT_THROW(sp.idToPiece(-1), persona::TokenizerError);
}

TEST(SentencePiece, MissingModelFileIsATokenizerError) {
    try {
        SentencePieceModel::load("/nonexistent/model.model");
        FAIL() << "expected TokenizerError";
    } catch (const persona::TokenizerError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/model.model"), std::string::npos)
            << e.what();
    }
}

TEST(SentencePiece, GarbageBytesAreATokenizerError) {
    EXPECT_THROW(SentencePieceModel::fromBytes("this is not a model proto"), persona::TokenizerError);
}

}  // namespace
