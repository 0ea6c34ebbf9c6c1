#include "persona/agent/influence.h"

#include "agent/influence_scoring.h"
#include "agent/turn_history.h"
#include "persona/error.h"
#include "persona/generate/generator.h"
#include "persona/model/causal_lm.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"
#include "persona/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <numeric>

namespace persona {

ScoreResult scoreContinuation(const CausalLm& model, const Tokenizer& tokenizer, const std::string& prompt,
                              const std::string& continuation) {
    const auto promptIds = tokenizer.encode(prompt);
    const auto ids = tokenizer.encode(continuation);
    const auto logprobs = detail::continuationLogprobs(model, promptIds, ids);
    ScoreResult r;
    for (size_t i = 0; i < ids.size(); ++i) {
        r.tokens.push_back({ids[i], tokenizer.tokenBytes(ids[i]), logprobs[i]});
        r.logprob += logprobs[i];
    }
    return r;
}

namespace {

// What computeInfluence needs of a turn, stored (loadTurn) or just generated (turnOf).
struct StoredTurn {
    store::Message message;  // the reply's text; id 0 for a turn that was not stored
    std::vector<store::TokenTraceRow> tokens;
    std::vector<store::RetrievalTraceRow> used;  // the selected facts, in prompt order (best rank first)
    std::vector<std::string> usedTexts;          // their text in the revision the reply used
    std::vector<DialogueTurn> dialogue;
    int historyTurns = AgentSettings().historyTurns;
    int maxNewTokens = AgentSettings().sampling.maxNewTokens;
    std::optional<int> promptTokens;             // as the generator reported it
};

StoredTurn loadTurn(store::Database& db, int64_t messageId) {
    store::ChatRepo chats(db);
    store::TraceRepo traces(db);
    StoredTurn t;
    t.message = chats.message(messageId);
    const std::string which = "message " + std::to_string(messageId);
    if (t.message.role != store::Role::Persona)
        throw InvalidArgument(which + " is the user's: fact influence is computed for persona replies");
    t.tokens = traces.tokens(messageId);
    if (t.tokens.empty())
        throw InvalidArgument(which + " has no token trace (an imported or typed reply): there is no generated "
                              "reply to hold fixed");
    for (const auto& row : traces.retrieval(messageId))
        if (row.selectedByModel) t.used.push_back(row);
    std::stable_sort(t.used.begin(), t.used.end(), [](const auto& a, const auto& b) {
        return a.rank.value_or(1 << 30) < b.rank.value_or(1 << 30);
    });
    const auto revisionId = t.message.personaRevisionId ? *t.message.personaRevisionId
                                                        : chats.get(t.message.chatId).personaRevisionId;
    const auto revision = store::PersonaRepo(db).revision(revisionId);
    for (const auto& row : t.used) {
        const auto it = std::find_if(revision.facts.begin(), revision.facts.end(),
                                     [&](const store::Fact& f) { return f.id == row.factId; });
        t.usedTexts.push_back(it != revision.facts.end() ? it->text : row.factText);
    }
    t.dialogue = detail::dialogueOf(detail::messagesBefore(chats, t.message));
    if (!t.message.settingsJson.empty()) {
        const auto s = nlohmann::json::parse(t.message.settingsJson, nullptr, false);
        if (s.is_object()) {
            t.historyTurns = s.value("history_turns", t.historyTurns);
            if (s.contains("sampling") && s["sampling"].is_object())
                t.maxNewTokens = s["sampling"].value("max_new_tokens", t.maxNewTokens);
            if (s.contains("prompt_tokens") && s["prompt_tokens"].is_number_integer())
                t.promptTokens = s["prompt_tokens"].get<int>();
        }
    }
    return t;
}

// The prompt the agent builds with these facts, as the generator is fed it (cut from the left).
std::vector<int> promptIds(const StoredTurn& t, const std::vector<std::string>& facts, const Tokenizer& tokenizer,
                           const PromptFormat& format, int nPositions) {
    auto ids = tokenizer.encodeForModel(format.buildTurn(facts, t.dialogue, t.historyTurns));
    const size_t drop = promptTokensToDrop(ids.size(), nPositions, t.maxNewTokens);
    ids.erase(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(drop));
    return ids;
}

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

nlohmann::json toJson(const InfluenceResult& r) {
    nlohmann::json tokens = nlohmann::json::array();
    for (const auto& t : r.tokensUsed) tokens.push_back({{"id", t.id}, {"text", t.text}, {"logprob", t.logprob}});
    nlohmann::json facts = nlohmann::json::array();
    for (const auto& f : r.facts)
        facts.push_back({{"fact_id", f.factId}, {"text", f.text}, {"score", f.score}, {"selected", f.selected},
                         {"logprob_without", f.logprobWithout}, {"influence", f.influence},
                         {"token_deltas", f.tokenDeltas}});
    return {{"message_id", r.messageId}, {"reply", r.reply}, {"logprob_used", r.logprobUsed},
            {"logprob_none", r.logprobNone}, {"reliance", r.reliance}, {"tokens_used", tokens},
            {"token_logprobs_none", r.tokenLogprobsNone}, {"facts", facts}};
}

InfluenceResult fromJson(const nlohmann::json& j) {
    InfluenceResult r;
    r.messageId = j.at("message_id").get<int64_t>();
    r.reply = j.at("reply").get<std::string>();
    r.logprobUsed = j.at("logprob_used").get<double>();
    r.logprobNone = j.at("logprob_none").get<double>();
    r.reliance = j.at("reliance").get<double>();
    for (const auto& t : j.at("tokens_used"))
        r.tokensUsed.push_back({t.at("id").get<int>(), t.at("text").get<std::string>(), t.at("logprob").get<double>()});
    r.tokenLogprobsNone = j.at("token_logprobs_none").get<std::vector<double>>();
    for (const auto& f : j.at("facts")) {
        FactInfluence fi;
        fi.factId = f.at("fact_id").get<int64_t>();
        fi.text = f.at("text").get<std::string>();
        fi.score = f.at("score").get<double>();
        fi.selected = f.at("selected").get<bool>();
        fi.logprobWithout = f.at("logprob_without").get<double>();
        fi.influence = f.at("influence").get<double>();
        fi.tokenDeltas = f.at("token_deltas").get<std::vector<double>>();
        r.facts.push_back(std::move(fi));
    }
    return r;
}

// The k+2 variants of the turn's prompt scored with its reply held fixed.
InfluenceResult influenceOf(const StoredTurn& t, const AgentModels& models, const PromptFormat& format) {
    if (!models.generator || !models.tokenizer)
        throw InvalidArgument("fact influence needs the generator model and its tokenizer");
    const Tokenizer& tok = *models.tokenizer;
    const int nPositions = models.generator->info().contextLength;
    const std::string which = t.message.id ? "message " + std::to_string(t.message.id) : std::string("the reply");

    // The k+2 prompts: with the facts used, with none, and without each one in turn.
    std::vector<std::vector<int>> prompts{promptIds(t, t.usedTexts, tok, format, nPositions),
                                          promptIds(t, {}, tok, format, nPositions)};
    if (t.promptTokens && *t.promptTokens != static_cast<int>(prompts[0].size()))
        throw InvalidArgument(which + " was generated after a prompt of " + std::to_string(*t.promptTokens) +
                              " tokens, but rebuilt it has " + std::to_string(prompts[0].size()) +
                              ": the generator's tokenizer is not the one that wrote the reply");
    for (size_t i = 0; i < t.usedTexts.size(); ++i) {
        auto facts = t.usedTexts;
        facts.erase(facts.begin() + static_cast<std::ptrdiff_t>(i));
        prompts.push_back(promptIds(t, facts, tok, format, nPositions));
    }
    std::vector<int> reply;
    for (const auto& row : t.tokens) reply.push_back(row.id);
    const auto logprobs = detail::continuationLogprobsShared(*models.generator, prompts, reply);

    InfluenceResult r;
    r.messageId = t.message.id;
    r.reply = t.message.text;
    for (size_t i = 0; i < reply.size(); ++i) r.tokensUsed.push_back({reply[i], t.tokens[i].text, logprobs[0][i]});
    r.logprobUsed = sum(logprobs[0]);
    r.tokenLogprobsNone = logprobs[1];
    r.logprobNone = sum(logprobs[1]);
    r.reliance = r.logprobUsed - r.logprobNone;
    for (size_t i = 0; i < t.used.size(); ++i) {
        FactInfluence f;
        f.factId = t.used[i].factId;
        f.text = t.usedTexts[i];
        f.score = t.used[i].score.value_or(0.0);
        f.selected = true;
        f.logprobWithout = sum(logprobs[i + 2]);
        f.influence = r.logprobUsed - f.logprobWithout;
        for (size_t j = 0; j < reply.size(); ++j) f.tokenDeltas.push_back(logprobs[0][j] - logprobs[i + 2][j]);
        r.facts.push_back(std::move(f));
    }
    return r;
}

// A turn the agent generated without storing it (Agent::draft), as loadTurn would have read it.
StoredTurn turnOf(const AgentTurnResult& turn, const std::vector<DialogueTurn>& dialogue,
                  const AgentSettings& settings, const Tokenizer& tokenizer) {
    if (turn.generation.tokens.empty())
        throw InvalidArgument("the reply has no generated tokens: there is no reply to hold fixed");
    StoredTurn t;
    t.message.role = store::Role::Persona;
    t.message.text = turn.reply;
    for (const auto& token : turn.generation.tokens) {
        store::TokenTraceRow row;
        row.position = token.index;
        row.id = token.id;
        row.text = tokenizer.tokenBytes(token.id);
        t.tokens.push_back(std::move(row));
    }
    for (int64_t id : turn.retrieval.selectedFactIds)  // prompt order, as the agent built it
        for (const auto& f : turn.retrieval.facts)
            if (f.factId == id) {
                store::RetrievalTraceRow row;
                row.factId = id;
                row.factText = f.text;
                row.score = f.score.score;
                row.rank = f.score.rank;
                row.selectedByModel = true;
                t.used.push_back(row);
                t.usedTexts.push_back(f.text);
            }
    t.dialogue = dialogue;
    t.historyTurns = settings.historyTurns;
    t.maxNewTokens = settings.sampling.maxNewTokens;
    t.promptTokens = turn.generation.promptTokens;
    return t;
}

}  // namespace

InfluenceResult computeInfluence(store::Database& db, const AgentModels& models, int64_t personaMessageId,
                                 const PromptFormat& format) {
    if (!models.generator || !models.tokenizer)
        throw InvalidArgument("fact influence needs the generator model and its tokenizer");
    const InfluenceResult r = influenceOf(loadTurn(db, personaMessageId), models, format);
    store::TraceRepo(db).writeInfluence(personaMessageId,
                                        toJson(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return r;
}

InfluenceResult computeInfluence(const AgentModels& models, const AgentTurnResult& turn,
                                 const std::vector<DialogueTurn>& dialogue, const AgentSettings& settings,
                                 const PromptFormat& format) {
    if (!models.generator || !models.tokenizer)
        throw InvalidArgument("fact influence needs the generator model and its tokenizer");
    return influenceOf(turnOf(turn, dialogue, settings, *models.tokenizer), models, format);
}

std::optional<InfluenceResult> storedInfluence(store::Database& db, int64_t personaMessageId) {
    const auto text = store::TraceRepo(db).influence(personaMessageId);
    if (!text) return std::nullopt;
    try {
        return fromJson(nlohmann::json::parse(*text));
    } catch (const nlohmann::json::exception& e) {
        throw StoreError("the stored fact influence of message " + std::to_string(personaMessageId) +
                         " is not readable: " + e.what());
    }
}

std::vector<FactUsage> factUsage(store::Database& db, int64_t personaId) {
    store::TraceRepo traces(db);
    std::map<int64_t, FactUsage> byFact;
    for (const auto& c : traces.selectionCounts(personaId)) byFact[c.factId] = {c.factId, c.scored, c.selected, 0, 0.0};
    for (const auto& text : traces.influenceOfPersona(personaId)) {
        const auto j = nlohmann::json::parse(text, nullptr, false);
        if (!j.is_object() || !j.contains("facts") || !j["facts"].is_array()) continue;
        for (const auto& f : j["facts"]) {
            if (!f.is_object() || !f.contains("fact_id") || !f.contains("influence")) continue;
            if (!f["fact_id"].is_number_integer() || !f["influence"].is_number()) continue;
            FactUsage& u = byFact[f["fact_id"].get<int64_t>()];
            u.factId = f["fact_id"].get<int64_t>();
            u.meanInfluence += (f["influence"].get<double>() - u.meanInfluence) / ++u.influenceReplies;
        }
    }
    std::vector<FactUsage> out;
    for (auto& [id, u] : byFact) out.push_back(u);
    return out;
}

}  // namespace persona
