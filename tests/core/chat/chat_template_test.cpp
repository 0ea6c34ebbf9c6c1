// Real chat templates (Llama 3, Llama 3.1, Qwen2.5, Qwen3, Mistral v0.3, Gemma 2) rendered by
// core/chat and compared with @huggingface/jinja's output (tests/golden/chat_templates/
// make_chat_golden.js): multi-turn, system-less, Russian, tools, refusals.
#include "chat_golden.h"
#include "persona/chat/chat_template.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace {

using json = nlohmann::ordered_json;

json golden() { return persona::test::chatGolden(); }

TEST(ChatTemplateGolden, EveryTemplateAndConversationEqualsTheReference) {
    const json doc = golden();
    const json& cases = doc.at("cases");
    ASSERT_GE(cases.size(), 100u);
    std::set<std::string> templates;
    int failures = 0, refusals = 0;
    for (const json& c : cases) {
        const std::string name = c.at("template");
        templates.insert(name);
        const json& t = doc.at("templates").at(name);
        json vars = t.at("variables");
        const json& conv = doc.at("conversations").at(c.at("conversation").get<std::string>());
        vars["messages"] = conv.at("messages");
        if (conv.contains("tools")) vars["tools"] = conv.at("tools");
        vars["add_generation_prompt"] = c.at("add_generation_prompt");
        const std::string label = name + " / " + c.at("conversation").get<std::string>() +
                                  (c.at("add_generation_prompt").get<bool>() ? " +gen" : "");
        const persona::ChatTemplate tpl(t.at("text").get<std::string>());
        if (c.contains("error")) {
            ++refusals;
            try {
                tpl.render(vars);
                ADD_FAILURE() << label << ": expected a refusal: " << c.at("error");
            } catch (const persona::ChatTemplateError& e) {
                EXPECT_NE(std::string(e.what()).find(c.at("error").get<std::string>()), std::string::npos)
                    << label << ": " << e.what();
                EXPECT_GT(e.line(), 0) << label;
            }
            continue;
        }
        std::string text;
        try {
            text = tpl.render(vars);
        } catch (const std::exception& e) {
            ADD_FAILURE() << label << ": " << e.what();
            continue;
        }
        if (text != c.at("text").get<std::string>() && ++failures <= 8)
            ADD_FAILURE() << label << "\n--- expected ---\n" << c.at("text").get<std::string>()
                          << "\n--- got ---\n" << text;
    }
    EXPECT_EQ(failures, 0);
    EXPECT_GT(refusals, 0);
    EXPECT_EQ(templates, (std::set<std::string>{"qwen3", "llama3", "qwen2.5", "llama3.1", "mistral-v0.3", "gemma-2"}));
}

TEST(ChatTemplateApi, RenderTakesMessagesAndTheGenerationPrompt) {
    const std::string tpl =
        "{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}{{ eos_token }}";
    const std::vector<persona::ChatMessage> messages = {{"user", "Привет"}, {"assistant", "Здравствуй"}};
    EXPECT_EQ(persona::renderChatTemplate(tpl, messages, true, {{"eos_token", "</s>"}}),
              "<user>Привет<assistant>Здравствуй<assistant></s>");
    EXPECT_EQ(persona::renderChatTemplate(tpl, messages, false), "<user>Привет<assistant>Здравствуй");
}

class ModelFolder : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("persona_chat_" + std::to_string(::getpid()) + "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    void write(const std::string& name, const std::string& text) { std::ofstream(m_dir / name) << text; }
    std::filesystem::path m_dir;
};

TEST_F(ModelFolder, TemplateFromTokenizerConfigStringOrNamedList) {
    write("tokenizer_config.json", R"({"chat_template": "A{{ bos_token }}", "bos_token": {"content": "<s>"}})");
    auto t = persona::readModelChatTemplate(m_dir.string());
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->text, "A{{ bos_token }}");
    EXPECT_EQ(t->variables.at("bos_token"), "<s>");
    write("tokenizer_config.json",
          R"({"chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "D"}]})");
    EXPECT_EQ(persona::readModelChatTemplate(m_dir.string())->text, "D");
    write("tokenizer_config.json", R"({"chat_template": [{"name": "tool_use", "template": "T"}]})");
    EXPECT_THROW(persona::readModelChatTemplate(m_dir.string()), persona::TokenizerError);
    write("tokenizer_config.json", R"({"eos_token": "</s>"})");
    EXPECT_FALSE(persona::readModelChatTemplate(m_dir.string()).has_value());
    write("chat_template.jinja", "J");
    EXPECT_EQ(persona::readModelChatTemplate(m_dir.string())->text, "J");
}

}  // namespace
