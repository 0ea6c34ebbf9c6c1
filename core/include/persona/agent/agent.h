// One chat turn of a persona-grounded agent, end to end, behind one call that the GUI and the
// command line both use: retrieve facts -> build the prompt -> generate (streamed) -> parse
// proposed facts -> persist message, retrieval trace and token trace in one transaction.
#pragma once

#include "persona/agent/prompt_format.h"
#include "persona/generate/generator.h"
#include "persona/retrieve/retrieval.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace persona {

class BiEncoder;
class CausalLm;
class Tokenizer;

namespace store {
class Database;
}

struct AgentModels {
    std::shared_ptr<const CausalLm> generator;
    std::shared_ptr<const Tokenizer> tokenizer;   // the generator's
    std::shared_ptr<const BiEncoder> retriever;   // may be null: then only BM25 is available
    std::string generatorName;                    // shown in errors and stored with settings
    std::string retrieverName;
};

struct AgentSettings {
    // Which scorer selects facts; when unset, the retriever's preferred method (from its
    // evaluation), hybrid for a retriever without one, and BM25 when no bi-encoder is loaded.
    std::optional<RetrievalMethod> retrieval;
    int topK = 3;                 // the seed's defaults
    double threshold = 0.0;
    std::set<int64_t> pinnedFactIds;    // for this turn only
    std::set<int64_t> excludedFactIds;  // for this turn only
    // Validation mode: when set, the prompt holds exactly these facts of the persona's current
    // revision, in this order, whatever the retriever chose (it still scores every fact for the
    // trace), and they are stored as the turn's human label (the seed's gk) in the same
    // transaction as the reply. Empty: a labelled turn that uses no fact. An id that is not a
    // fact of the current revision is an InvalidArgument.
    std::optional<std::vector<int64_t>> exactFactIds;
    int contextTurns = 0;         // turns the retriever sees; 0: the bi-encoder's own, 1 for BM25
    int historyTurns = 8;         // turns in the prompt (then cut from the left to fit)
    SamplingSettings sampling;

    AgentSettings() {
        sampling.temperature = 0.8f;
        sampling.topP = 0.9f;
        sampling.repetitionPenalty = 1.2f;
        sampling.noRepeatNgramSize = 3;
        sampling.maxNewTokens = 64;
        sampling.minNewTokens = 2;
        sampling.knowledgeBoost = kModelKnowledgeBoost;
    }
    // sampling.knowledgeBoost below 0: the generator's own default (CausalLmInfo::knowledgeBoost).
    static constexpr float kModelKnowledgeBoost = -1.0f;
};
std::string toJson(const AgentSettings& settings, const AgentModels& models);
// The knowledge boost a turn uses: the setting, or the generator's own default when it is below 0.
float knowledgeBoostFor(const SamplingSettings& sampling, const CausalLm& generator);

// One fact's retrieval row, for the GUI's inspector and the CLI.
struct FactRetrieval {
    int64_t factId = 0;
    std::string text;
    bool enabled = true;
    FactScore score;
};

struct AgentRetrieval {
    RetrievalMethod method = RetrievalMethod::Bm25;
    std::string context;                  // what the retriever saw
    std::vector<FactRetrieval> facts;     // in the persona's order
    std::vector<int64_t> selectedFactIds; // best first
};

struct AgentTurnResult {
    int64_t userMessageId = 0;            // 0 for regenerate / continue
    // 0 when nothing was stored: stopped before the first token (stopReason Cancelled).
    int64_t personaMessageId = 0;
    int64_t personaRevisionId = 0;        // the revision of the persona's facts the turn used
    AgentRetrieval retrieval;
    std::string prompt;
    GenerationResult generation;
    std::string reply;
    std::vector<std::string> proposedFacts;
    std::vector<int64_t> proposedFactIds; // stored as disabled facts with origin "proposed"
};

namespace store {
struct Fact;
struct PersonaRevision;
}

// Retrieval alone (no generator): scores facts for a dialogue with BM25, the bi-encoder or
// hybrid, taking fact vectors from the store's embedding cache and encoding only what is missing.
class FactRetriever {
public:
    // db: this thread's connection; retriever may be null (BM25 only).
    FactRetriever(store::Database& db, std::shared_ptr<const BiEncoder> retriever);

    // The method settings ask for, or the default (see AgentSettings::retrieval). Throws
    // InvalidArgument when it needs a bi-encoder and none is loaded.
    RetrievalMethod method(const AgentSettings& settings) const;
    AgentRetrieval retrieve(const std::vector<store::Fact>& facts, const std::vector<DialogueTurn>& dialogue,
                            const AgentSettings& settings);
    // Vectors of fact texts from the cache; missing ones are encoded in batches and cached.
    std::vector<std::vector<float>> factVectors(const std::vector<std::string>& texts);

private:
    store::Database& m_db;
    std::shared_ptr<const BiEncoder> m_retriever;
};

struct AgentCallbacks {
    std::function<void(const AgentRetrieval&)> onRetrieval;  // before the first token
    TokenCallback onToken;
};

class Agent {
public:
    // db: this thread's connection. The models are shared, read-only.
    Agent(store::Database& db, AgentModels models, PromptFormat format = {});
    ~Agent();

    // Scores the persona's current facts for a dialogue (persona-cli retrieve).
    AgentRetrieval retrieve(int64_t personaId, const std::vector<DialogueTurn>& dialogue, const AgentSettings& settings);

    // Failure rule (one for every entry point): the user's message is committed first and always
    // kept, so nothing typed is lost. When generation throws, or is stopped before its first token,
    // no reply is stored: the message stays unanswered (a chat view shows "no reply" with Retry,
    // which is answer()). A reply stopped after its first token is stored as it stands, with
    // stop reason "cancelled" in its settings. Every turn uses the persona's current revision and
    // records it on the reply (Message::personaRevisionId).

    // Appends the user's message to the chat's selected path and the persona's reply after it.
    AgentTurnResult reply(int64_t chatId, const std::string& userText, const AgentSettings& settings,
                          const AgentCallbacks& callbacks = {}, const std::atomic_bool* cancel = nullptr);

    // Edits a sent message: the new text becomes a sibling of userMessageId (a new branch, selected)
    // and is answered.
    AgentTurnResult edit(int64_t userMessageId, const std::string& newText, const AgentSettings& settings,
                         const AgentCallbacks& callbacks = {}, const std::atomic_bool* cancel = nullptr);

    // A reply to an existing user message (Retry after a failure; another branch under it).
    AgentTurnResult answer(int64_t userMessageId, const AgentSettings& settings,
                           const AgentCallbacks& callbacks = {}, const std::atomic_bool* cancel = nullptr);

    // Another reply to the same user message, stored as a sibling of personaMessageId (and selected).
    AgentTurnResult regenerate(int64_t personaMessageId, const AgentSettings& settings,
                               const AgentCallbacks& callbacks = {}, const std::atomic_bool* cancel = nullptr);

    // A sibling reply that keeps the first `position` tokens of personaMessageId's reply, takes
    // tokenId at `position` (an alternative the inspector showed) and lets the model continue.
    AgentTurnResult continueFrom(int64_t personaMessageId, int position, int tokenId, const AgentSettings& settings,
                                 const AgentCallbacks& callbacks = {}, const std::atomic_bool* cancel = nullptr);

    // One turn of `revision`'s persona after `dialogue` (its last turn is the user's), computed but
    // stored nowhere: no chat, no message, no proposal (proposedFacts is filled, proposedFactIds
    // stays empty) and personaMessageId is 0. Test-suite runs and the partner's lines in self-play
    // use it (persona/agent/suite_runner.h, persona/agent/self_play.h), so they leave the persona's
    // chats and facts as they were.
    AgentTurnResult draft(const store::PersonaRevision& revision, const std::vector<DialogueTurn>& dialogue,
                          const AgentSettings& settings, const AgentCallbacks& callbacks = {},
                          const std::atomic_bool* cancel = nullptr);

    // A proposed fact becomes a normal one (enabled, origin "approved"), in a new revision.
    void approveProposal(int64_t personaId, int64_t factId);
    // A proposed fact is removed (new revision).
    void rejectProposal(int64_t personaId, int64_t factId);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace persona
