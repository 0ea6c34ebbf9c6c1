#include "persona/store/trace_repo.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "store/statement.h"
#include "store/text_check.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <unordered_map>

namespace persona::store {

namespace {

// "dry:-1.8;penalties:-0.4": stage names are the sampler's ([a-z_]), deltas in %.6g.
std::string encodeLogitChanges(const std::vector<std::pair<std::string, double>>& changes) {
    std::string out;
    char buf[32];
    for (const auto& [stage, delta] : changes) {
        std::snprintf(buf, sizeof buf, "%.6g", delta);
        out += (out.empty() ? "" : ";") + stage + ":" + buf;
    }
    return out;
}

std::vector<std::pair<std::string, double>> decodeLogitChanges(const std::string& text) {
    std::vector<std::pair<std::string, double>> out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find(';', start);
        if (end == std::string::npos) end = text.size();
        const std::string part = text.substr(start, end - start);
        const size_t colon = part.rfind(':');
        if (colon != std::string::npos && colon > 0)
            out.emplace_back(part.substr(0, colon), std::strtod(part.c_str() + colon + 1, nullptr));
        start = end + 1;
    }
    return out;
}

// The facts (id -> text) of the revision the message's speaker held: the one a generated persona
// message records, else the one the chat holds for that speaker.
std::unordered_map<Id, std::string> speakerFacts(sqlite3* db, Id messageId) {
    Statement st(db,
                 "SELECT m.role, COALESCE(m.persona_revision_id, c.persona_revision_id), "
                 "c.partner_revision_id FROM messages m "
                 "JOIN chats c ON c.id = m.chat_id WHERE m.id = ?");
    st.bind(1, messageId);
    if (!st.step())
        throw StoreError("no message with id " + std::to_string(messageId));
    const Role role = parseRole(st.getText(0));
    const std::optional<std::int64_t> revision =
        role == Role::Persona ? st.getOptInt(1) : st.getOptInt(2);
    if (!revision)
        throw InvalidArgument(
            "message " + std::to_string(messageId) +
            " is the user's and the chat has no partner persona: it has no facts to label");
    Statement facts(db, "SELECT fact_id, text FROM revision_facts WHERE revision_id = ?");
    facts.bind(1, *revision);
    std::unordered_map<Id, std::string> out;
    while (facts.step())
        out[facts.getInt(0)] = facts.getText(1);
    return out;
}

std::string componentsJson(const std::map<std::string, double>& components) {
    if (components.empty())
        return {};
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [name, value] : components) {
        checkText(name, "score component name", kMaxNameBytes, false);
        j[name] = value;
    }
    return j.dump();
}

}  // namespace

TraceRepo::TraceRepo(Database& db) : m_db(db) {}

void TraceRepo::writeRetrieval(Id messageId, const std::vector<RetrievalTraceRow>& rows) {
    sqlite3* db = m_db.handle();
    m_db.transaction([&] {
        const auto facts = speakerFacts(db, messageId);
        Statement del(db, "DELETE FROM retrieval_trace WHERE message_id = ?");
        del.bind(1, messageId).run();
        Statement ins(
            db,
            "INSERT INTO retrieval_trace(message_id, fact_id, position, fact_text, score, rank, "
            "selected_by_model, selected_by_human, components_json) VALUES (?, ?, ?, ?, ?, ?, ?, "
            "?, ?)");
        int pos = 0;
        std::set<Id> seen;
        for (const auto& r : rows) {
            auto it = facts.find(r.factId);
            if (it == facts.end())
                throw InvalidArgument("fact " + std::to_string(r.factId) +
                                      " is not among the facts this chat was held with");
            if (!seen.insert(r.factId).second)
                throw InvalidArgument("fact " + std::to_string(r.factId) +
                                      " appears twice in the retrieval trace");
            ins.bind(1, messageId)
                .bind(2, r.factId)
                .bind(3, pos++)
                .bind(4, it->second)
                .bind(5, r.score)
                .bind(6, r.rank)
                .bind(7, r.selectedByModel)
                .bind(8, r.selectedByHuman)
                .bind(9, componentsJson(r.components))
                .run();
        }
    });
}

std::vector<RetrievalTraceRow> TraceRepo::retrieval(Id messageId) {
    Statement st(m_db.handle(),
                 "SELECT fact_id, fact_text, score, rank, selected_by_model, selected_by_human, "
                 "components_json FROM retrieval_trace WHERE message_id = ? ORDER BY position");
    st.bind(1, messageId);
    std::vector<RetrievalTraceRow> out;
    while (st.step()) {
        RetrievalTraceRow r;
        r.factId = st.getInt(0);
        r.factText = st.getText(1);
        r.score = st.getOptDouble(2);
        if (auto rank = st.getOptInt(3))
            r.rank = static_cast<int>(*rank);
        r.selectedByModel = st.getInt(4) != 0;
        r.selectedByHuman = st.getInt(5) != 0;
        const std::string comp = st.getText(6);
        if (!comp.empty()) {
            const auto j = nlohmann::json::parse(comp, nullptr, false);
            if (j.is_object()) {
                for (auto it = j.cbegin(); it != j.cend(); ++it)
                    if (it->is_number())
                        r.components[it.key()] = it->get<double>();
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

void TraceRepo::setHumanSelection(Id messageId, const std::vector<Id>& factIds) {
    sqlite3* db = m_db.handle();
    m_db.transaction([&] {
        const auto facts = speakerFacts(db, messageId);
        std::set<Id> wanted;
        for (Id id : factIds) {
            if (!facts.count(id))
                throw InvalidArgument("fact " + std::to_string(id) +
                                      " is not among the facts this chat was held with");
            wanted.insert(id);
        }
        Statement clear(db,
                        "UPDATE retrieval_trace SET selected_by_human = 0 WHERE message_id = ?");
        clear.bind(1, messageId).run();
        Statement next(
            db, "SELECT coalesce(max(position) + 1, 0) FROM retrieval_trace WHERE message_id = ?");
        next.bind(1, messageId);
        next.step();
        std::int64_t pos = next.getInt(0);
        Statement mark(db,
                       "UPDATE retrieval_trace SET selected_by_human = 1 WHERE message_id = ? AND "
                       "fact_id = ?");
        Statement ins(db,
                      "INSERT INTO retrieval_trace(message_id, fact_id, position, fact_text, "
                      "selected_by_human) "
                      "VALUES (?, ?, ?, ?, 1)");
        for (Id id : factIds) {
            if (!wanted.erase(id))
                continue;  // listed twice
            mark.bind(1, messageId).bind(2, id).run();
            if (sqlite3_changes(db) == 0)
                ins.bind(1, messageId).bind(2, id).bind(3, pos++).bind(4, facts.at(id)).run();
        }
    });
}

std::vector<Id> TraceRepo::humanSelection(Id messageId) {
    Statement st(
        m_db.handle(),
        "SELECT fact_id FROM retrieval_trace WHERE message_id = ? AND selected_by_human = 1 "
        "ORDER BY position");
    st.bind(1, messageId);
    std::vector<Id> out;
    while (st.step())
        out.push_back(st.getInt(0));
    return out;
}

void TraceRepo::writeTokens(Id messageId, const std::vector<TokenTraceRow>& tokens) {
    sqlite3* db = m_db.handle();
    m_db.transaction([&] {
        Statement exists(db, "SELECT 1 FROM messages WHERE id = ?");
        exists.bind(1, messageId);
        if (!exists.step())
            throw StoreError("no message with id " + std::to_string(messageId));
        Statement del(db, "DELETE FROM token_trace WHERE message_id = ?");
        del.bind(1, messageId).run();
        Statement tok(db,
                      "INSERT INTO token_trace(message_id, position, token_id, text, prob) VALUES "
                      "(?, ?, ?, ?, ?)");
        Statement alt(
            db,
            "INSERT INTO token_alternatives(message_id, position, rank, token_id, text, prob, cut_by, "
            "prob_after, logit_changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        std::set<int> seen;
        for (const auto& t : tokens) {
            if (!seen.insert(t.position).second)
                throw InvalidArgument("token position " + std::to_string(t.position) +
                                      " appears twice");
            tok.bind(1, messageId)
                .bind(2, t.position)
                .bind(3, t.id)
                .bindBlob(4, t.text)
                .bind(5, t.prob)
                .run();
            int rank = 0;
            for (const auto& a : t.alternatives) {
                alt.bind(1, messageId)
                    .bind(2, t.position)
                    .bind(3, rank++)
                    .bind(4, a.id)
                    .bindBlob(5, a.text)
                    .bind(6, a.prob);
                if (a.cutBy.empty()) alt.bindNull(7);
                else alt.bind(7, a.cutBy);
                alt.bind(8, a.probAfter).bind(9, encodeLogitChanges(a.changes)).run();
            }
        }
    });
}

std::vector<TokenTraceRow> TraceRepo::tokens(Id messageId) {
    sqlite3* db = m_db.handle();
    Statement st(db,
                 "SELECT position, token_id, text, prob FROM token_trace WHERE message_id = ? "
                 "ORDER BY position");
    st.bind(1, messageId);
    std::vector<TokenTraceRow> out;
    std::unordered_map<int, size_t> index;
    while (st.step()) {
        TokenTraceRow t;
        t.position = static_cast<int>(st.getInt(0));
        t.id = static_cast<int>(st.getInt(1));
        t.text = st.getBlob(2);
        t.prob = st.getDouble(3);
        index[t.position] = out.size();
        out.push_back(std::move(t));
    }
    Statement alt(
        db,
        "SELECT position, token_id, text, prob, cut_by, prob_after, logit_changes FROM token_alternatives "
        "WHERE message_id = ? ORDER BY position, rank");
    alt.bind(1, messageId);
    while (alt.step()) {
        auto it = index.find(static_cast<int>(alt.getInt(0)));
        if (it == index.end())
            continue;
        TokenAlternative a{static_cast<int>(alt.getInt(1)), alt.getBlob(2), alt.getDouble(3), {}, {}, {}};
        if (!alt.isNull(4)) a.cutBy = alt.getText(4);
        if (!alt.isNull(5)) a.probAfter = alt.getDouble(5);
        a.changes = decodeLogitChanges(alt.getText(6));
        out[it->second].alternatives.push_back(std::move(a));
    }
    return out;
}

void TraceRepo::writeInfluence(Id messageId, const std::string& resultJson) {
    sqlite3* db = m_db.handle();
    m_db.transaction([&] {
        Statement role(db, "SELECT role FROM messages WHERE id = ?");
        role.bind(1, messageId);
        if (!role.step())
            throw StoreError("no message with id " + std::to_string(messageId));
        if (parseRole(role.getText(0)) != Role::Persona)
            throw InvalidArgument("message " + std::to_string(messageId) +
                                  " is the user's: only a persona reply has a fact influence");
        Statement st(db,
                     "INSERT OR REPLACE INTO influence_trace(message_id, result_json, created_at) "
                     "VALUES (?, ?, ?)");
        st.bind(1, messageId).bind(2, resultJson).bind(3, nowMs()).run();
    });
}

std::optional<std::string> TraceRepo::influence(Id messageId) {
    Statement st(m_db.handle(), "SELECT result_json FROM influence_trace WHERE message_id = ?");
    st.bind(1, messageId);
    if (!st.step())
        return std::nullopt;
    return st.getText(0);
}

std::vector<FactSelectionCount> TraceRepo::selectionCounts(Id personaId) {
    Statement st(m_db.handle(),
                 "SELECT rt.fact_id, count(*), sum(rt.selected_by_model) FROM chats c "
                 "JOIN messages m ON m.chat_id = c.id AND m.role = 'persona' "
                 "JOIN retrieval_trace rt ON rt.message_id = m.id "
                 "WHERE c.persona_id = ? GROUP BY rt.fact_id");
    st.bind(1, personaId);
    std::vector<FactSelectionCount> out;
    while (st.step())
        out.push_back({st.getInt(0), static_cast<int>(st.getInt(1)), static_cast<int>(st.getInt(2))});
    return out;
}

std::vector<std::string> TraceRepo::influenceOfPersona(Id personaId) {
    Statement st(m_db.handle(),
                 "SELECT it.result_json FROM chats c "
                 "JOIN messages m ON m.chat_id = c.id AND m.role = 'persona' "
                 "JOIN influence_trace it ON it.message_id = m.id "
                 "WHERE c.persona_id = ? ORDER BY m.id");
    st.bind(1, personaId);
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.getText(0));
    return out;
}

void TraceRepo::setRating(Id messageId, const Rating& rating) {
    for (const auto* v : {&rating.logical, &rating.specific, &rating.personal})
        if (*v && (**v < 0 || **v > 10))
            throw InvalidArgument("a rating must be between 0 and 10");
    checkText(rating.comment, "rating comment", kMaxTextBytes, true);
    sqlite3* db = m_db.handle();
    m_db.transaction([&] {
        Statement exists(db, "SELECT 1 FROM messages WHERE id = ?");
        exists.bind(1, messageId);
        if (!exists.step())
            throw StoreError("no message with id " + std::to_string(messageId));
        Statement st(db,
                     "INSERT OR REPLACE INTO ratings(message_id, logical, specific, personal, "
                     "comment, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
        st.bind(1, messageId)
            .bind(2, rating.logical)
            .bind(3, rating.specific)
            .bind(4, rating.personal)
            .bind(5, rating.comment)
            .bind(6, nowMs())
            .run();
    });
}

std::optional<Rating> TraceRepo::rating(Id messageId) {
    Statement st(m_db.handle(),
                 "SELECT logical, specific, personal, comment, updated_at FROM ratings WHERE "
                 "message_id = ?");
    st.bind(1, messageId);
    if (!st.step())
        return std::nullopt;
    Rating r;
    auto opt = [&](int col) -> std::optional<int> {
        if (auto v = st.getOptInt(col))
            return static_cast<int>(*v);
        return std::nullopt;
    };
    r.logical = opt(0);
    r.specific = opt(1);
    r.personal = opt(2);
    r.comment = st.getText(3);
    r.updatedAtMs = st.getInt(4);
    return r;
}

void TraceRepo::clearRating(Id messageId) {
    m_db.transaction([&] {
        Statement st(m_db.handle(), "DELETE FROM ratings WHERE message_id = ?");
        st.bind(1, messageId).run();
    });
}

}  // namespace persona::store
