#include "cli.h"

#include "persona/version.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace {

struct Result {
    int status;
    std::string out;
    std::string err;
};

Result runCli(std::vector<std::string> args) {
    args.insert(args.begin(), "persona-cli");
    std::ostringstream out, err;
    const int status = persona::cli::run(args, out, err);
    return {status, out.str(), err.str()};
}

TEST(Cli, VersionPrintsProductAndVersion) {
    const auto r = runCli({"--version"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, std::string("Persona Studio ") + persona::kVersion + "\n");
}

TEST(Cli, HelpListsSubcommands) {
    const auto r = runCli({"--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("info"), std::string::npos) << r.out;
}

TEST(Cli, UnknownSubcommandIsAUsageError) {
    const auto r = runCli({"no-such-command"});
    EXPECT_EQ(r.status, persona::cli::kExitUsage);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("no-such-command"), std::string::npos) << r.err;
}

TEST(Cli, InfoIsJsonWithRuntimeFacts) {
    const auto r = runCli({"info"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("torch_version").get<std::string>().substr(0, 2), "1.");
    EXPECT_GE(j.at("threads").get<int>(), 1);
    EXPECT_TRUE(j.contains("sentencepiece_shim")) << r.out;
}

}  // namespace
