// loadTokenizer(): the kind comes from the files; every bad folder is a TokenizerError that names
// the file and the problem.
#include "persona/error.h"
#include "persona/text/tokenizer.h"
#include "text_test_util.h"

#include <gtest/gtest.h>

#include <functional>

namespace {

namespace fs = std::filesystem;
using persona::test::textFixture;
using persona::test::writeText;

void copyTinyBpe(const fs::path& dir) {
    fs::copy_file(textFixture("tiny_bpe") / "vocab.json", dir / "vocab.json");
    fs::copy_file(textFixture("tiny_bpe") / "merges.txt", dir / "merges.txt");
}

struct BadFolderCase {
    const char* name;
    std::function<void(const fs::path&)> populate;
    std::vector<std::string> expected;  // substrings of the message
};

class BadFolderTest : public ::testing::TestWithParam<BadFolderCase> {};

TEST_P(BadFolderTest, ThrowsTokenizerErrorNamingFileAndProblem) {
    persona::test::TempDir dir("bad");
    GetParam().populate(dir.path());
    try {
        persona::loadTokenizer(dir.str());
        FAIL() << "expected TokenizerError";
    } catch (const persona::TokenizerError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(dir.str()), std::string::npos) << what;
        for (const auto& part : GetParam().expected)
            EXPECT_NE(what.find(part), std::string::npos) << "missing \"" << part << "\" in: " << what;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Files, BadFolderTest,
    ::testing::Values(
        BadFolderCase{"EmptyFolder", [](const fs::path&) {},
                      {"has no tokenizer", "vocab.json + merges.txt", "vocab.txt", "*.model"}},
        BadFolderCase{"VocabWithoutMerges",
                      [](const fs::path& d) { fs::copy_file(textFixture("tiny_bpe") / "vocab.json", d / "vocab.json"); },
                      {"merges.txt is missing"}},
        BadFolderCase{"BadVocabJson",
                      [](const fs::path& d) {
                          writeText(d / "vocab.json", "{\"a\": 0,");
                          fs::copy_file(textFixture("tiny_bpe") / "merges.txt", d / "merges.txt");
                      },
                      {"vocab.json: invalid JSON"}},
        BadFolderCase{"VocabIdCollision",
                      [](const fs::path& d) {
                          writeText(d / "vocab.json", R"({"a": 0, "b": 0})");
                          writeText(d / "merges.txt", "a b\n");
                      },
                      {"vocab.json: id 0 is used by both \"a\" and \"b\""}},
        BadFolderCase{"VocabNotByteLevel",
                      [](const fs::path& d) {
                          writeText(d / "vocab.json", R"({"a": 0})");
                          writeText(d / "merges.txt", "a a\n");
                      },
                      {"vocab.json: no byte-level token", "byte 0x00"}},
        BadFolderCase{"MergesBadLine",
                      [](const fs::path& d) {
                          fs::copy_file(textFixture("tiny_bpe") / "vocab.json", d / "vocab.json");
                          writeText(d / "merges.txt", "#version: 0.2\nh e\nbad\n");
                      },
                      {"merges.txt:3: expected two tokens separated by one space, found \"bad\""}},
        BadFolderCase{"MergesUnknownToken",
                      [](const fs::path& d) {
                          fs::copy_file(textFixture("tiny_bpe") / "vocab.json", d / "vocab.json");
                          writeText(d / "merges.txt", "#version: 0.2\nh zz\n");
                      },
                      {"merges.txt:2: \"zz\" is not in vocab.json"}},
        BadFolderCase{"MergesMergedTokenMissing",
                      [](const fs::path& d) {
                          fs::copy_file(textFixture("tiny_bpe") / "vocab.json", d / "vocab.json");
                          writeText(d / "merges.txt", "#version: 0.2\nh h\n");
                      },
                      {"merges.txt:2: the merged token \"hh\" is not in vocab.json"}},
        BadFolderCase{"AddedTokenTakesVocabId",
                      [](const fs::path& d) {
                          copyTinyBpe(d);
                          writeText(d / "added_tokens.json", R"({"[P1u]": 259})");
                      },
                      {"added_tokens.json: added token \"[P1u]\" has id 259, which vocab.json gives to \"hello\""}},
        BadFolderCase{"AddedTokenWithOtherId",
                      [](const fs::path& d) {
                          copyTinyBpe(d);
                          writeText(d / "added_tokens.json", R"({"hello": 300})");
                      },
                      {"added_tokens.json: added token \"hello\" has id 300 but id 259 in vocab.json"}},
        BadFolderCase{"TwoAddedTokensOneId",
                      [](const fs::path& d) {
                          copyTinyBpe(d);
                          writeText(d / "added_tokens.json", R"({"[A]": 300, "[B]": 300})");
                      },
                      {"added_tokens.json: id 300 is used by two added tokens"}},
        BadFolderCase{"AddedTokenTwoIdsAcrossFiles",
                      [](const fs::path& d) {
                          copyTinyBpe(d);
                          writeText(d / "added_tokens.json", R"({"[X]": 300})");
                          writeText(d / "tokenizer_config.json",
                                    R"({"added_tokens_decoder": {"301": {"content": "[X]"}}})");
                      },
                      {"tokenizer_config.json: added token \"[X]\" has two ids: 300 and 301"}},
        BadFolderCase{"AddedTokensNotAnObject",
                      [](const fs::path& d) {
                          copyTinyBpe(d);
                          writeText(d / "added_tokens.json", "[1, 2]");
                      },
                      {"added_tokens.json: expected an object"}},
        BadFolderCase{"BadTokenizerConfigJson",
                      [](const fs::path& d) {
                          copyTinyBpe(d);
                          writeText(d / "tokenizer_config.json", "{\"add_bos_token\": tru");
                      },
                      {"tokenizer_config.json: invalid JSON"}},
        BadFolderCase{"AddBosNotABool",
                      [](const fs::path& d) {
                          copyTinyBpe(d);
                          writeText(d / "tokenizer_config.json", R"({"add_bos_token": "yes"})");
                      },
                      {"tokenizer_config.json: \"add_bos_token\" must be true or false"}},
        BadFolderCase{"UnknownSpecialToken",
                      [](const fs::path& d) {
                          copyTinyBpe(d);
                          writeText(d / "special_tokens_map.json", R"({"bos_token": "<nope>"})");
                      },
                      {"special_tokens_map.json: bos_token \"<nope>\" is neither in vocab.json nor an added token"}},
        BadFolderCase{"WordPieceWithoutUnk",
                      [](const fs::path& d) { writeText(d / "vocab.txt", "a\nb\n"); },
                      {"vocab.txt: no unknown token"}},
        BadFolderCase{"BadSentencePieceModel",
                      [](const fs::path& d) { writeText(d / "tokenizer.model", "not a model"); },
                      {"cannot load sentencepiece model", "tokenizer.model"}},
        BadFolderCase{"TwoSentencePieceModels",
                      [](const fs::path& d) {
                          writeText(d / "a.model", "x");
                          writeText(d / "b.model", "y");
                      },
                      {"several SentencePiece models", "a.model, b.model"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(LoadTokenizer, MissingFolder) {
    try {
        persona::loadTokenizer("/nonexistent/persona/model");
        FAIL() << "expected TokenizerError";
    } catch (const persona::TokenizerError& e) {
        EXPECT_STREQ(e.what(), "model folder /nonexistent/persona/model does not exist or is not a folder");
    }
}

struct KindCase {
    const char* fixture;
    const char* kind;
};

class LoadKindTest : public ::testing::TestWithParam<KindCase> {};

TEST_P(LoadKindTest, PicksKindFromFiles) {
    EXPECT_EQ(persona::loadTokenizer(textFixture(GetParam().fixture).string())->kind(), GetParam().kind);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, LoadKindTest,
                         ::testing::Values(KindCase{"gpt2", "bpe"}, KindCase{"rugpt3", "bpe"},
                                           KindCase{"tiny_bpe", "bpe"},
                                           KindCase{"tiny_wordpiece", "wordpiece"}),
                         [](const auto& info) { return std::string(info.param.fixture); });

}  // namespace
