// persona-cli tokenize --model DIR --text TEXT: the ids and vocabulary strings of the text as the
// model sees it, as {"ids":[...],"tokens":[...]}.
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
};
}  // namespace

void registerTokenize(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand(
        "tokenize",
        "Tokenize text with a model folder's tokenizer; prints {\"ids\":[...],\"tokens\":[...]}");
    auto opts = std::make_shared<TokenizeOptions>();
    cmd->add_option("--model", opts->modelDir, "Model folder (vocab.json + merges.txt, vocab.txt or *.model)")
        ->required();
    cmd->add_option("--text", opts->text, "Text, tokenized as is (special tokens are recognized)")
        ->required();
    cmd->callback([&ctx, opts] {
        const auto tokenizer = loadTokenizer(opts->modelDir);
        // encodeForModel: BOS only where tokenizer_config.json says add_bos_token (GPT-2 family,
        // SentencePiece); [CLS] ... [SEP] for WordPiece, as HuggingFace's tokenizer(text) does.
        const std::vector<int> ids = tokenizer->encodeForModel(opts->text);
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
