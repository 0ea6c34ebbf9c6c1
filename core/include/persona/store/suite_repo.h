// Persona test suites: a persona's test questions, each with the facts it should retrieve, and the
// stored runs of the suite (persona/agent/suite_runner.h makes them). Standard library only.
#pragma once

#include "persona/store/store_types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace persona::store {

class Database;

// A fact named by a suite: its id and its text (in a question: the latest text the fact has in any
// revision, so a fact deleted since still has a name; in a run: the text in the run's revision).
struct SuiteFact {
    Id factId = 0;
    std::string text;
};

struct SuiteQuestion {
    Id id = 0;
    Id personaId = 0;
    int position = 0;  // 0-based, the suite's order
    std::string text;
    std::vector<SuiteFact> expected;  // the facts the question should retrieve (may be empty)
    std::int64_t createdAtMs = 0;
};

// One question's outcome in a run.
struct SuiteResult {
    std::optional<Id> questionId;  // absent once the question is removed from the suite
    std::string question;
    std::vector<SuiteFact> retrieved;  // the facts the retriever selected, best first
    std::vector<SuiteFact> expected;
    // True when every expected fact was retrieved; absent for a question without expected facts.
    std::optional<bool> hit;
    std::string reply;
    std::optional<double> reliance;  // logprob(reply | facts) - logprob(reply | no facts), nats
    std::optional<SuiteFact> topFact;        // the retrieved fact with the largest influence
    std::optional<double> topFactInfluence;  // its influence, nats
};

struct SuiteRun {
    Id id = 0;
    Id personaId = 0;
    Id revisionId = 0;
    int revisionNumber = 0;  // filled when read back
    std::string generator;   // model names, as AgentModels names them
    std::string retriever;
    std::string settingsJson;  // the agent settings of the run (JSON object), may be empty
    std::int64_t createdAtMs = 0;
    std::vector<SuiteResult> results;  // in the suite's order; empty in runs() listings
    int questionCount = 0;             // results.size(), also in listings
    int hits = 0, scored = 0;          // questions hit / questions with expected facts

    // hits / scored; absent when no question has expected facts.
    std::optional<double> hitRate() const;
};

class SuiteRepo {
public:
    explicit SuiteRepo(Database& db);

    // Appends a question. Expected fact ids must be facts of the persona (InvalidArgument names
    // the first that is not); the text must be non-empty, valid UTF-8, at most kMaxTextBytes.
    SuiteQuestion addQuestion(Id personaId, const std::string& text, const std::vector<Id>& expectedFactIds = {});
    // Replaces a question's text and expected facts (same checks).
    SuiteQuestion updateQuestion(Id questionId, const std::string& text, const std::vector<Id>& expectedFactIds);
    void removeQuestion(Id questionId);
    SuiteQuestion question(Id questionId);        // throws StoreError when absent
    std::vector<SuiteQuestion> questions(Id personaId);  // in order

    // Stores a finished run with its results in one transaction; returns it with its id and time.
    SuiteRun addRun(SuiteRun run);
    SuiteRun run(Id runId);                  // with results; throws StoreError when absent
    std::vector<SuiteRun> runs(Id personaId);  // newest first, without results (counts filled)
    void removeRun(Id runId);

private:
    Database& m_db;
};

}  // namespace persona::store
