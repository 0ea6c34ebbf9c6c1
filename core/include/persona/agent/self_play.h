// Self-play (the research project's): two personas talk to each other. The transcript is stored as
// a chat of persona A with persona B as its partner (store::Chat::partnerPersonaId /
// partnerRevisionId): B's lines are the chat's user messages, A's lines its persona replies. A's
// replies are ordinary agent turns (Agent::answer: retrieval and token traces stored); B's lines
// are agent turns of B over the same dialogue seen from B's side (Agent::draft), each stored with
// B's selected facts as its retrieval trace, the way imported seed dialogues carry the partner's
// labels. Standard library only.
#pragma once

#include "persona/agent/agent.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace persona {

struct SelfPlayOptions {
    int turns = 4;        // exchanges: B speaks, A answers; the chat gets 2 * turns messages
    std::string opening;  // B's first line; empty: B's model writes it from its facts alone
    std::string title;    // empty: "Self-play: A × B"
    AgentSettings settings;  // for both speakers
};

// How often one fact was selected (went into the prompt) over a speaker's lines.
struct SelfPlayFactCount {
    int64_t factId = 0;
    std::string text;
    int count = 0;
};

struct SelfPlayLine {
    bool fromA = false;
    std::string text;
    std::vector<int64_t> factIds;  // the speaker's facts selected for this line
};

struct SelfPlayResult {
    int64_t chatId = 0;
    std::vector<SelfPlayLine> lines;
    std::vector<SelfPlayFactCount> usageA, usageB;  // every enabled fact of each revision, in its order
    bool cancelled = false;                 // the chat keeps the lines made before the stop
};

// Throws InvalidArgument for turns < 1 or the same persona twice, StoreError for an unknown persona.
// onLine(done, total) after each line.
SelfPlayResult selfPlay(store::Database& db, const AgentModels& models, int64_t personaA, int64_t personaB,
                        const SelfPlayOptions& options, const std::function<void(int, int)>& onLine = {},
                        const std::atomic_bool* cancel = nullptr);

}  // namespace persona
