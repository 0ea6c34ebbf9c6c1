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

}  // namespace persona::detail
