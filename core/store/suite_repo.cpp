#include "persona/store/suite_repo.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "store/statement.h"
#include "store/text_check.h"

#include <nlohmann/json.hpp>

namespace persona::store {

namespace {

nlohmann::json toJson(const std::vector<SuiteFact>& facts) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& f : facts) j.push_back({{"fact_id", f.factId}, {"text", f.text}});
    return j;
}

std::vector<SuiteFact> factsFromJson(const nlohmann::json& j) {
    std::vector<SuiteFact> out;
    for (const auto& f : j) out.push_back({f.at("fact_id").get<Id>(), f.at("text").get<std::string>()});
    return out;
}

std::string resultJson(const SuiteResult& r) {
    nlohmann::json j{{"retrieved", toJson(r.retrieved)}, {"expected", toJson(r.expected)}, {"reply", r.reply}};
    if (r.topFact) j["top_fact"] = {{"fact_id", r.topFact->factId}, {"text", r.topFact->text}};
    if (r.topFactInfluence) j["top_fact_influence"] = *r.topFactInfluence;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void readResultJson(const std::string& text, Id runId, SuiteResult& r) {
    try {
        const auto j = nlohmann::json::parse(text);
        r.retrieved = factsFromJson(j.at("retrieved"));
        r.expected = factsFromJson(j.at("expected"));
        r.reply = j.at("reply").get<std::string>();
        if (j.contains("top_fact"))
            r.topFact = SuiteFact{j["top_fact"].at("fact_id").get<Id>(), j["top_fact"].at("text").get<std::string>()};
        if (j.contains("top_fact_influence")) r.topFactInfluence = j["top_fact_influence"].get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw StoreError("a result of test run " + std::to_string(runId) + " is not readable: " + e.what());
    }
}

}  // namespace

std::optional<double> SuiteRun::hitRate() const {
    if (scored == 0) return std::nullopt;
    return static_cast<double>(hits) / scored;
}

SuiteRepo::SuiteRepo(Database& db) : m_db(db) {}

namespace {

void checkQuestion(sqlite3* db, Id personaId, const std::string& text, const std::vector<Id>& factIds) {
    checkText(text, "test question", kMaxTextBytes, false);
    Statement st(db, "SELECT 1 FROM facts WHERE id = ? AND persona_id = ?");
    for (const Id id : factIds) {
        st.bind(1, id).bind(2, personaId);
        const bool found = st.step();
        st.reset();
        if (!found)
            throw InvalidArgument("fact " + std::to_string(id) + " is not a fact of persona " + std::to_string(personaId) +
                                  ": a test question can only expect the persona's own facts");
    }
}

void writeExpected(sqlite3* db, Id questionId, const std::vector<Id>& factIds) {
    Statement del(db, "DELETE FROM suite_expected_facts WHERE question_id = ?");
    del.bind(1, questionId).run();
    Statement ins(db, "INSERT OR IGNORE INTO suite_expected_facts(question_id, position, fact_id) VALUES (?, ?, ?)");
    for (size_t i = 0; i < factIds.size(); ++i)
        ins.bind(1, questionId).bind(2, static_cast<int>(i)).bind(3, factIds[i]).run();
}

}  // namespace

SuiteQuestion SuiteRepo::addQuestion(Id personaId, const std::string& text, const std::vector<Id>& expectedFactIds) {
    Id id = 0;
    m_db.transaction([&] {
        Statement persona(m_db.handle(), "SELECT 1 FROM personas WHERE id = ?");
        persona.bind(1, personaId);
        if (!persona.step()) throw StoreError("there is no persona " + std::to_string(personaId));
        checkQuestion(m_db.handle(), personaId, text, expectedFactIds);
        Statement ins(m_db.handle(),
                      "INSERT INTO suite_questions(persona_id, position, text, created_at) VALUES "
                      "(?, (SELECT COALESCE(MAX(position) + 1, 0) FROM suite_questions WHERE persona_id = ?), ?, ?)");
        ins.bind(1, personaId).bind(2, personaId).bind(3, text).bind(4, nowMs()).run();
        id = sqlite3_last_insert_rowid(m_db.handle());
        writeExpected(m_db.handle(), id, expectedFactIds);
    });
    return question(id);
}

SuiteQuestion SuiteRepo::updateQuestion(Id questionId, const std::string& text, const std::vector<Id>& expectedFactIds) {
    m_db.transaction([&] {
        const SuiteQuestion q = question(questionId);
        checkQuestion(m_db.handle(), q.personaId, text, expectedFactIds);
        Statement up(m_db.handle(), "UPDATE suite_questions SET text = ? WHERE id = ?");
        up.bind(1, text).bind(2, questionId).run();
        writeExpected(m_db.handle(), questionId, expectedFactIds);
    });
    return question(questionId);
}

void SuiteRepo::removeQuestion(Id questionId) {
    m_db.transaction([&] {
        const SuiteQuestion q = question(questionId);
        Statement del(m_db.handle(), "DELETE FROM suite_questions WHERE id = ?");
        del.bind(1, questionId).run();
        // Keep positions 0..n-1 after the removed one.
        Statement shift(m_db.handle(), "UPDATE suite_questions SET position = position - 1 WHERE persona_id = ? AND position > ?");
        shift.bind(1, q.personaId).bind(2, q.position).run();
    });
}

SuiteQuestion SuiteRepo::question(Id questionId) {
    Statement st(m_db.handle(), "SELECT persona_id FROM suite_questions WHERE id = ?");
    st.bind(1, questionId);
    if (!st.step()) throw StoreError("there is no test question " + std::to_string(questionId));
    for (auto& q : questions(st.getInt(0)))
        if (q.id == questionId) return q;
    throw StoreError("there is no test question " + std::to_string(questionId));
}

std::vector<SuiteQuestion> SuiteRepo::questions(Id personaId) {
    std::vector<SuiteQuestion> out;
    m_db.readTransaction([&] {
        Statement st(m_db.handle(),
                     "SELECT id, position, text, created_at FROM suite_questions WHERE persona_id = ? ORDER BY position, id");
        st.bind(1, personaId);
        while (st.step()) {
            SuiteQuestion q;
            q.id = st.getInt(0);
            q.personaId = personaId;
            q.position = static_cast<int>(st.getInt(1));
            q.text = st.getText(2);
            q.createdAtMs = st.getInt(3);
            out.push_back(std::move(q));
        }
        // Each expected fact with the text of the newest revision that holds it.
        Statement facts(m_db.handle(),
                        "SELECT e.fact_id, (SELECT rf.text FROM revision_facts rf WHERE rf.fact_id = e.fact_id "
                        "ORDER BY rf.revision_id DESC LIMIT 1) FROM suite_expected_facts e WHERE e.question_id = ? "
                        "ORDER BY e.position");
        for (auto& q : out) {
            facts.bind(1, q.id);
            while (facts.step()) q.expected.push_back({facts.getInt(0), facts.isNull(1) ? std::string() : facts.getText(1)});
            facts.reset();
        }
    });
    return out;
}

SuiteRun SuiteRepo::addRun(SuiteRun run) {
    checkText(run.generator, "generator name", kMaxTextBytes, true);
    checkText(run.retriever, "retriever name", kMaxTextBytes, true);
    if (!run.settingsJson.empty() && !nlohmann::json::accept(run.settingsJson))
        throw InvalidArgument("the settings of a test run must be a JSON object");
    m_db.transaction([&] {
        Statement rev(m_db.handle(), "SELECT number FROM persona_revisions WHERE id = ? AND persona_id = ?");
        rev.bind(1, run.revisionId).bind(2, run.personaId);
        if (!rev.step())
            throw InvalidArgument("revision " + std::to_string(run.revisionId) + " is not a revision of persona " +
                                  std::to_string(run.personaId));
        run.revisionNumber = static_cast<int>(rev.getInt(0));
        run.createdAtMs = nowMs();
        Statement ins(m_db.handle(),
                      "INSERT INTO suite_runs(persona_id, revision_id, generator, retriever, settings_json, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?)");
        ins.bind(1, run.personaId).bind(2, run.revisionId).bind(3, run.generator).bind(4, run.retriever);
        ins.bind(5, run.settingsJson).bind(6, run.createdAtMs).run();
        run.id = sqlite3_last_insert_rowid(m_db.handle());
        Statement res(m_db.handle(),
                      "INSERT INTO suite_results(run_id, position, question_id, question, hit, reliance, result_json) "
                      "VALUES (?, ?, (SELECT id FROM suite_questions WHERE id = ?), ?, ?, ?, ?)");
        for (size_t i = 0; i < run.results.size(); ++i) {
            const auto& r = run.results[i];
            checkText(r.question, "test question", kMaxTextBytes, false);
            std::optional<int> hit;
            if (r.hit) hit = *r.hit ? 1 : 0;
            res.bind(1, run.id).bind(2, static_cast<int>(i)).bind(3, r.questionId.value_or(0)).bind(4, r.question);
            res.bind(5, hit).bind(6, r.reliance).bind(7, resultJson(r)).run();
        }
    });
    run.questionCount = static_cast<int>(run.results.size());
    run.hits = run.scored = 0;
    for (const auto& r : run.results)
        if (r.hit) {
            ++run.scored;
            run.hits += *r.hit ? 1 : 0;
        }
    return run;
}

namespace {

constexpr const char* kRunColumns =
    "SELECT r.id, r.persona_id, r.revision_id, v.number, r.generator, r.retriever, r.settings_json, r.created_at, "
    "(SELECT COUNT(*) FROM suite_results s WHERE s.run_id = r.id), "
    "(SELECT COUNT(*) FROM suite_results s WHERE s.run_id = r.id AND s.hit = 1), "
    "(SELECT COUNT(*) FROM suite_results s WHERE s.run_id = r.id AND s.hit IS NOT NULL) "
    "FROM suite_runs r JOIN persona_revisions v ON v.id = r.revision_id ";

SuiteRun readRun(const Statement& st) {
    SuiteRun run;
    run.id = st.getInt(0);
    run.personaId = st.getInt(1);
    run.revisionId = st.getInt(2);
    run.revisionNumber = static_cast<int>(st.getInt(3));
    run.generator = st.getText(4);
    run.retriever = st.getText(5);
    run.settingsJson = st.getText(6);
    run.createdAtMs = st.getInt(7);
    run.questionCount = static_cast<int>(st.getInt(8));
    run.hits = static_cast<int>(st.getInt(9));
    run.scored = static_cast<int>(st.getInt(10));
    return run;
}

}  // namespace

SuiteRun SuiteRepo::run(Id runId) {
    SuiteRun run;
    m_db.readTransaction([&] {
        Statement st(m_db.handle(), std::string(kRunColumns) + "WHERE r.id = ?");
        st.bind(1, runId);
        if (!st.step()) throw StoreError("there is no test run " + std::to_string(runId));
        run = readRun(st);
        Statement res(m_db.handle(),
                      "SELECT question_id, question, hit, reliance, result_json FROM suite_results WHERE run_id = ? "
                      "ORDER BY position");
        res.bind(1, runId);
        while (res.step()) {
            SuiteResult r;
            r.questionId = res.getOptInt(0);
            r.question = res.getText(1);
            if (!res.isNull(2)) r.hit = res.getInt(2) != 0;
            r.reliance = res.getOptDouble(3);
            readResultJson(res.getText(4), runId, r);
            run.results.push_back(std::move(r));
        }
    });
    return run;
}

std::vector<SuiteRun> SuiteRepo::runs(Id personaId) {
    Statement st(m_db.handle(), std::string(kRunColumns) + "WHERE r.persona_id = ? ORDER BY r.created_at DESC, r.id DESC");
    st.bind(1, personaId);
    std::vector<SuiteRun> out;
    while (st.step()) out.push_back(readRun(st));
    return out;
}

void SuiteRepo::removeRun(Id runId) {
    m_db.transaction([&] {
        Statement del(m_db.handle(), "DELETE FROM suite_runs WHERE id = ?");
        del.bind(1, runId).run();
        if (sqlite3_changes(m_db.handle()) != 1) throw StoreError("there is no test run " + std::to_string(runId));
    });
}

}  // namespace persona::store
