// Running persona-cli in-process for the tests: its status, stdout and stderr.
#pragma once

#include "cli.h"

#include <sstream>
#include <string>
#include <vector>

namespace persona::test {

struct CliResult {
    int status;
    std::string out;
    std::string err;
};

inline CliResult runCli(std::vector<std::string> args) {
    args.insert(args.begin(), "persona-cli");
    std::ostringstream out, err;
    const int status = persona::cli::run(args, out, err);
    return {status, out.str(), err.str()};
}

}  // namespace persona::test
