// The seed project's prompt format: "[Gk] fact ... [P1u] user [P2u] persona ... [P1u] user [P2u]".
// The reply follows the final [P2u] and ends at the end-of-text token or the next [P1u]. Before its
// reply the model may write "[Gk] fact" segments, closed by [P2u]: facts it states about itself,
// offered back to memory as proposals.
#pragma once

#include "persona/retrieve/retrieval.h"

#include <string>
#include <vector>

namespace persona {

class Tokenizer;

struct PromptFormat {
    std::string userToken = "[P1u]";
    std::string personaToken = "[P2u]";
    std::string knowledgeToken = "[Gk]";

    // Throws TokenizerError when the tokenizer lacks any of the three as a single token.
    void checkTokenizer(const Tokenizer& tokenizer, const std::string& modelName) const;

    // Knowledge first, then the dialogue, ending with the persona token that opens the reply.
    std::string build(const std::vector<std::string>& facts, const std::vector<DialogueTurn>& dialogue) const;
    // The prompt of one persona turn, as the agent builds it: build() over the last historyTurns
    // turns of the dialogue (all of it when historyTurns <= 0). The agent's turn and the fact
    // influence of a stored reply (persona/agent/influence.h) both build with this.
    std::string buildTurn(const std::vector<std::string>& facts, const std::vector<DialogueTurn>& dialogue,
                          int historyTurns) const;
    // The knowledge segments alone ("[Gk] fact " each), the start of every prompt built with them.
    std::string knowledgeText(const std::vector<std::string>& facts) const;
    // How many leading tokens of `promptIds` (a prompt built with `facts`, encoded for the model)
    // are its knowledge: the [Gk] segments before the dialogue. The generator's penalty-free
    // prefix (SamplingSettings::knowledgeTokens), so that the persona may restate its facts.
    size_t knowledgeTokens(const Tokenizer& tokenizer, const std::vector<std::string>& facts,
                           const std::vector<int>& promptIds) const;

    struct ParsedReply {
        std::string reply;                       // trimmed
        std::vector<std::string> proposedFacts;  // trimmed, in order, without duplicates
    };
    // Splits generated text into proposed facts and the reply (see the header comment). Text after
    // a speaker token that follows the reply is cut off.
    ParsedReply parse(const std::string& generated) const;
};

}  // namespace persona
