// persona-cli tokenize --model DIR --text TEXT [--add-special]: the ids and vocabulary strings of
// the text, as {"ids":[...],"tokens":[...]}. Without --add-special the ids equal HuggingFace's
// encode(TEXT, add_special_tokens=False) (special tokens written in the text are still
// recognized); --add-special adds what the model is fed around it (BOS, [CLS] ... [SEP]).
#include "cli.h"

#include "persona/text/tokenizer.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace persona::cli {

namespace {
struct TokenizeOptions {
    std::string modelDir;
    std::string text;
    bool addSpecial = false;
};
}  // namespace

void registerTokenize(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand(
        "tokenize",
        "Tokenize text with a model folder's tokenizer; prints {\"ids\":[...],\"tokens\":[...]}");
    auto opts = std::make_shared<TokenizeOptions>();
    cmd->add_option("--model", opts->modelDir, "Model folder (tokenizer.json, vocab.json + merges.txt, vocab.txt or *.model)")
        ->required();
    cmd->add_option("--text", opts->text, "Text, tokenized as is (special tokens are recognized)")
        ->required();
    cmd->add_flag("--add-special", opts->addSpecial,
                  "Add the special tokens the model is fed (BOS where the tokenizer's config or "
                  "template says so; [CLS] ... [SEP] for WordPiece)");
    cmd->callback([&ctx, opts] {
        const auto tokenizer = loadTokenizer(opts->modelDir);
        // encodeForModel: as HuggingFace's tokenizer(text) (add_special_tokens=True).
        const std::vector<int> ids =
            opts->addSpecial ? tokenizer->encodeForModel(opts->text) : tokenizer->encode(opts->text);
        nlohmann::json tokens = nlohmann::json::array();
        for (int id : ids) tokens.push_back(tokenizer->tokenString(id));
        nlohmann::json j;
        j["ids"] = ids;
        j["tokens"] = std::move(tokens);
        // Vocabulary strings may hold bytes that are not UTF-8 on their own: replace, never throw.
        ctx.out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    });
}

}  // namespace persona::cli
