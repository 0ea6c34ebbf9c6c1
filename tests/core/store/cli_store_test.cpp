// persona-cli persona / import / export, driven in-process: one JSON document on stdout, errors
// on stderr with a non-zero exit status, --db on every command.
#include "temp_dir.h"

#include "cli.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using persona::test::TempDir;

namespace {

struct Result {
    int status;
    std::string out;
    std::string err;
    nlohmann::json json() const { return nlohmann::json::parse(out); }
};

Result runCli(std::vector<std::string> args) {
    args.insert(args.begin(), "persona-cli");
    std::ostringstream out, err;
    const int status = persona::cli::run(args, out, err);
    return {status, out.str(), err.str()};
}

}  // namespace

TEST(CliStore, PersonaCommands) {
    TempDir dir;
    const std::string db = dir.file("cli.db");
    auto r =
        runCli({"persona", "add", "Анна", "--gender", "female", "--tag", "студент", "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.json()["name"], "Анна");
    EXPECT_EQ(r.json()["revision"], 1);

    r = runCli({"persona", "add-fact", "Анна", "Я живу в Москве", "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.json()["facts"][0]["text"], "Я живу в Москве");
    EXPECT_EQ(r.json()["revision"], 2);
    runCli({"persona", "add-fact", "Анна", "Я люблю чай", "--origin", "approved", "--db", db});

    r = runCli({"persona", "list", "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_EQ(r.json().size(), 1u);
    EXPECT_EQ(r.json()[0]["facts"], 2);
    EXPECT_EQ(r.json()[0]["tags"][0], "студент");

    r = runCli({"persona", "show", "Анна", "--db", db});
    EXPECT_EQ(r.json()["facts"][1]["origin"], "approved");

    r = runCli({"persona", "diff", "Анна", "1", "3", "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.json()["changes"].size(), 2u);
    EXPECT_EQ(r.json()["changes"][0]["kind"], "added");

    r = runCli({"persona", "show", "Нет такой", "--db", db});
    EXPECT_EQ(r.status, persona::cli::kExitError);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("no persona named \"Нет такой\""), std::string::npos) << r.err;

    r = runCli({"persona", "add", "Анна", "--db", db});
    EXPECT_EQ(r.status, persona::cli::kExitError);
    EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;

    r = runCli({"persona", "remove", "Анна", "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(runCli({"persona", "list", "--db", db}).json().size(), 0u);
}

TEST(CliStore, ImportPrintsCountsAndTimeAndExportRoundTrips) {
    TempDir dir;
    const std::string db = dir.file("cli.db");
    auto r = runCli({"import", persona::test::fixture("itmo_persona_dialogs.jsonl"), "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.json()["chats"], 63);
    EXPECT_EQ(r.json()["messages"], 1396);
    EXPECT_EQ(r.json()["labels"], 302);
    EXPECT_TRUE(r.json()["elapsed_ms"].is_number());

    const std::string out = dir.file("out.jsonl");
    r = runCli({"export", out, "--format", "jsonl", "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.json()["chats"], 63);
    EXPECT_EQ(r.json()["labels"], 302);

    r = runCli({"import", out, "--db", dir.file("again.db")});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.json()["messages"], 1396);

    const std::string card = dir.file("card.png");
    r = runCli({"export", card, "--format", "card", "--persona", "0001", "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    r = runCli({"import", card, "--db", dir.file("cards.db")});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.json()["format"], "card");
    EXPECT_EQ(r.json()["personas"], 1);
}

TEST(CliStore, ExportMarkdownShowsTheFactsUsedPerTurn) {
    TempDir dir;
    const std::string db = dir.file("cli.db");
    ASSERT_EQ(runCli({"import", persona::test::fixture("itmo_persona_dialogs.jsonl"), "--db", db}).status, 0);
    const std::string md = dir.file("out.md");
    auto r = runCli({"export", md, "--format", "markdown", "--labelled-only", "--db", db});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.json()["format"], "markdown");
    EXPECT_EQ(r.json()["labels"], 302);  // as the JSONL export counts them
    const std::string text = persona::test::readFile(md);
    // Markdown-escaped: the underscores of the file name in the title.
    EXPECT_NE(text.find("(itmo\\_persona\\_dialogs.jsonl)\n\nPersona: **"), std::string::npos) << text.substr(0, 300);
    // Imported turns carry the annotators' gk labels: those are the facts the reply used.
    const size_t used = text.find("> Facts used: Я ");
    EXPECT_NE(used, std::string::npos) << text.substr(0, 2000);

    r = runCli({"export", md, "--format", "markdown", "--persona", "Нет такой", "--db", db});
    EXPECT_EQ(r.status, persona::cli::kExitError);
    EXPECT_NE(r.err.find("no persona named \"Нет такой\""), std::string::npos) << r.err;
}

TEST(CliStore, ABadFileIsAnErrorNamingTheLine) {
    TempDir dir;
    const std::string bad = dir.file("bad.jsonl");
    persona::test::writeFile(bad, "{\"persons\": 3}\n");
    const auto r = runCli({"import", bad, "--db", dir.file("x.db")});
    EXPECT_EQ(r.status, persona::cli::kExitError);
    EXPECT_NE(r.err.find("bad.jsonl:1: persons: expected an array, found an integer"),
              std::string::npos)
        << r.err;
}

TEST(CliStore, ADatabaseThatIsNotSqliteIsAnError) {
    TempDir dir;
    const std::string notDb = dir.file("notes.txt");
    persona::test::writeFile(notDb, std::string(200, 'x'));
    const auto r = runCli({"persona", "list", "--db", notDb});
    EXPECT_EQ(r.status, persona::cli::kExitError);
    EXPECT_NE(r.err.find("not a SQLite database"), std::string::npos) << r.err;
    EXPECT_EQ(persona::test::readFile(notDb), std::string(200, 'x'));
}
