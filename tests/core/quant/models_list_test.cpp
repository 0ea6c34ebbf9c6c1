// persona-cli models list (cli/command_models.cpp) over a fake home folder: a HuggingFace hub cache
// entry, an LM Studio GGUF file, a broken GGUF file, an ollama manifest and blob, and a --dir.
#include "cli.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

nlohmann::json listModels(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"persona-cli", "models", "list"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::ostringstream out, err;
    EXPECT_EQ(persona::cli::run(args, out, err), 0) << err.str();
    return nlohmann::json::parse(out.str());
}

const nlohmann::json* byName(const nlohmann::json& j, const std::string& name) {
    for (const auto& m : j["models"])
        if (m["name"] == name) return &m;
    return nullptr;
}

TEST(ModelsList, FindsTheHubCacheLmStudioOllamaAndGivenFolders) {
    const fs::path home = fs::temp_directory_path() / ("models_home_" + std::to_string(::getpid()));
    fs::remove_all(home);
    const std::string src = PERSONA_SOURCE_DIR;
    const fs::path snapshot = home / ".cache/huggingface/hub/models--openai--tiny-gpt2/snapshots/0123abc";
    fs::create_directories(snapshot);
    for (const char* f : {"config.json", "model.safetensors"})
        fs::copy_file(src + "/tests/fixtures/models/tiny-gpt2/" + f, snapshot / f);
    const std::string gguf = src + "/tests/golden/tensorio/gguf/llamacpp_types.gguf";
    const fs::path lms = home / ".lmstudio/models/someone/Tiny-GGUF";
    fs::create_directories(lms);
    fs::copy_file(gguf, lms / "tiny-q8_0.gguf");
    std::ofstream(lms / "broken.gguf") << "GGUF but not really";
    fs::create_directories(home / ".ollama/models/blobs");
    fs::create_directories(home / ".ollama/models/manifests/registry.ollama.ai/library/tiny");
    fs::copy_file(gguf, home / ".ollama/models/blobs/sha256-0f0f");
    std::ofstream(home / ".ollama/models/manifests/registry.ollama.ai/library/tiny/latest")
        << R"({"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:0f0f"}]})";
    const fs::path extra = home / "elsewhere" / "bert";
    fs::create_directories(extra);
    for (const char* f : {"config.json", "model.safetensors"})
        fs::copy_file(src + "/tests/fixtures/models/tiny-bert/" + f, extra / f);

    const std::string oldHome = std::getenv("HOME") ? std::getenv("HOME") : "";
    ::setenv("HOME", home.c_str(), 1);
    ::unsetenv("HF_HOME");
    ::unsetenv("HF_HUB_CACHE");
    const auto j = listModels({"--dir", (home / "elsewhere").string()});
    ::setenv("HOME", oldHome.c_str(), 1);

    const auto* hub = byName(j, "openai/tiny-gpt2");
    ASSERT_NE(hub, nullptr) << j.dump(1);
    EXPECT_EQ((*hub)["source"], "huggingface");
    EXPECT_EQ((*hub)["architecture"], "GPT2LMHeadModel");
    EXPECT_EQ((*hub)["loads"], true);
    EXPECT_GT((*hub)["parameters"].get<uint64_t>(), 0u);

    const auto* lm = byName(j, "someone/Tiny-GGUF/tiny-q8_0.gguf");
    ASSERT_NE(lm, nullptr) << j.dump(1);
    EXPECT_EQ((*lm)["model_name"], "Тестовый файл llama.cpp");  // general.name of the fixture
    EXPECT_EQ((*lm)["format"], "gguf");
    EXPECT_EQ((*lm)["architecture"], "fixture");
    EXPECT_EQ((*lm)["parameters"].get<uint64_t>(), 21u * 512u * 3u);  // 21 tensors of 3 x 512
    EXPECT_EQ((*lm)["size_bytes"].get<uint64_t>(), fs::file_size(gguf));
    EXPECT_GT((*lm)["ram_bytes"].get<uint64_t>(), fs::file_size(gguf));

    const auto* broken = byName(j, "someone/Tiny-GGUF/broken.gguf");
    ASSERT_NE(broken, nullptr) << j.dump(1);
    EXPECT_EQ((*broken)["loads"], false);
    EXPECT_NE((*broken)["why"].get<std::string>().find("invalid GGUF file"), std::string::npos);

    int ollama = 0, folder = 0;
    for (const auto& m : j["models"]) {
        ollama += m["source"] == "ollama" && m["name"] == "tiny:latest" && m["parameters"] == 21u * 512u * 3u;
        folder += m["source"] == "folder" && m["architecture"] == "BertModel";
    }
    EXPECT_EQ(ollama, 1) << j.dump(1);
    EXPECT_EQ(folder, 1) << j.dump(1);
    fs::remove_all(home);
}

TEST(ModelsList, SaysHowToGetAModelWhenThereIsNone) {
    const fs::path home = fs::temp_directory_path() / ("models_empty_" + std::to_string(::getpid()));
    fs::create_directories(home);
    const std::string oldHome = std::getenv("HOME") ? std::getenv("HOME") : "";
    ::setenv("HOME", home.c_str(), 1);
    ::unsetenv("HF_HOME");
    ::unsetenv("HF_HUB_CACHE");
    const auto j = listModels();
    ::setenv("HOME", oldHome.c_str(), 1);
    EXPECT_TRUE(j["models"].empty());
    EXPECT_NE(j["hint"].get<std::string>().find("huggingface-cli download"), std::string::npos);
    fs::remove_all(home);
}

}  // namespace
