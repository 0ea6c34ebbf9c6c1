// Persona test suites, run: every test question of a persona (persona/store/suite_repo.h) is
// answered as a fresh one-turn dialogue — the question alone, no history — with the persona's
// current revision, through the agent's own turn (Agent::draft: retrieve -> prompt -> generate)
// but stored nowhere except as the run: no chat, no message, no proposed fact. Each reply's
// reliance and its top fact's influence come from persona/agent/influence.h. Two runs (two
// revisions, two models) are compared question by question. Standard library only.
#pragma once

#include "persona/agent/agent.h"
#include "persona/store/suite_repo.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace persona {

// hit: a question is hit when EVERY one of its expected facts is among the facts the retriever
// selected for it (AgentRetrieval::selectedFactIds, the facts that went into the prompt); missed
// otherwise — an expected fact that is disabled or absent in the run's revision is never
// selected, so it is a miss. A question without expected facts has no hit (nullopt) and is left
// out of the hit rate.
bool suiteHit(const std::vector<int64_t>& expectedFactIds, const std::vector<int64_t>& selectedFactIds);

struct SuiteProgress {
    int done = 0;   // questions answered so far
    int total = 0;
    store::SuiteResult result;  // the question just answered
};

struct SuiteRunOutcome {
    store::SuiteRun run;     // stored (run.id != 0) unless cancelled
    bool cancelled = false;  // stopped before the last question: the partial run is NOT stored
};

class SuiteRunner {
public:
    // db: this thread's connection; the models are shared, read-only.
    SuiteRunner(store::Database& db, AgentModels models, PromptFormat format = {});
    ~SuiteRunner();

    // Runs the persona's suite with its current revision and stores the run. onProgress is called
    // after each question; cancel is read before each question and at every token. Throws
    // InvalidArgument when the persona has no test questions.
    SuiteRunOutcome run(int64_t personaId, const AgentSettings& settings,
                        const std::function<void(const SuiteProgress&)>& onProgress = {},
                        const std::atomic_bool* cancel = nullptr);

private:
    store::Database& m_db;
    AgentModels m_models;
    PromptFormat m_format;
    Agent m_agent;
};

// Two runs side by side, matched by question text (a question in one run only has an empty side).
struct SuiteComparisonRow {
    std::string question;
    std::optional<store::SuiteResult> before, after;
    enum class Change { Same, Regression, Improvement, Added, Removed };
    Change change = Change::Same;
    // Regression: "hit -> miss" and/or "reliance -2.31" (a drop larger than the threshold);
    // Improvement: "miss -> hit" or a reliance rise larger than the threshold.
    std::string why;
};

struct SuiteComparison {
    std::vector<SuiteComparisonRow> rows;  // in `after`'s order, then the questions only `before` has
    int regressions = 0, improvements = 0;
};

// A regression is a question that was hit and is missed in `after`, or whose reliance fell by
// more than relianceDrop nats.
SuiteComparison compareSuiteRuns(const store::SuiteRun& before, const store::SuiteRun& after,
                                 double relianceDrop = 1.0);
std::string toString(SuiteComparisonRow::Change change);  // "same", "regression", ...

}  // namespace persona
