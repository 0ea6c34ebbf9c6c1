// Fact influence: how much each retrieved fact shaped a stored reply. The reply is held fixed
// (teacher forcing) and scored after the prompt the agent built, after the same prompt with each
// used fact left out, and with none of them; a fact's influence is the drop in the reply's
// log-probability when it is left out. Standard library only (no torch here).
#pragma once

#include "persona/agent/agent.h"
#include "persona/agent/prompt_format.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace persona {

class CausalLm;
class Tokenizer;

namespace store {
class Database;
}

struct TokenLogprob {
    int id = 0;
    std::string text;   // the token's bytes (may be partial UTF-8)
    double logprob = 0;
};

struct ScoreResult {
    double logprob = 0;               // sum over the tokens
    std::vector<TokenLogprob> tokens;
};

// The continuation's tokens scored after the prompt, both tokenized as they stand (no special
// tokens added). Throws InvalidArgument for an empty prompt or continuation, or one too long for
// the model's n_positions.
ScoreResult scoreContinuation(const CausalLm& model, const Tokenizer& tokenizer, const std::string& prompt,
                              const std::string& continuation);

struct FactInfluence {
    int64_t factId = 0;
    std::string text;
    double score = 0;        // the retrieval score of the turn
    bool selected = false;   // selected by the retriever (always true for the facts listed)
    double logprobWithout = 0;
    double influence = 0;    // logprob_used - logprob_without
    std::vector<double> tokenDeltas;  // per reply token: logp(used) - logp(without)
};

struct InfluenceResult {
    int64_t messageId = 0;
    std::string reply;
    double logprobUsed = 0, logprobNone = 0, reliance = 0;  // reliance = used - none
    std::vector<TokenLogprob> tokensUsed;
    std::vector<double> tokenLogprobsNone;
    std::vector<FactInfluence> facts;  // one per SELECTED fact (the facts that were in the prompt), in prompt order
};

// Recomputes the message's prompt from the store exactly as the agent built it (the facts the
// reply used, from the revision the message records — Message::personaRevisionId, else the
// chat's — and the history before it, cut from the left the way the generator cuts it), holds the
// reply's generated tokens fixed (teacher forcing; the token trace, final stop token included) and
// computes all k+2 variants: each variant is the prompt the agent would have built with those facts,
// scored exactly (see docs/ARCHITECTURE.md, "Fact influence"). Stores the result with the message's
// traces. Throws InvalidArgument for a user message or a message without a token trace.
InfluenceResult computeInfluence(store::Database& db, const AgentModels& models, int64_t personaMessageId,
                                 const PromptFormat& format = {});

// The same for a turn that was generated but not stored (Agent::draft: test-suite runs): the prompt
// is rebuilt from the turn's selected facts (in prompt order), the dialogue it answered and the
// settings it ran with. Nothing is written; messageId is 0. Throws InvalidArgument for a turn
// without generated tokens (stopped before its first token).
InfluenceResult computeInfluence(const AgentModels& models, const AgentTurnResult& turn,
                                 const std::vector<DialogueTurn>& dialogue, const AgentSettings& settings,
                                 const PromptFormat& format = {});

// What computeInfluence stored for the message, if it ran.
std::optional<InfluenceResult> storedInfluence(store::Database& db, int64_t personaMessageId);

// One fact's record over a persona's replies (every chat, every branch): how often the retriever
// selected it, and its mean influence over the replies whose influence was computed.
struct FactUsage {
    int64_t factId = 0;
    int scored = 0;            // replies that scored the fact
    int selected = 0;          // replies whose prompt it was put in by the retriever
    int influenceReplies = 0;  // replies with a stored influence that list the fact
    double meanInfluence = 0;  // nats, over those replies
};
// Facts that no reply scored are absent. A stored influence that cannot be read is skipped (it is
// reported when that message is opened in the inspector).
std::vector<FactUsage> factUsage(store::Database& db, int64_t personaId);

}  // namespace persona
