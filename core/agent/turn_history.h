// The dialogue before a message of a chat tree, as the agent's turns and the fact influence of a
// stored reply both read it, and a turn's retrieval as a stored trace. Internal to core/agent.
#pragma once

#include "persona/agent/agent.h"
#include "persona/retrieve/retrieval.h"
#include "persona/store/chat_repo.h"
#include "persona/store/store_types.h"

#include <vector>

namespace persona::detail {

// The messages from the chat's root down to m's parent, oldest first (m itself not included).
std::vector<store::Message> messagesBefore(store::ChatRepo& chats, const store::Message& m);

// The messages as dialogue turns (a persona message is the persona's turn).
std::vector<DialogueTurn> dialogueOf(const std::vector<store::Message>& path);

// A turn's retrieval as the trace rows stored with its message (every fact, scored).
std::vector<store::RetrievalTraceRow> retrievalTrace(const AgentRetrieval& retrieval);

}  // namespace persona::detail
