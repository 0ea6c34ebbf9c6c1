#include "agent/turn_history.h"

#include <algorithm>

namespace persona::detail {

std::vector<store::Message> messagesBefore(store::ChatRepo& chats, const store::Message& m) {
    std::vector<store::Message> path;
    for (std::optional<store::Id> cursor = m.parentId; cursor;) {
        auto msg = chats.message(*cursor);
        cursor = msg.parentId;
        path.push_back(std::move(msg));
    }
    std::reverse(path.begin(), path.end());
    return path;
}

std::vector<DialogueTurn> dialogueOf(const std::vector<store::Message>& path) {
    std::vector<DialogueTurn> d;
    for (const auto& m : path) d.push_back({m.role == store::Role::Persona, m.text});
    return d;
}

std::vector<store::RetrievalTraceRow> retrievalTrace(const AgentRetrieval& retrieval) {
    std::vector<store::RetrievalTraceRow> rows;
    for (const auto& f : retrieval.facts) {
        store::RetrievalTraceRow row;
        row.factId = f.factId;
        row.factText = f.text;
        row.score = f.score.score;
        row.rank = f.score.rank;
        row.selectedByModel = f.score.selected;
        row.components = f.score.components;
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace persona::detail
