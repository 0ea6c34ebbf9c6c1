// persona-cli: every subcommand prints one JSON document on stdout; errors go to stderr with a
// non-zero exit status.
#pragma once

#include <iosfwd>
#include <istream>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace persona::cli {

// Exit statuses.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;   // the command failed (bad file, bad model...)
inline constexpr int kExitUsage = 2;   // bad command line

// Runs persona-cli with the given arguments (args[0] is the program name).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, std::istream* in = nullptr);

// Each area registers its subcommands; the callback it sets writes JSON to out.
struct Context {
    std::ostream& out;
    std::ostream& err;
    std::istream* in = nullptr;  // interactive input (persona-cli chat); null = std::cin
};
void registerInfo(CLI::App& app, Context& ctx);
void registerPersona(CLI::App& app, Context& ctx);        // persona list|show|add|add-fact|remove|diff
void registerImportExport(CLI::App& app, Context& ctx);   // import, export
void registerModelCommands(CLI::App& app, Context& ctx);  // forward, generate
void registerAgentCommands(CLI::App& app, Context& ctx);  // retrieve, chat, eval retrieval
void registerTrain(CLI::App& app, Context& ctx);           // train tokenizer|generator|retriever|fusion
void registerEvalGenerator(CLI::App* eval, Context& ctx);  // eval generator (under eval)
void registerTokenize(CLI::App& app, Context& ctx);        // tokenize
void registerTemplate(CLI::App& app, Context& ctx);        // template (chat templates)
void registerBench(CLI::App& app, Context& ctx);           // bench decode, bench retrieval
void registerBenchKernels(CLI::App* bench, Context& ctx);  // bench kernels (under bench)
void registerConvert(CLI::App& app, Context& ctx);         // convert (to GGUF)
void registerModels(CLI::App& app, Context& ctx);          // models list
void registerTelegram(CLI::App& app, Context& ctx);        // telegram (the bot)
void registerSuite(CLI::App& app, Context& ctx);           // suite add|list|run|compare, selfplay

}  // namespace persona::cli
