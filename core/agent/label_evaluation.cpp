#include "persona/agent/label_evaluation.h"

#include "agent/turn_history.h"

#include "persona/agent/agent.h"
#include "persona/error.h"
#include "persona/retrieve/bm25.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace persona {

namespace {

// One labelled persona turn: what the retriever saw and what the labeller ticked.
struct LabelledTurn {
    int64_t messageId = 0;
    const store::PersonaRevision* revision = nullptr;
    std::vector<DialogueTurn> dialogue;
    std::vector<int64_t> gold;  // fact ids
};

// Sums of the marks of one group (a persona or a model).
struct RatingSums {
    int rated = 0;
    double sum[3] = {0, 0, 0};
    int count[3] = {0, 0, 0};

    void add(const store::Rating& r) {
        ++rated;
        const std::optional<int>* marks[3] = {&r.logical, &r.specific, &r.personal};
        for (int i = 0; i < 3; ++i)
            if (*marks[i]) sum[i] += **marks[i], ++count[i];
    }
    MeanRatings mean(const std::string& name) const {
        MeanRatings m;
        m.name = name;
        m.rated = rated;
        std::optional<double>* out[3] = {&m.logical, &m.specific, &m.personal};
        for (int i = 0; i < 3; ++i)
            if (count[i]) *out[i] = sum[i] / count[i];
        return m;
    }
};

std::string modelOf(const store::Message& m) {
    if (m.settingsJson.empty()) return "(none)";
    const auto j = nlohmann::json::parse(m.settingsJson, nullptr, false);
    if (!j.is_object() || !j.contains("generator") || !j["generator"].is_string()) return "(none)";
    return j["generator"].get<std::string>();
}

std::vector<MeanRatings> means(const std::map<std::string, RatingSums>& groups) {
    std::vector<MeanRatings> out;
    for (const auto& [name, sums] : groups) out.push_back(sums.mean(name));
    return out;
}

void checkCancel(const std::atomic_bool* cancel) {
    if (cancel && cancel->load()) throw Cancelled();
}

// The scores of every method for one turn: one hybrid run carries the BM25 and bi-encoder
// scores as its components, so each turn is encoded once.
std::vector<std::vector<double>> scoresPerMethod(FactRetriever& retriever, bool dense, const LabelledTurn& t,
                                                 const LabelQuery& q) {
    AgentSettings s;
    s.retrieval = dense ? RetrievalMethod::Hybrid : RetrievalMethod::Bm25;
    s.contextTurns = q.contextTurns;
    const AgentRetrieval r = retriever.retrieve(t.revision->facts, t.dialogue, s);
    std::vector<std::vector<double>> out(dense ? 3 : 1);
    for (const auto& f : r.facts) {
        if (!dense) {
            out[0].push_back(f.score.score);
            continue;
        }
        out[0].push_back(f.score.components.at("bm25"));
        out[1].push_back(f.score.components.at("biencoder"));
        out[2].push_back(f.score.score);
    }
    return out;
}

// BM25's two fields alone on the query the agent's BM25 sees (as FactRetriever builds it).
std::vector<std::vector<double>> lexicalFieldScores(const LabelledTurn& t, const LabelQuery& q) {
    std::vector<std::string> texts;
    for (const auto& f : t.revision->facts) texts.push_back(f.text);
    const std::string query = lexicalQuery(t.dialogue, q.contextTurns > 0 ? q.contextTurns : 1);
    return {Bm25Index(texts, ngramOnlyBm25()).score(query), Bm25Index(texts, wordOnlyBm25()).score(query)};
}

}  // namespace

std::vector<int64_t> chatsInScope(store::Database& db, const LabelQuery& q) {
    store::ChatRepo chats(db);
    std::vector<int64_t> ids;
    if (q.scope == LabelScope::Chat) {
        if (q.chatId) ids.push_back(chats.get(q.chatId).id);
        return ids;
    }
    for (const auto& c : chats.list())
        if (q.scope == LabelScope::All || c.personaId == q.personaId) ids.push_back(c.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

LabelReport evaluateLabels(store::Database& db, std::shared_ptr<const BiEncoder> encoder, const LabelQuery& q,
                           const std::atomic_bool* cancel) {
    if (q.k < 1) throw InvalidArgument("k must be at least 1, not " + std::to_string(q.k));
    store::ChatRepo chats(db);
    store::PersonaRepo personas(db);
    store::TraceRepo traces(db);
    std::unordered_map<int64_t, store::PersonaRevision> revisions;
    std::vector<LabelledTurn> turns;
    std::map<std::string, RatingSums> byPersona, byModel;
    db.readTransaction([&] {  // one snapshot, while the chat worker may be writing
        for (int64_t chatId : chatsInScope(db, q)) {
            checkCancel(cancel);
            const store::Chat chat = chats.get(chatId);
            const std::string personaName = personas.get(chat.personaId).name;
            for (const auto& m : chats.messages(chatId))
                if (m.role == store::Role::Persona)
                    if (const auto rating = traces.rating(m.id)) {
                        byPersona[personaName].add(*rating);
                        byModel[modelOf(m)].add(*rating);
                    }
            const auto path = chats.selectedPath(chatId);
            for (size_t i = 0; i < path.size(); ++i) {
                if (path[i].role != store::Role::Persona) continue;
                auto gold = traces.humanSelection(path[i].id);
                if (gold.empty()) continue;
                const int64_t revisionId = path[i].personaRevisionId.value_or(chat.personaRevisionId);
                auto it = revisions.find(revisionId);
                if (it == revisions.end()) it = revisions.emplace(revisionId, personas.revision(revisionId)).first;
                const std::vector<store::Message> before(path.begin(), path.begin() + static_cast<long>(i));
                turns.push_back({path[i].id, &it->second, detail::dialogueOf(before), std::move(gold)});
            }
        }
    });
    std::sort(turns.begin(), turns.end(), [](const auto& a, const auto& b) { return a.messageId < b.messageId; });

    LabelReport report;
    report.labelledTurns = static_cast<int>(turns.size());
    const bool dense = encoder != nullptr;
    std::vector<std::vector<LabelledScores>> perMethod(dense ? 3 : 1), perField(2);
    FactRetriever retriever(db, encoder);
    for (const auto& t : turns) {
        checkCancel(cancel);
        report.messageIds.push_back(t.messageId);
        std::set<size_t> gold;
        for (size_t i = 0; i < t.revision->facts.size(); ++i)
            if (std::find(t.gold.begin(), t.gold.end(), t.revision->facts[i].id) != t.gold.end()) gold.insert(i);
        auto scores = scoresPerMethod(retriever, dense, t, q);
        for (size_t m = 0; m < scores.size(); ++m) perMethod[m].push_back({std::move(scores[m]), gold});
        auto fields = lexicalFieldScores(t, q);
        for (size_t m = 0; m < fields.size(); ++m) perField[m].push_back({std::move(fields[m]), gold});
    }
    const RetrievalMethod order[3] = {RetrievalMethod::Bm25, RetrievalMethod::BiEncoder, RetrievalMethod::Hybrid};
    for (size_t m = 0; m < perMethod.size(); ++m)
        report.methods.push_back({order[m], "", meanMetrics(perMethod[m], q.k), runningMetrics(perMethod[m], q.k)});
    const char* fieldNames[2] = {"ngrams", "words"};
    for (size_t m = 0; m < perField.size(); ++m)
        report.lexicalFields.push_back({RetrievalMethod::Bm25, fieldNames[m], meanMetrics(perField[m], q.k), runningMetrics(perField[m], q.k)});
    report.byPersona = means(byPersona);
    report.byModel = means(byModel);
    return report;
}

}  // namespace persona
