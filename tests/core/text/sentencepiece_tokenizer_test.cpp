// SentencePiece models behind the Tokenizer interface. A small model is trained on the Russian
// fixture text once for the suite (through the shim, as sentencepiece_test.cpp does).
#include "persona/error.h"
#include "persona/text/sentencepiece.h"
#include "persona/text/tokenizer.h"
#include "text/sp_loader.h"
#include "text_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

namespace {

namespace fs = std::filesystem;
using persona::test::textFixture;
using persona::test::writeText;

class SentencePieceTokenizerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = std::make_unique<persona::test::TempDir>("sp");
        persona::SentencePieceModel::train(
            "--input=" + textFixture("itmo_knowledge_head.txt").string() + " --model_prefix=" +
            (dir->path() / "tokenizer").string() +
            " --vocab_size=400 --character_coverage=1.0 --model_type=unigram --byte_fallback=true"
            " --user_defined_symbols=[P1u],[P2u],[Gk]");
        fs::remove(dir->path() / "tokenizer.vocab");
    }
    static void TearDownTestSuite() { dir.reset(); }
    static inline std::unique_ptr<persona::test::TempDir> dir;
};

TEST_F(SentencePieceTokenizerTest, RussianRoundTripAndUserSymbols) {
    const auto tok = persona::loadTokenizer(dir->str());
    EXPECT_EQ(tok->kind(), "sentencepiece");
    const std::string text = "Синтез речи является одной из важнейших задач.";
    const auto ids = tok->encode(text);
    ASSERT_FALSE(ids.empty());
    EXPECT_LT(ids.size(), text.size());
    EXPECT_EQ(tok->decode(ids), text);

    // The model's user-defined symbols come out as single ids (after the "▁" dummy prefix that
    // sentencepiece puts at the start of the text).
    const auto p1u = tok->tokenId("[P1u]");
    ASSERT_TRUE(p1u.has_value());
    const auto withSymbol = tok->encode("[P1u]речь");
    EXPECT_EQ(std::count(withSymbol.begin(), withSymbol.end(), *p1u), 1);
    EXPECT_EQ(tok->decode(withSymbol), "[P1u]речь");

    // Byte fallback: a character outside the training text still round-trips through bytes.
    EXPECT_EQ(tok->decode(tok->encode("речь 😀")), "речь 😀");
    std::string joined;
    for (int id : tok->encode("😀")) joined += tok->tokenBytes(id);
    EXPECT_NE(joined.find("\xF0\x9F\x98\x80"), std::string::npos);

    // sentencepiece's defaults: <unk> 0, <s> 1, </s> 2, no pad.
    EXPECT_EQ(tok->unkId(), 0);
    EXPECT_EQ(tok->bosId(), 1);
    EXPECT_EQ(tok->eosId(), 2);
    EXPECT_FALSE(tok->padId().has_value());
    EXPECT_TRUE(tok->isSpecial(1));
    EXPECT_EQ(tok->decode({1, ids[0], 2}), "<s>" + tok->decode({ids[0]}) + "</s>");
    EXPECT_EQ(tok->decode({1, ids[0], 2}, true), tok->decode({ids[0]}));
    EXPECT_EQ(tok->encodeForModel(text), ids);  // no tokenizer_config.json: nothing added
    EXPECT_THROW(tok->tokenString(400), persona::TokenizerError);
}

TEST_F(SentencePieceTokenizerTest, HonoursAddedTokensAndAddBos) {
    persona::test::TempDir withConfig("sp_cfg");
    fs::copy_file(dir->path() / "tokenizer.model", withConfig.path() / "spiece.model");
    writeText(withConfig.path() / "added_tokens.json", R"({"[Dialog]": 400})");
    writeText(withConfig.path() / "tokenizer_config.json", R"({"add_bos_token": true})");
    const auto tok = persona::loadTokenizer(withConfig.str());
    EXPECT_EQ(tok->vocabSize(), 401);
    const auto ids = tok->encode("речь[Dialog]речь");
    ASSERT_EQ(std::count(ids.begin(), ids.end(), 400), 1);
    EXPECT_EQ(tok->tokenString(400), "[Dialog]");
    EXPECT_EQ(tok->decode(ids, true).find("[Dialog]"), std::string::npos);
    const auto forModel = tok->encodeForModel("речь");
    ASSERT_FALSE(forModel.empty());
    EXPECT_EQ(forModel.front(), 1);  // BOS
}

// A Llama 2 / Mistral folder carries tokenizer.model and a SentencePiece-style tokenizer.json
// (BPE without ByteLevel, byte_fallback): the tokenizer.model serves it through the shim.
TEST_F(SentencePieceTokenizerTest, Llama2StyleTokenizerJsonDefersToTokenizerModel) {
    persona::test::TempDir folder("sp_llama2");
    fs::copy_file(dir->path() / "tokenizer.model", folder.path() / "tokenizer.model");
    writeText(folder.path() / "tokenizer.json",
              R"({"version": "1.0", "added_tokens": [],
                  "normalizer": {"type": "Sequence", "normalizers": [
                      {"type": "Prepend", "prepend": "\u2581"},
                      {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]},
                  "pre_tokenizer": null,
                  "decoder": {"type": "Sequence", "decoders": [{"type": "ByteFallback"}]},
                  "model": {"type": "BPE", "byte_fallback": true, "vocab": {"<unk>": 0}, "merges": []}})");
    const auto tok = persona::loadTokenizer(folder.str());
    EXPECT_EQ(tok->kind(), "sentencepiece");
    EXPECT_EQ(tok->decode(tok->encode("Синтез речи")), "Синтез речи");
    fs::remove(folder.path() / "tokenizer.model");
    try {
        persona::loadTokenizer(folder.str());
        FAIL() << "expected TokenizerError";
    } catch (const persona::TokenizerError& e) {
        EXPECT_NE(std::string(e.what()).find("needs the tokenizer.model"), std::string::npos) << e.what();
    }
}

}  // namespace

// The shim lives in a link-map namespace of its own (its protobuf never meets libtorch's), which
// also works under ASan; PERSONA_SPSHIM_NO_DLMOPEN=1 (the text.sp_fallback test) forces the
// dlopen fallback, whose flags depend on the sanitizer.
TEST(SentencePieceShim, LoadsInALinkMapNamespaceOfItsOwn) {
    const persona::detail::SpShim& shim = persona::detail::spShim();
    if (std::getenv("PERSONA_SPSHIM_NO_DLMOPEN"))
        EXPECT_EQ(shim.loading.rfind("dlopen(RTLD_LOCAL", 0), 0u) << shim.loading;
    else
        EXPECT_EQ(shim.loading, "dlmopen(LM_ID_NEWLM)");
    EXPECT_EQ(shim.abiVersion(), PERSONA_SP_SHIM_ABI);
}
