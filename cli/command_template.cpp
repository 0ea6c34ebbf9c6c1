// persona-cli template --model DIR --messages FILE.json [--add-generation-prompt]: the prompt text
// the model folder's chat template makes of the messages, as {"text": "..."}. FILE.json holds a
// list of {"role", "content"} messages, or an object with "messages" and any other template
// variables ("tools", "enable_thinking"...). bos_token and eos_token come from the folder's
// tokenizer_config.json.
#include "cli.h"

#include "persona/chat/chat_template.h"
#include "persona/error.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace persona::cli {

namespace {

struct TemplateOptions {
    std::string modelDir;
    std::string messagesFile;
    bool addGenerationPrompt = false;
};

}  // namespace

void registerTemplate(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand(
        "template", "Render a model folder's chat template over messages; prints {\"text\":\"...\"}");
    auto opts = std::make_shared<TemplateOptions>();
    cmd->add_option("--model", opts->modelDir, "Model folder (tokenizer_config.json with chat_template, or chat_template.jinja)")
        ->required();
    cmd->add_option("--messages", opts->messagesFile, "JSON file: [{\"role\": ..., \"content\": ...}, ...]")->required();
    cmd->add_flag("--add-generation-prompt", opts->addGenerationPrompt,
                  "End with the header of the assistant's turn, as for generation");
    cmd->callback([&ctx, opts] {
        const auto tpl = readModelChatTemplate(opts->modelDir);
        if (!tpl) throw ModelLoadError("model folder " + opts->modelDir + " has no chat template");
        nlohmann::ordered_json vars = tpl->variables;
        const nlohmann::ordered_json given = readChatVariablesFile(opts->messagesFile);
        for (const auto& [k, v] : given.items()) vars[k] = v;
        vars["add_generation_prompt"] = opts->addGenerationPrompt;
        nlohmann::json out;
        try {
            out["text"] = ChatTemplate(tpl->text).render(vars);
        } catch (const ChatTemplateError& e) {
            throw ChatTemplateError(e.line(), tpl->source + ": " + e.what());
        }
        ctx.out << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    });
}

}  // namespace persona::cli
