#include "persona/chat/chat_template.h"

#include "chat/jinja_ast.h"
#include "chat/jinja_interpreter.h"
#include "common/json_guard.h"
#include "text/tokenizer_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace persona {

ChatTemplateError::ChatTemplateError(int line, const std::string& what)
    : Error(line > 0 ? "chat template line " + std::to_string(line) + ": " + what : "chat template: " + what),
      m_line(line) {}

struct ChatTemplate::Impl {
    chat::Body body;
    ChatTemplateLimits limits;
};

ChatTemplate::ChatTemplate(const std::string& templateText, ChatTemplateLimits limits)
    : m_impl(std::make_unique<Impl>()) {
    if (templateText.size() > limits.maxTemplateBytes)
        throw ChatTemplateError(0, "the template has " + std::to_string(templateText.size()) +
                                       " bytes, more than " + std::to_string(limits.maxTemplateBytes));
    m_impl->limits = limits;
    m_impl->body = chat::parseTemplate(templateText);
}

ChatTemplate::~ChatTemplate() = default;
ChatTemplate::ChatTemplate(ChatTemplate&&) noexcept = default;
ChatTemplate& ChatTemplate::operator=(ChatTemplate&&) noexcept = default;

std::string ChatTemplate::render(const nlohmann::ordered_json& variables) const {
    if (!variables.is_object()) throw ChatTemplateError(0, "the variables must be a JSON object");
    chat::ValueDict vars;
    for (const auto& [k, v] : variables.items()) vars.set(k, chat::fromJson(v));
    chat::Interpreter interpreter(m_impl->limits);
    return interpreter.run(m_impl->body, vars);
}

nlohmann::ordered_json chatMessagesJson(const std::vector<ChatMessage>& messages) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const ChatMessage& m : messages) list.push_back({{"role", m.role}, {"content", m.content}});
    return list;
}

std::string renderChatTemplate(const std::string& templateText, const std::vector<ChatMessage>& messages,
                               bool addGenerationPrompt, const nlohmann::ordered_json& extra, const ChatTemplateLimits& limits) {
    nlohmann::ordered_json variables = extra.is_object() ? extra : nlohmann::ordered_json::object();
    variables["messages"] = chatMessagesJson(messages);
    variables["add_generation_prompt"] = addGenerationPrompt;
    return ChatTemplate(templateText, limits).render(variables);
}

namespace {

// A special token in tokenizer_config.json: "text" or {"content": "text", ...}.
std::optional<std::string> tokenText(const nlohmann::json& config, const char* key) {
    if (!config.contains(key)) return std::nullopt;
    const nlohmann::json& v = config[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string()) return v["content"].get<std::string>();
    return std::nullopt;
}

std::string pickTemplate(const nlohmann::json& value, const std::string& file) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        for (const nlohmann::json& item : value)
            if (item.is_object() && item.value("name", "") == "default" && item.contains("template") &&
                item["template"].is_string())
                return item["template"].get<std::string>();
        throw TokenizerError(file + ": \"chat_template\" is a list without a template named \"default\"");
    }
    throw TokenizerError(file + ": \"chat_template\" must be a string or a list of {name, template}");
}

}  // namespace

nlohmann::ordered_json readChatVariablesFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    if (const std::string tooDeep = jsonNestingError(text); !tooDeep.empty())
        throw InvalidArgument(path + ": " + tooDeep);
    nlohmann::ordered_json doc;
    try {
        doc = nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw InvalidArgument(path + ": invalid JSON: " + e.what());
    }
    if (doc.is_array()) doc = nlohmann::ordered_json{{"messages", doc}};
    if (!doc.is_object() || !doc.contains("messages") || !doc["messages"].is_array())
        throw InvalidArgument(path + ": expected a list of {\"role\", \"content\"} messages, or an object with \"messages\"");
    for (const auto& m : doc["messages"])
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
            throw InvalidArgument(path + ": every message needs a string \"role\"");
    return doc;
}

std::optional<ModelChatTemplate> readModelChatTemplate(const std::string& modelDir) {
    const std::filesystem::path dir(modelDir);
    ModelChatTemplate result;
    const auto configPath = dir / "tokenizer_config.json";
    nlohmann::json config = nlohmann::json::object();
    if (std::filesystem::is_regular_file(configPath)) {
        const std::string text = detail::readTokenizerFile(configPath);
        if (const std::string tooDeep = jsonNestingError(text); !tooDeep.empty())
            throw TokenizerError(configPath.string() + ": " + tooDeep);
        try {
            config = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& e) {
            throw TokenizerError(configPath.string() + ": invalid JSON: " + e.what());
        }
        if (!config.is_object()) throw TokenizerError(configPath.string() + ": expected a JSON object");
        for (const char* key : {"bos_token", "eos_token", "unk_token", "pad_token"})
            if (const auto t = tokenText(config, key)) result.variables[key] = *t;
    }
    // transformers 4.43+ writes the template to a file of its own.
    const auto jinjaPath = dir / "chat_template.jinja";
    if (std::filesystem::is_regular_file(jinjaPath)) {
        result.text = detail::readTokenizerFile(jinjaPath);
        result.source = jinjaPath.string();
        return result;
    }
    if (!config.contains("chat_template") || config["chat_template"].is_null()) return std::nullopt;
    result.text = pickTemplate(config["chat_template"], configPath.string());
    result.source = configPath.string();
    return result;
}

}  // namespace persona
