#include "persona/agent/self_play.h"

#include "agent/turn_history.h"

#include "persona/error.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"

#include <map>

namespace persona {

namespace {

std::vector<SelfPlayFactCount> usageOf(const store::PersonaRevision& revision, const std::vector<SelfPlayLine>& lines,
                               bool fromA) {
    std::map<int64_t, int> counts;
    for (const auto& line : lines)
        if (line.fromA == fromA)
            for (int64_t id : line.factIds) ++counts[id];
    std::vector<SelfPlayFactCount> out;
    for (const auto& f : revision.facts)
        if (f.enabled || counts.count(f.id)) out.push_back({f.id, f.text, counts[f.id]});
    return out;
}

}  // namespace

SelfPlayResult selfPlay(store::Database& db, const AgentModels& models, int64_t personaA, int64_t personaB,
                        const SelfPlayOptions& options, const std::function<void(int, int)>& onLine,
                        const std::atomic_bool* cancel) {
    if (options.turns < 1) throw InvalidArgument("self-play needs at least one turn, not " + std::to_string(options.turns));
    if (personaA == personaB) throw InvalidArgument("self-play needs two different personas");
    store::PersonaRepo personas(db);
    const auto a = personas.get(personaA);
    const auto b = personas.get(personaB);
    const auto revisionA = personas.currentRevision(personaA);
    const auto revisionB = personas.currentRevision(personaB);

    store::Chat chat;
    chat.personaId = personaA;
    chat.personaRevisionId = revisionA.id;
    chat.partnerPersonaId = personaB;
    chat.partnerRevisionId = revisionB.id;
    chat.title = options.title.empty() ? "Self-play: " + a.name + " × " + b.name : options.title;
    store::ChatRepo chats(db);
    SelfPlayResult result;
    result.chatId = chats.create(chat).id;

    Agent agent(db, models);
    std::vector<DialogueTurn> fromB;  // the dialogue as B sees it: A's lines are the user's
    std::optional<store::Id> parent;
    const int total = 2 * options.turns;
    auto stopped = [&] { return cancel && cancel->load(); };
    for (int i = 0; i < options.turns && !stopped(); ++i) {
        SelfPlayLine lineB;
        std::vector<store::RetrievalTraceRow> traceB;
        if (i == 0 && !options.opening.empty()) {
            lineB.text = options.opening;
        } else {
            const auto turn = agent.draft(revisionB, fromB, options.settings, {}, cancel);
            if (turn.generation.stopReason == StopReason::Cancelled) break;
            lineB.text = turn.reply;
            lineB.factIds = turn.retrieval.selectedFactIds;
            traceB = detail::retrievalTrace(turn.retrieval);
        }
        const auto message = chats.addMessage(result.chatId, parent, store::Role::User, lineB.text);
        if (!traceB.empty()) store::TraceRepo(db).writeRetrieval(message.id, traceB);
        fromB.push_back({true, lineB.text});
        result.lines.push_back(std::move(lineB));
        if (onLine) onLine(static_cast<int>(result.lines.size()), total);

        const auto turn = agent.answer(message.id, options.settings, {}, cancel);
        if (!turn.personaMessageId) break;  // stopped before its first token
        parent = turn.personaMessageId;
        fromB.push_back({false, turn.reply});
        result.lines.push_back({true, turn.reply, turn.retrieval.selectedFactIds});
        if (onLine) onLine(static_cast<int>(result.lines.size()), total);
    }
    result.cancelled = static_cast<int>(result.lines.size()) < total;
    result.usageA = usageOf(revisionA, result.lines, true);
    result.usageB = usageOf(revisionB, result.lines, false);
    return result;
}

}  // namespace persona
