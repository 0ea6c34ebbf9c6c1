// Bad model folders are rejected with a message that names the file, the tensor or field, what
// was expected and what was found. (Bad tensor files themselves: tests/core/tensorio.)
#include "persona/error.h"
#include "persona/model/bert_model.h"
#include "persona/model/gpt2_model.h"
#include "persona/tensorio/tensor_archive.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

namespace fs = std::filesystem;

namespace {

const fs::path kTinyGpt2 = fs::path(PERSONA_FIXTURES_DIR) / "models" / "tiny-gpt2";

struct BadFolder {
    std::string name;
    // Edits a copy of tiny-gpt2 in the given folder.
    std::function<void(const fs::path&)> edit;
    std::vector<std::string> expected;  // substrings of the error message
};

void writeFile(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

// Rewrites model.safetensors through `change`, which edits the tensor list.
void rewriteWeights(const fs::path& dir, const std::function<void(std::vector<persona::TensorData>&)>& change) {
    std::vector<char> keep;  // bytes of added tensors
    auto archive = persona::TensorArchive::open((kTinyGpt2 / "model.safetensors").string());
    auto tensors = archive.tensors();
    change(tensors);
    persona::writeSafetensors((dir / "model.safetensors").string(), tensors);
}

const float kZeros[64] = {};

std::string loadError(const fs::path& dir) {
    try {
        persona::Gpt2Model::load(dir.string());
    } catch (const persona::ModelLoadError& e) {
        return e.what();
    }
    return "(no error)";
}

class BadGpt2Folder : public ::testing::TestWithParam<BadFolder> {};

TEST_P(BadGpt2Folder, IsRejectedWithAMessageNamingTheProblem) {
    const fs::path dir = fs::temp_directory_path() / ("persona_bad_" + std::to_string(::getpid()) + "_" + GetParam().name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(kTinyGpt2, dir, fs::copy_options::overwrite_existing | fs::copy_options::recursive);
    GetParam().edit(dir);
    const std::string message = loadError(dir);
    for (const auto& part : GetParam().expected)
        EXPECT_NE(message.find(part), std::string::npos) << "missing \"" << part << "\" in: " << message;
    fs::remove_all(dir);
}

const std::string kConfig = R"({"model_type":"gpt2","vocab_size":97,"n_embd":32,"n_layer":2,"n_head":4,"n_positions":64})";

INSTANTIATE_TEST_SUITE_P(
    Table, BadGpt2Folder,
    ::testing::Values(
        BadFolder{"config_missing", [](const fs::path& d) { fs::remove(d / "config.json"); },
                  {"config.json", "missing"}},
        BadFolder{"config_not_json", [](const fs::path& d) { writeFile(d / "config.json", "{\"n_embd\": 32,"); },
                  {"config.json", "not valid JSON"}},
        BadFolder{"config_not_object", [](const fs::path& d) { writeFile(d / "config.json", "[1, 2]"); },
                  {"config.json", "not a JSON object"}},
        BadFolder{"config_missing_field",
                  [](const fs::path& d) {
                      writeFile(d / "config.json", R"({"model_type":"gpt2","vocab_size":97,"n_layer":2,"n_head":4,"n_positions":64})");
                  },
                  {"config.json", "missing field \"n_embd\""}},
        BadFolder{"config_wrong_type",
                  [](const fs::path& d) {
                      writeFile(d / "config.json", R"({"model_type":"gpt2","vocab_size":97,"n_embd":"32","n_layer":2,"n_head":4,"n_positions":64})");
                  },
                  {"\"n_embd\" must be an integer", "\"32\""}},
        BadFolder{"config_other_model",
                  [](const fs::path& d) { writeFile(d / "config.json", R"({"model_type":"llama"})"); },
                  {"model_type is \"llama\"", "expected \"gpt2\""}},
        BadFolder{"config_bad_activation",
                  [](const fs::path& d) {
                      writeFile(d / "config.json", kConfig.substr(0, kConfig.size() - 1) + R"(,"activation_function":"swish"})");
                  },
                  {"activation function \"swish\""}},
        BadFolder{"config_negative_knowledge_boost",
                  [](const fs::path& d) {
                      writeFile(d / "config.json", kConfig.substr(0, kConfig.size() - 1) + R"(,"persona_knowledge_boost":-2})");
                  },
                  {"persona_knowledge_boost must be between 0 and 100"}},
        BadFolder{"weights_missing", [](const fs::path& d) { fs::remove(d / "model.safetensors"); },
                  {"model.safetensors"}},
        BadFolder{"missing_tensor",
                  [](const fs::path& d) {
                      rewriteWeights(d, [](auto& t) {
                          t.erase(std::remove_if(t.begin(), t.end(), [](auto& x) { return x.name == "transformer.h.1.mlp.c_fc.bias"; }), t.end());
                      });
                  },
                  {"missing tensor \"h.1.mlp.c_fc.bias\"", "[128]"}},
        BadFolder{"wrong_shape",
                  [](const fs::path& d) {
                      rewriteWeights(d, [](auto& t) {
                          for (auto& x : t)
                              if (x.name == "transformer.h.0.attn.c_attn.weight") {
                                  x.shape = {96, 32};  // nn.Linear layout instead of Conv1D's [in, out]
                                  x.strides = {32, 1};
                              }
                      });
                  },
                  {"model.safetensors", "\"transformer.h.0.attn.c_attn.weight\"", "shape [96, 32]", "expected [32, 96]"}},
        BadFolder{"unexpected_tensor",
                  [](const fs::path& d) {
                      rewriteWeights(d, [](auto& t) {
                          persona::TensorData extra;
                          extra.name = "transformer.h.0.attn.rotary";
                          extra.shape = {4, 4};
                          extra.strides = {4, 1};
                          extra.data = kZeros;
                          extra.nbytes = sizeof(float) * 16;
                          t.push_back(extra);
                      });
                  },
                  {"unexpected tensor \"transformer.h.0.attn.rotary\""}},
        BadFolder{"integer_weights",
                  [](const fs::path& d) {
                      rewriteWeights(d, [](auto& t) {
                          for (auto& x : t)
                              if (x.name == "transformer.ln_f.bias") x.dtype = persona::DType::I32;
                      });
                  },
                  {"\"transformer.ln_f.bias\" holds I32", "floating-point"}}),
    [](const auto& info) { return info.param.name; });

TEST(Gpt2Config, TheKnowledgeBoostRoundTripsAndIsOptional) {
    auto c = persona::Gpt2Config::fromJsonText(kConfig, "test");
    EXPECT_EQ(c.knowledgeBoost, 0.0);
    EXPECT_EQ(c.toJsonText().find("persona_knowledge_boost"), std::string::npos);  // HF's keys only
    c.knowledgeBoost = 4.5;
    EXPECT_EQ(persona::Gpt2Config::fromJsonText(c.toJsonText(), "test").knowledgeBoost, 4.5);
}

TEST(BertErrors, ConfigOfAnotherKindIsNamed) {
    const fs::path dir = fs::path(PERSONA_FIXTURES_DIR) / "models" / "tiny-gpt2";
    try {
        persona::BertModel::load(dir.string());
        FAIL();
    } catch (const persona::ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("expected \"bert\""), std::string::npos) << e.what();
    }
}

}  // namespace
