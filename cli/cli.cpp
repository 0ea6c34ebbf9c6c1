#include "cli.h"

#include "persona/about.h"
#include "persona/engine/runtime.h"
#include "persona/error.h"
#include "persona/version.h"

#include <CLI/CLI.hpp>

#include <ostream>

namespace persona::cli {

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, std::istream* in) {
    CLI::App app{"Persona Studio command line: models, personas, chats and training, headless.",
                 "persona-cli"};
    app.set_version_flag("-V,--version", productNameAndVersion());
    app.require_subcommand(0, 1);
    int threads = 0;
    app.add_option("--threads", threads, "Intra-op threads for tensor work (default: one per core)")
        ->check(CLI::NonNegativeNumber);
    app.parse_complete_callback([&threads] { setIntraOpThreads(threads); });

    Context ctx{out, err, in};
    registerInfo(app, ctx);
    registerPersona(app, ctx);
    registerImportExport(app, ctx);
    registerModelCommands(app, ctx);
    registerAgentCommands(app, ctx);
    registerTrain(app, ctx);
    registerTokenize(app, ctx);
    registerTemplate(app, ctx);
    registerBench(app, ctx);
    registerTelegram(app, ctx);
    registerSuite(app, ctx);
    registerConvert(app, ctx);  // command_convert.cpp
    registerModels(app, ctx);   // command_models.cpp

    // CLI11 parses argv back to front; give it a copy without the program name.
    std::vector<std::string> rest(args.size() > 1 ? args.begin() + 1 : args.end(), args.end());
    std::reverse(rest.begin(), rest.end());
    try {
        app.parse(rest);
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return kExitOk;
    } catch (const CLI::CallForAllHelp&) {
        out << app.help("", CLI::AppFormatMode::All);
        return kExitOk;
    } catch (const CLI::CallForVersion&) {
        out << app.version() << "\n";
        return kExitOk;
    } catch (const CLI::ParseError& e) {
        err << "persona-cli: " << e.what() << "\n";
        return kExitUsage;
    } catch (const Error& e) {
        err << "persona-cli: " << e.what() << "\n";
        return kExitError;
    } catch (const std::exception& e) {
        // Library errors (libtorch's among them) may carry a backtrace after the first line.
        const std::string what = e.what();
        err << "persona-cli: unexpected error: " << what.substr(0, what.find('\n')) << "\n";
        return kExitError;
    }
    if (args.size() <= 1) out << app.help();
    return kExitOk;
}

}  // namespace persona::cli
