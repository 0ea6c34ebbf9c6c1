#include "persona/agent/suite_runner.h"

#include "persona/agent/influence.h"
#include "persona/error.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"

#include <algorithm>

namespace persona {

bool suiteHit(const std::vector<int64_t>& expectedFactIds, const std::vector<int64_t>& selectedFactIds) {
    return std::all_of(expectedFactIds.begin(), expectedFactIds.end(), [&](int64_t id) {
        return std::find(selectedFactIds.begin(), selectedFactIds.end(), id) != selectedFactIds.end();
    });
}

SuiteRunner::SuiteRunner(store::Database& db, AgentModels models, PromptFormat format)
    : m_db(db), m_models(models), m_format(format), m_agent(db, std::move(models), std::move(format)) {}

SuiteRunner::~SuiteRunner() = default;

namespace {

std::string textIn(const store::PersonaRevision& revision, int64_t factId, const std::string& otherwise) {
    for (const auto& f : revision.facts)
        if (f.id == factId) return f.text;
    return otherwise;
}

// One question's row from the agent's turn (and its influence, when the reply has tokens).
store::SuiteResult resultOf(const store::SuiteQuestion& q, const store::PersonaRevision& revision,
                            const AgentTurnResult& turn, const std::optional<InfluenceResult>& influence) {
    store::SuiteResult r;
    r.questionId = q.id;
    r.question = q.text;
    r.reply = turn.reply;
    for (int64_t id : turn.retrieval.selectedFactIds) r.retrieved.push_back({id, textIn(revision, id, {})});
    std::vector<int64_t> expected;
    for (const auto& e : q.expected) {
        r.expected.push_back({e.factId, textIn(revision, e.factId, e.text)});
        expected.push_back(e.factId);
    }
    if (!expected.empty()) r.hit = suiteHit(expected, turn.retrieval.selectedFactIds);
    if (influence) {
        r.reliance = influence->reliance;
        const auto top = std::max_element(influence->facts.begin(), influence->facts.end(),
                                          [](const auto& a, const auto& b) { return a.influence < b.influence; });
        if (top != influence->facts.end()) {
            r.topFact = store::SuiteFact{top->factId, top->text};
            r.topFactInfluence = top->influence;
        }
    }
    return r;
}

}  // namespace

SuiteRunOutcome SuiteRunner::run(int64_t personaId, const AgentSettings& settings,
                                 const std::function<void(const SuiteProgress&)>& onProgress,
                                 const std::atomic_bool* cancel) {
    store::PersonaRepo personas(m_db);
    const auto persona = personas.get(personaId);
    const auto questions = store::SuiteRepo(m_db).questions(personaId);
    if (questions.empty())
        throw InvalidArgument("persona \"" + persona.name + "\" has no test questions (add one with persona-cli suite add)");
    // One revision for the whole run, even if the facts are edited meanwhile.
    const auto revision = personas.currentRevision(personaId);

    SuiteRunOutcome out;
    out.run.personaId = personaId;
    out.run.revisionId = revision.id;
    out.run.revisionNumber = revision.number;
    out.run.generator = m_models.generatorName;
    out.run.retriever = m_models.retriever ? m_models.retrieverName : "bm25";
    out.run.settingsJson = toJson(settings, m_models);
    for (size_t i = 0; i < questions.size(); ++i) {
        if (cancel && cancel->load()) break;
        const std::vector<DialogueTurn> dialogue{{false, questions[i].text}};
        const auto turn = m_agent.draft(revision, dialogue, settings, {}, cancel);
        if (turn.generation.stopReason == StopReason::Cancelled) break;
        std::optional<InfluenceResult> influence;
        if (!turn.generation.tokens.empty())
            influence = computeInfluence(m_models, turn, dialogue, settings, m_format);
        out.run.results.push_back(resultOf(questions[i], revision, turn, influence));
        if (onProgress) onProgress({static_cast<int>(i + 1), static_cast<int>(questions.size()), out.run.results.back()});
    }
    out.cancelled = out.run.results.size() < questions.size();
    if (out.cancelled) {
        out.run.questionCount = static_cast<int>(out.run.results.size());
        for (const auto& r : out.run.results)
            if (r.hit) ++out.run.scored, out.run.hits += *r.hit ? 1 : 0;
        return out;
    }
    out.run = store::SuiteRepo(m_db).addRun(std::move(out.run));
    return out;
}

}  // namespace persona
