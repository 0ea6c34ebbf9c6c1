// A chat template from a downloaded model's tokenizer_config.json: the input is the template
// text, parsed and rendered over a fixed Russian conversation with the limits the app uses
// (steps, output size, recursion, nesting). A refusal is a ChatTemplateError; a crash, a hang
// past -timeout or an allocation past -rss_limit_mb is a bug.
#include "fuzz_targets.h"

#include "persona/chat/chat_template.h"
#include "persona/error.h"

namespace persona::fuzz {

void fuzzChatTemplate(const uint8_t* data, size_t size) {
    static const nlohmann::ordered_json vars = [] {
        nlohmann::ordered_json v = nlohmann::ordered_json::object();
        v["messages"] = chatMessagesJson({{"system", "Ты — Анна."}, {"user", "Привет!"},
                                          {"assistant", "<think>\nхм\n</think>\n\nЗдравствуй"}, {"user", "Как дела?"}});
        v["add_generation_prompt"] = true;
        v["bos_token"] = "<s>";
        v["eos_token"] = "</s>";
        v["tools"] = nlohmann::ordered_json::array({{{"type", "function"}, {"function", {{"name", "f"}}}}});
        return v;
    }();
    ChatTemplateLimits limits;
    limits.maxSteps = 200'000;  // a fuzz run needs many executions a second
    try {
        const ChatTemplate tpl(std::string(reinterpret_cast<const char*>(data), size), limits);
        (void)tpl.render(vars);
    } catch (const Error&) {
    }
}

}  // namespace persona::fuzz
