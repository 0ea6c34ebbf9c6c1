#include "persona/agent/agent.h"

#include "persona/generate/sampler_preset.h"

#include "agent/turn_history.h"

#include "persona/error.h"
#include "persona/model/decode_weights.h"
#include "persona/model/causal_lm.h"
#include "persona/retrieve/biencoder.h"
#include "persona/retrieve/bm25.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/embedding_cache.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"
#include "persona/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

namespace persona {

float knowledgeBoostFor(const SamplingSettings& sampling, const CausalLm& generator) {
    return sampling.knowledgeBoost >= 0 ? sampling.knowledgeBoost : static_cast<float>(generator.info().knowledgeBoost);
}

std::string toJson(const AgentSettings& s, const AgentModels& models) {
    nlohmann::json j;
    j["retrieval"] = s.retrieval ? toString(*s.retrieval) : "auto";
    j["top_k"] = s.topK;
    j["threshold"] = s.threshold;
    j["pinned_fact_ids"] = s.pinnedFactIds;
    j["excluded_fact_ids"] = s.excludedFactIds;
    if (s.exactFactIds) j["exact_fact_ids"] = *s.exactFactIds;
    j["context_turns"] = s.contextTurns;
    j["history_turns"] = s.historyTurns;
    const auto& p = s.sampling;
    j["sampling"] = {{"greedy", p.greedy},
                     {"temperature", p.temperature},
                     {"top_k", p.topK},
                     {"top_p", p.topP},
                     {"repetition_penalty", p.repetitionPenalty},
                     {"no_repeat_ngram_size", p.noRepeatNgramSize},
                     {"knowledge_boost", models.generator ? knowledgeBoostFor(p, *models.generator) : p.knowledgeBoost},
                     {"max_new_tokens", p.maxNewTokens},
                     {"seed", p.seed}};
    // Every stage of the chain the reply was sampled with (the sampler preset's fields).
    j["sampler_chain"] = nlohmann::json::parse(samplerPresetToJson(p))["settings"];
    j["generator"] = models.generatorName;
    // Which weights produced the stored token probabilities (persona/model/decode_weights.h).
    if (models.generator) j["weights"] = toString(decodeWeights(*models.generator));
    j["retriever"] = models.retriever ? models.retrieverName : "bm25";
    return j.dump();
}

namespace {

// Text without NUL and the other C0 control bytes (tab and line breaks stay).
std::string withoutControlBytes(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text)
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t' || c == '\r') out += c;
    return out;
}

}  // namespace

struct Agent::Impl {
    store::Database& db;
    AgentModels models;
    PromptFormat format;
    std::vector<int> stopTokens;
    FactRetriever retriever{db, models.retriever};

    // Retrieval + prompt + generation for the dialogue with the revision's facts; stores nothing.
    AgentTurnResult generate(const store::PersonaRevision& revision, const std::vector<DialogueTurn>& dialogue,
                             const AgentSettings& settings, const AgentCallbacks& callbacks,
                             const std::atomic_bool* cancel, const std::vector<int>& forced) {
        AgentTurnResult result;
        result.personaRevisionId = revision.id;
        if (cancel && cancel->load()) return cancelledBeforeReply(std::move(result));
        result.retrieval = retriever.retrieve(revision.facts, dialogue, settings);
        if (callbacks.onRetrieval) callbacks.onRetrieval(result.retrieval);

        const std::vector<int64_t> used = factsForPrompt(revision, result.retrieval, settings);
        std::vector<std::string> knowledge;
        for (int64_t id : used)
            for (const auto& f : revision.facts)
                if (f.id == id) knowledge.push_back(f.text);
        result.prompt = format.buildTurn(knowledge, dialogue, settings.historyTurns);

        SamplingSettings sampling = settings.sampling;
        sampling.stopTokenIds.insert(sampling.stopTokenIds.end(), stopTokens.begin(), stopTokens.end());
        const Generator generator(*models.generator, *models.tokenizer);
        const auto promptIds = models.tokenizer->encodeForModel(result.prompt);
        sampling.knowledgeTokens = static_cast<int>(format.knowledgeTokens(*models.tokenizer, knowledge, promptIds));
        sampling.knowledgeBoost = knowledgeBoostFor(sampling, *models.generator);
        result.generation = generator.generate(promptIds, sampling, callbacks.onToken, cancel, forced);
        if (result.generation.stopReason == StopReason::Cancelled && result.generation.tokens.empty())
            return cancelledBeforeReply(std::move(result));
        const auto parsed = format.parse(result.generation.text);
        // A model can emit any byte, NUL and other control bytes included (GPT-2 has a token for
        // each); the store refuses them in text, so they are dropped here rather than failing the turn.
        result.reply = withoutControlBytes(parsed.reply);
        for (const auto& fact : parsed.proposedFacts)
            if (auto clean = withoutControlBytes(fact); !clean.empty()) result.proposedFacts.push_back(std::move(clean));
        return result;
    }

    // Runs retrieval + generation for the dialogue and stores the persona message under parentId.
    AgentTurnResult run(const store::Chat& chat, std::optional<store::Id> parentId,
                        const std::vector<DialogueTurn>& dialogue, const AgentSettings& settings,
                        const AgentCallbacks& callbacks, const std::atomic_bool* cancel,
                        const std::vector<int>& forced) {
        // The persona's facts as they stand now: an edit or an approved proposal counts from the
        // very next reply of the same chat. The message records which revision it used.
        store::PersonaRepo personas(db);
        const auto revision = personas.currentRevision(chat.personaId);
        AgentTurnResult result = generate(revision, dialogue, settings, callbacks, cancel, forced);
        if (result.generation.stopReason == StopReason::Cancelled && result.generation.tokens.empty())
            return result;  // stopped before the first token: nothing to store

        store::PersonaTurn turn;
        turn.chatId = chat.id;
        turn.parentId = parentId;
        turn.text = result.reply;
        turn.personaRevisionId = revision.id;
        nlohmann::json settingsJson = nlohmann::json::parse(toJson(settings, models));
        settingsJson["method"] = toString(result.retrieval.method);  // the one used ("auto" resolved)
        settingsJson["persona_revision"] = revision.number;
        settingsJson["stop_reason"] = toString(result.generation.stopReason);
        settingsJson["prompt_tokens"] = result.generation.promptTokens;
        settingsJson["prompt_tokens_dropped"] = result.generation.promptTokensDropped;
        settingsJson["generated_text"] = result.generation.text;
        turn.settingsJson = settingsJson.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        turn.retrieval = detail::retrievalTrace(result.retrieval);
        if (settings.exactFactIds) {
            // Validation mode: the labeller's choice is the turn's gold label, stored with it.
            const std::vector<int64_t> used = factsForPrompt(revision, result.retrieval, settings);
            for (auto& row : turn.retrieval)
                row.selectedByHuman = std::find(used.begin(), used.end(), row.factId) != used.end();
        }
        for (const auto& t : result.generation.tokens) {
            store::TokenTraceRow row;
            row.position = t.index;
            row.id = t.id;
            row.text = models.tokenizer->tokenBytes(t.id);
            row.prob = t.prob;
            for (const auto& a : t.alternatives) {
                store::TokenAlternative alt{a.id, models.tokenizer->tokenBytes(a.id), a.prob, a.cutBy, {}, {}};
                if (a.probAfter >= 0) alt.probAfter = a.probAfter;
                for (const auto& c : a.changes) alt.changes.emplace_back(c.stage, c.delta);
                row.alternatives.push_back(std::move(alt));
            }
            turn.tokens.push_back(std::move(row));
        }
        result.personaMessageId = store::ChatRepo(db).addPersonaTurn(turn).id;
        storeProposals(chat.personaId, result);
        return result;
    }

    // The facts the prompt holds: the retriever's choice, or in validation mode exactly the
    // labeller's (checked against the revision, so a fact removed meanwhile is a clear error).
    static std::vector<int64_t> factsForPrompt(const store::PersonaRevision& revision, const AgentRetrieval& retrieval,
                                               const AgentSettings& settings) {
        if (!settings.exactFactIds) return retrieval.selectedFactIds;
        std::vector<int64_t> used;
        for (int64_t id : *settings.exactFactIds) {
            const bool known = std::any_of(revision.facts.begin(), revision.facts.end(),
                                           [&](const store::Fact& f) { return f.id == id; });
            if (!known)
                throw InvalidArgument("fact " + std::to_string(id) + " is not a fact of the persona's revision " +
                                      std::to_string(revision.number) + " (was it edited or removed?)");
            if (std::find(used.begin(), used.end(), id) == used.end()) used.push_back(id);
        }
        return used;
    }

    // Stopped before the first token: no reply is stored (see AgentTurnResult::personaMessageId).
    static AgentTurnResult cancelledBeforeReply(AgentTurnResult result) {
        result.generation.stopReason = StopReason::Cancelled;
        result.personaMessageId = 0;
        return result;
    }

    // New facts the model stated about itself: stored disabled with origin "proposed", so they
    // are offered for review and never used before a person approves them.
    void storeProposals(store::Id personaId, AgentTurnResult& result) {
        if (result.proposedFacts.empty()) return;
        // Read and write in one write transaction: a concurrent writer's fact is never lost.
        db.transaction([&] {
            store::PersonaRepo personas(db);
            const auto current = personas.currentRevision(personaId);
            std::vector<store::FactDraft> drafts;
            for (const auto& f : current.facts) drafts.push_back({f.id, f.text, f.origin, f.enabled});
            std::vector<std::string> added;
            for (const auto& text : result.proposedFacts) {
                const bool known = std::any_of(current.facts.begin(), current.facts.end(),
                                               [&](const store::Fact& f) { return f.text == text; });
                if (known) continue;
                drafts.push_back({0, text, store::FactOrigin::Proposed, false});
                added.push_back(text);
            }
            if (added.empty()) return;
            const auto revision =
                personas.setFacts(personaId, drafts, "the model proposed " + std::to_string(added.size()) + " fact(s)");
            for (const auto& f : revision.facts)
                if (f.origin == store::FactOrigin::Proposed && std::find(added.begin(), added.end(), f.text) != added.end())
                    result.proposedFactIds.push_back(f.id);
        });
    }
};

Agent::Agent(store::Database& db, AgentModels models, PromptFormat format)
    : m_impl(std::make_unique<Impl>(Impl{db, std::move(models), std::move(format), {}})) {
    if (!m_impl->models.generator || !m_impl->models.tokenizer)
        throw InvalidArgument("the agent needs a generator model and its tokenizer");
    m_impl->format.checkTokenizer(*m_impl->models.tokenizer, m_impl->models.generatorName);
    m_impl->stopTokens.push_back(*m_impl->models.tokenizer->tokenId(m_impl->format.userToken));
}

Agent::~Agent() = default;

AgentRetrieval Agent::retrieve(int64_t personaId, const std::vector<DialogueTurn>& dialogue, const AgentSettings& settings) {
    const auto revision = store::PersonaRepo(m_impl->db).currentRevision(personaId);
    return m_impl->retriever.retrieve(revision.facts, dialogue, settings);
}

AgentTurnResult Agent::reply(int64_t chatId, const std::string& userText, const AgentSettings& settings,
                             const AgentCallbacks& callbacks, const std::atomic_bool* cancel) {
    store::ChatRepo chats(m_impl->db);
    const auto path = chats.selectedPath(chatId);
    const std::optional<store::Id> parent = path.empty() ? std::nullopt : std::optional<store::Id>(path.back().id);
    const auto user = chats.addMessage(chatId, parent, store::Role::User, userText);
    return answer(user.id, settings, callbacks, cancel);
}

AgentTurnResult Agent::edit(int64_t userMessageId, const std::string& newText, const AgentSettings& settings,
                            const AgentCallbacks& callbacks, const std::atomic_bool* cancel) {
    store::ChatRepo chats(m_impl->db);
    const auto original = chats.message(userMessageId);
    if (original.role != store::Role::User)
        throw InvalidArgument("message " + std::to_string(userMessageId) + " is not a user message");
    const auto user = chats.addMessage(original.chatId, original.parentId, store::Role::User, newText);
    return answer(user.id, settings, callbacks, cancel);
}

AgentTurnResult Agent::answer(int64_t userMessageId, const AgentSettings& settings, const AgentCallbacks& callbacks,
                              const std::atomic_bool* cancel) {
    store::ChatRepo chats(m_impl->db);
    const auto user = chats.message(userMessageId);
    if (user.role != store::Role::User)
        throw InvalidArgument("message " + std::to_string(userMessageId) + " is not a user message");
    const auto chat = chats.get(user.chatId);
    auto path = detail::messagesBefore(chats, user);
    path.push_back(user);
    auto result = m_impl->run(chat, user.id, detail::dialogueOf(path), settings, callbacks, cancel, {});
    result.userMessageId = user.id;
    return result;
}

AgentTurnResult Agent::regenerate(int64_t personaMessageId, const AgentSettings& settings,
                                  const AgentCallbacks& callbacks, const std::atomic_bool* cancel) {
    return continueFrom(personaMessageId, 0, -1, settings, callbacks, cancel);
}

AgentTurnResult Agent::continueFrom(int64_t personaMessageId, int position, int tokenId, const AgentSettings& settings,
                                    const AgentCallbacks& callbacks, const std::atomic_bool* cancel) {
    store::ChatRepo chats(m_impl->db);
    const auto message = chats.message(personaMessageId);
    if (message.role != store::Role::Persona)
        throw InvalidArgument("message " + std::to_string(personaMessageId) + " is not a persona reply");
    const auto chat = chats.get(message.chatId);
    const auto path = detail::messagesBefore(chats, message);
    const auto parent = message.parentId;
    std::vector<int> forced;
    if (tokenId >= 0) {
        const auto tokens = store::TraceRepo(m_impl->db).tokens(personaMessageId);
        if (position < 0 || static_cast<size_t>(position) > tokens.size())
            throw InvalidArgument("position " + std::to_string(position) + " is outside the reply's " +
                                  std::to_string(tokens.size()) + " tokens");
        for (int i = 0; i < position; ++i) forced.push_back(tokens[i].id);
        forced.push_back(tokenId);
    }
    return m_impl->run(chat, parent, detail::dialogueOf(path), settings, callbacks, cancel, forced);
}

AgentTurnResult Agent::draft(const store::PersonaRevision& revision, const std::vector<DialogueTurn>& dialogue,
                             const AgentSettings& settings, const AgentCallbacks& callbacks,
                             const std::atomic_bool* cancel) {
    return m_impl->generate(revision, dialogue, settings, callbacks, cancel, {});
}

void Agent::approveProposal(int64_t personaId, int64_t factId) {
    std::string approvedText;
    m_impl->db.transaction([&] {  // read and write together (no lost update)
        store::PersonaRepo personas(m_impl->db);
        const auto current = personas.currentRevision(personaId);
        std::vector<store::FactDraft> drafts;
        for (const auto& f : current.facts) {
            store::FactDraft d{f.id, f.text, f.origin, f.enabled};
            if (f.id == factId) {
                if (f.origin != store::FactOrigin::Proposed)
                    throw InvalidArgument("fact " + std::to_string(factId) + " is not a proposal");
                d.origin = store::FactOrigin::Approved;
                d.enabled = true;
                approvedText = f.text;
            }
            drafts.push_back(std::move(d));
        }
        if (approvedText.empty()) throw InvalidArgument("persona has no fact " + std::to_string(factId));
        personas.setFacts(personaId, drafts, "approved a proposed fact");
    });
    // Encode it now, so the next turn finds it in the cache.
    if (m_impl->models.retriever) m_impl->retriever.factVectors({approvedText});
}

void Agent::rejectProposal(int64_t personaId, int64_t factId) {
    store::PersonaRepo personas(m_impl->db);
    const auto current = personas.currentRevision(personaId);
    const auto it = std::find_if(current.facts.begin(), current.facts.end(), [&](const store::Fact& f) { return f.id == factId; });
    if (it == current.facts.end() || it->origin != store::FactOrigin::Proposed)
        throw InvalidArgument("fact " + std::to_string(factId) + " is not a proposal of this persona");
    personas.removeFact(personaId, factId);
}

}  // namespace persona
