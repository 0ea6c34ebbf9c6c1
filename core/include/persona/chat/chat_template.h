// Chat templates: the Jinja program in a model's tokenizer_config.json ("chat_template") that
// turns messages into the prompt text, run by a small engine of our own (core/chat) that knows
// the subset the templates of Llama 3.x, Qwen2.5/3, Mistral and Gemma use: for/if/elif/else,
// set (namespace() too), macros, filters, string methods, loop variables, tests, whitespace
// control, comments, raise_exception. A template is untrusted input from a downloaded model:
// it reaches no file and no environment variable, and its steps, output size, macro recursion
// and nesting are bounded; every error names the template line.
#pragma once

#include "persona/error.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace persona {

// A template that does not parse or fails while rendering (raise_exception included); line() is
// the template line (1-based), 0 when none applies.
class ChatTemplateError : public Error {
public:
    ChatTemplateError(int line, const std::string& what);
    int line() const { return m_line; }

private:
    int m_line;
};

struct ChatMessage {
    std::string role;  // "system", "user", "assistant", "tool"
    std::string content;
};

struct ChatTemplateLimits {
    std::size_t maxTemplateBytes = 1u << 20;
    std::size_t maxSteps = 2'000'000;       // expressions and statements evaluated
    std::size_t maxOutputBytes = 8u << 20;  // the rendered text, and any one string made
    int maxRecursion = 64;                  // macro calls inside macro calls
};

class ChatTemplate {
public:
    // Parses once; throws ChatTemplateError.
    explicit ChatTemplate(const std::string& templateText, ChatTemplateLimits limits = {});
    ~ChatTemplate();
    ChatTemplate(ChatTemplate&&) noexcept;
    ChatTemplate& operator=(ChatTemplate&&) noexcept;

    // Renders with these variables (messages, add_generation_prompt, bos_token, tools...). An
    // ordered_json keeps the keys in the order given, as Python's dicts do (tojson prints them
    // in that order).
    std::string render(const nlohmann::ordered_json& variables) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The messages as the templates expect them: [{"role": ..., "content": ...}, ...].
nlohmann::ordered_json chatMessagesJson(const std::vector<ChatMessage>& messages);

// render(templateText, messages, addGenerationPrompt, extra): extra holds bos_token, eos_token
// and any other variable (an object); messages and add_generation_prompt are set from the
// arguments.
std::string renderChatTemplate(const std::string& templateText, const std::vector<ChatMessage>& messages,
                               bool addGenerationPrompt, const nlohmann::ordered_json& extra = nlohmann::ordered_json::object(),
                               const ChatTemplateLimits& limits = {});

// A messages file: a list of {"role", "content"} messages (becomes {"messages": [...]}), or an
// object with "messages" and any other template variables ("tools"...). Throws IoError or
// InvalidArgument naming the file.
nlohmann::ordered_json readChatVariablesFile(const std::string& path);

// What a model folder says about chat: its template (chat_template.jinja, else
// tokenizer_config.json's "chat_template", a string or a list of {name, template} from which
// "default" is taken) and the bos/eos token texts the templates print.
struct ModelChatTemplate {
    std::string text;
    std::string source;  // the file it came from, for messages
    nlohmann::ordered_json variables = nlohmann::ordered_json::object();  // bos_token, eos_token (when known)
};
// nullopt when the folder has no template; throws TokenizerError for a bad tokenizer_config.json.
std::optional<ModelChatTemplate> readModelChatTemplate(const std::string& modelDir);

}  // namespace persona
