// persona-cli suite add|list|run|compare and selfplay: persona test suites and two personas
// talking to each other (issue 12). See persona/agent/suite_runner.h and self_play.h.
#include "cli.h"
#include "json_output.h"
#include "model_args.h"
#include "store_options.h"

#include "persona/agent/self_play.h"
#include "persona/agent/suite_runner.h"
#include "persona/error.h"
#include "persona/retrieve/retrieval.h"
#include "persona/store/persona_repo.h"
#include "persona/store/suite_repo.h"

#include <CLI/CLI.hpp>

namespace persona::cli {
namespace {

// The agent options of the suite run and self-play: the shared table (model_args.h).
using TurnOptions = AgentOptions;

nlohmann::json texts(const std::vector<store::SuiteFact>& facts) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& f : facts) j.push_back(f.text);
    return j;
}

nlohmann::json optionalJson(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }
nlohmann::json optionalJson(const std::optional<bool>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

// The fact of the persona's current revision with exactly this text.
int64_t factByText(const store::PersonaRevision& revision, const std::string& persona, const std::string& text) {
    for (const auto& f : revision.facts)
        if (f.text == text) return f.id;
    throw InvalidArgument("persona \"" + persona + "\" has no fact \"" + text + "\" in its current revision (" +
                          std::to_string(revision.number) + "); --expect takes a fact's exact text (persona-cli "
                          "persona show \"" + persona + "\" lists them)");
}

void registerAdd(CLI::App& suite, Context& ctx) {
    auto* cmd = suite.add_subcommand("add", "Add a test question to a persona's suite, with the facts it should retrieve");
    struct State {
        std::string db, persona, question;
        std::vector<std::string> expect;
    };
    auto st = std::make_shared<State>();
    addDbOption(*cmd, st->db);
    cmd->add_option("--persona", st->persona, "Persona name")->required();
    cmd->add_option("--question", st->question, "The question")->required();
    cmd->add_option("--expect", st->expect, "A fact's exact text in the current revision (repeatable)");
    cmd->callback([&ctx, st] {
        auto db = openStore(st->db);
        store::PersonaRepo personas(db);
        const auto persona = personas.getByName(st->persona);
        const auto revision = personas.currentRevision(persona.id);
        std::vector<store::Id> ids;
        for (const auto& text : st->expect) ids.push_back(factByText(revision, persona.name, text));
        const auto q = store::SuiteRepo(db).addQuestion(persona.id, st->question, ids);
        printJson(ctx.out, {{"persona", persona.name}, {"id", q.id}, {"position", q.position}, {"question", q.text},
                            {"expected", texts(q.expected)}});
    });
}

void registerList(CLI::App& suite, Context& ctx) {
    auto* cmd = suite.add_subcommand("list", "A persona's test questions and stored runs");
    struct State {
        std::string db, persona;
    };
    auto st = std::make_shared<State>();
    addDbOption(*cmd, st->db);
    cmd->add_option("--persona", st->persona, "Persona name")->required();
    cmd->callback([&ctx, st] {
        auto db = openStore(st->db);
        const auto persona = store::PersonaRepo(db).getByName(st->persona);
        store::SuiteRepo suites(db);
        nlohmann::json questions = nlohmann::json::array(), runs = nlohmann::json::array();
        for (const auto& q : suites.questions(persona.id))
            questions.push_back({{"id", q.id}, {"question", q.text}, {"expected", texts(q.expected)}});
        for (const auto& r : suites.runs(persona.id))
            runs.push_back({{"id", r.id}, {"revision", r.revisionNumber}, {"generator", r.generator},
                            {"retriever", r.retriever}, {"created_at_ms", r.createdAtMs},
                            {"questions", r.questionCount}, {"hit_rate", optionalJson(r.hitRate())}});
        printJson(ctx.out, {{"persona", persona.name}, {"questions", questions}, {"runs", runs}});
    });
}

void registerRun(CLI::App& suite, Context& ctx) {
    auto* cmd = suite.add_subcommand("run", "Answer every test question with the current revision; store and print the run");
    struct State {
        std::string db, persona;
        ModelArgs models;
        TurnOptions turn;
    };
    auto st = std::make_shared<State>();
    addDbOption(*cmd, st->db);
    cmd->add_option("--persona", st->persona, "Persona name")->required();
    st->turn.add(cmd);
    st->models.addRetriever(cmd);
    st->models.addGenerator(cmd);
    cmd->callback([&ctx, st] {
        auto db = openStore(st->db);
        const auto persona = store::PersonaRepo(db).getByName(st->persona);
        SuiteRunner runner(db, st->models.load());
        const auto run = runner.run(persona.id, st->turn.resolved()).run;
        nlohmann::json questions = nlohmann::json::array();
        for (const auto& r : run.results)
            questions.push_back({{"question", r.question}, {"retrieved", texts(r.retrieved)},
                                 {"expected", texts(r.expected)}, {"hit", optionalJson(r.hit)}, {"reply", r.reply},
                                 {"reliance", optionalJson(r.reliance)}});
        printJson(ctx.out, {{"persona", persona.name}, {"revision", run.revisionNumber}, {"questions", questions},
                            {"hit_rate", optionalJson(run.hitRate())}});
    });
}

nlohmann::json side(const std::optional<store::SuiteResult>& r) {
    if (!r) return nullptr;
    return {{"hit", optionalJson(r->hit)}, {"reliance", optionalJson(r->reliance)}, {"retrieved", texts(r->retrieved)},
            {"reply", r->reply}};
}

void registerCompare(CLI::App& suite, Context& ctx) {
    auto* cmd = suite.add_subcommand("compare", "Two stored runs side by side, regressions marked");
    struct State {
        std::string db;
        int64_t before = 0, after = 0;
        double relianceDrop = 1.0;
    };
    auto st = std::make_shared<State>();
    addDbOption(*cmd, st->db);
    cmd->add_option("RUN_A", st->before, "The earlier run's id (persona-cli suite list)")->required();
    cmd->add_option("RUN_B", st->after, "The later run's id")->required();
    cmd->add_option("--reliance-drop", st->relianceDrop, "A reliance drop larger than this (nats) is a regression")
        ->capture_default_str();
    cmd->callback([&ctx, st] {
        auto db = openStore(st->db);
        store::SuiteRepo suites(db);
        const auto a = suites.run(st->before);
        const auto b = suites.run(st->after);
        const auto cmp = compareSuiteRuns(a, b, st->relianceDrop);
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : cmp.rows)
            rows.push_back({{"question", row.question}, {"change", toString(row.change)}, {"why", row.why},
                            {"before", side(row.before)}, {"after", side(row.after)}});
        printJson(ctx.out, {{"before", {{"run", a.id}, {"revision", a.revisionNumber}, {"hit_rate", optionalJson(a.hitRate())}}},
                            {"after", {{"run", b.id}, {"revision", b.revisionNumber}, {"hit_rate", optionalJson(b.hitRate())}}},
                            {"regressions", cmp.regressions}, {"improvements", cmp.improvements}, {"rows", rows}});
    });
}

nlohmann::json usageJson(const std::vector<SelfPlayFactCount>& usage) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& u : usage) j.push_back({{"fact", u.text}, {"count", u.count}});
    return j;
}

void registerSelfPlay(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("selfplay", "Two personas talk to each other; stored as a chat of the first");
    struct State {
        std::string db, persona, partner;
        ModelArgs models;
        TurnOptions turn;
        SelfPlayOptions options;
    };
    auto st = std::make_shared<State>();
    addDbOption(*cmd, st->db);
    cmd->add_option("--persona", st->persona, "Persona A (the chat is hers)")->required();
    cmd->add_option("--partner", st->partner, "Persona B (speaks first)")->required();
    cmd->add_option("--turns", st->options.turns, "Exchanges: B speaks, A answers")->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--opening", st->options.opening, "B's first line (default: B's model writes it)");
    st->turn.add(cmd);
    st->models.addRetriever(cmd);
    st->models.addGenerator(cmd);
    cmd->callback([&ctx, st] {
        auto db = openStore(st->db);
        store::PersonaRepo personas(db);
        const auto a = personas.getByName(st->persona);
        const auto b = personas.getByName(st->partner);
        st->options.settings = st->turn.resolved();
        const auto r = selfPlay(db, st->models.load(), a.id, b.id, st->options);
        nlohmann::json lines = nlohmann::json::array();
        for (const auto& line : r.lines) lines.push_back({{"speaker", line.fromA ? a.name : b.name}, {"text", line.text}});
        printJson(ctx.out, {{"chat", r.chatId}, {"persona", a.name}, {"partner", b.name}, {"lines", lines},
                            {"usage", {{"persona", usageJson(r.usageA)}, {"partner", usageJson(r.usageB)}}}});
    });
}

}  // namespace

void registerSuite(CLI::App& app, Context& ctx) {
    auto* suite = app.add_subcommand("suite", "Persona test suites: questions with expected facts, runs, comparisons");
    suite->require_subcommand(1);
    registerAdd(*suite, ctx);
    registerList(*suite, ctx);
    registerRun(*suite, ctx);
    registerCompare(*suite, ctx);
    registerSelfPlay(app, ctx);
}

}  // namespace persona::cli
