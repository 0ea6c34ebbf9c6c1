// What happened inside each turn: the retrieval score of every fact, the generated tokens with
// their alternatives, the human labels (selected facts, ratings).
#pragma once

#include "persona/store/store_types.h"

#include <optional>
#include <string>
#include <vector>

namespace persona::store {

class Database;

// How often the retriever scored and selected one fact over a persona's replies.
struct FactSelectionCount {
    Id factId = 0;
    int scored = 0;    // replies whose retrieval trace has the fact
    int selected = 0;  // of those, replies where the retriever selected it
};

class TraceRepo {
public:
    explicit TraceRepo(Database& db);

    // Replaces the message's retrieval trace. Fact ids must be facts of the revision the chat
    // holds for the message's speaker.
    void writeRetrieval(Id messageId, const std::vector<RetrievalTraceRow>& rows);
    std::vector<RetrievalTraceRow> retrieval(Id messageId);  // in the order written

    // The human label: exactly these facts (of the speaker's revision) were used in this turn.
    // Facts without a trace row get one without a score.
    void setHumanSelection(Id messageId, const std::vector<Id>& factIds);
    std::vector<Id> humanSelection(Id messageId);

    void writeTokens(Id messageId, const std::vector<TokenTraceRow>& tokens);  // replaces
    std::vector<TokenTraceRow> tokens(Id messageId);

    // The fact influence of a persona message as a JSON document (persona/agent/influence.h
    // writes and reads it); replaces what was stored.
    void writeInfluence(Id messageId, const std::string& resultJson);
    std::optional<std::string> influence(Id messageId);

    // Over every reply of the persona (all its chats, every branch): per fact with a trace row.
    std::vector<FactSelectionCount> selectionCounts(Id personaId);
    // The stored influence documents of the persona's replies, oldest reply first.
    std::vector<std::string> influenceOfPersona(Id personaId);

    void setRating(Id messageId, const Rating& rating);
    std::optional<Rating> rating(Id messageId);
    void clearRating(Id messageId);

private:
    Database& m_db;
};

}  // namespace persona::store
