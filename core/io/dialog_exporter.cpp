#include "persona/io/dialog_exporter.h"

#include "io/atomic_file.h"

#include "persona/error.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"

#include <nlohmann/json.hpp>

#include <unordered_map>

namespace persona::io {

using namespace persona::store;
using ordered_json = nlohmann::ordered_json;

DialogExporter::DialogExporter(Database& db) : m_db(db) {}

DialogExportSummary DialogExporter::write(std::ostream& out, const DialogExportOptions& options) {
    PersonaRepo personas(m_db);
    ChatRepo chats(m_db);
    TraceRepo traces(m_db);
    DialogExportSummary sum;

    std::vector<Chat> selected;
    if (!options.chatIds.empty()) {
        for (Id id : options.chatIds)
            selected.push_back(chats.get(id));
    } else {
        selected = options.personaId ? chats.listForPersona(*options.personaId) : chats.list();
    }

    std::unordered_map<Id, PersonaRevision> revisionCache;
    auto revisionOf = [&](Id id) -> const PersonaRevision& {
        auto it = revisionCache.find(id);
        if (it == revisionCache.end())
            it = revisionCache.emplace(id, personas.revision(id)).first;
        return it->second;
    };
    // A persona's facts as exported: one revision's, plus any labelled fact from another revision
    // of the same chat (a fact edited or removed mid-chat), so every gk index points at its text.
    struct ExportedFacts {
        std::vector<Id> ids;
        std::vector<std::string> texts;
        int indexOf(Id factId, const std::string& text) {
            for (size_t i = 0; i < ids.size(); ++i)
                if (ids[i] == factId && texts[i] == text)
                    return static_cast<int>(i);
            ids.push_back(factId);
            texts.push_back(text);
            return static_cast<int>(ids.size() - 1);
        }
    };
    auto exportedFacts = [&](const std::optional<Id>& revisionId) {
        ExportedFacts f;
        if (revisionId)
            for (const auto& fact : revisionOf(*revisionId).facts) {
                f.ids.push_back(fact.id);
                f.texts.push_back(fact.text);
            }
        return f;
    };
    auto personJson = [&](const std::optional<Id>& personaId, const ExportedFacts* facts) {
        ordered_json p;
        if (!personaId || !facts) {
            p["id"] = "user";
            p["description"] = ordered_json::array();
            p["gender"] = "unknown";
            return p;
        }
        const Persona persona = personas.get(*personaId);
        p["id"] = persona.sourceRef.empty() ? persona.name : persona.sourceRef;
        p["description"] = facts->texts;
        p["gender"] = toString(persona.gender);
        return p;
    };

    for (const Chat& chat : selected) {
        const std::vector<Message> path = chats.selectedPath(chat.id);
        // The persona side is exported with the newest revision its replies used.
        std::optional<Id> personaRev = chat.personaRevisionId;
        for (const Message& m : path)
            if (m.role == Role::Persona && m.personaRevisionId)
                personaRev = m.personaRevisionId;
        ExportedFacts personaFacts = exportedFacts(personaRev);
        ExportedFacts partnerFacts = exportedFacts(chat.partnerRevisionId);
        ordered_json dialog = ordered_json::array();
        int labels = 0;
        bool rated = false;
        for (const Message& m : path) {
            ordered_json turn;
            turn["person"] = m.role == Role::Persona ? 1 : 0;
            turn["text"] = m.text;
            ordered_json gk = ordered_json::array();
            const std::optional<Id> rev = m.role == Role::Persona
                                              ? std::optional<Id>(m.personaRevisionId.value_or(chat.personaRevisionId))
                                              : chat.partnerRevisionId;
            ExportedFacts& side = m.role == Role::Persona ? personaFacts : partnerFacts;
            const std::vector<Id> human = traces.humanSelection(m.id);
            if (rev && !human.empty()) {
                const auto& facts = revisionOf(*rev).facts;
                for (Id factId : human)
                    for (const auto& f : facts)
                        if (f.id == factId)
                            gk.push_back(side.indexOf(f.id, f.text));
            }
            labels += static_cast<int>(gk.size());
            turn["gk"] = gk;
            if (!m.emotion.empty())
                turn["emotion"] = m.emotion;
            rated = rated || traces.rating(m.id).has_value();
            dialog.push_back(std::move(turn));
        }
        if (options.labelledOnly && labels == 0 && !rated)
            continue;
        ordered_json line;
        line["persons"] = ordered_json::array(
            {personJson(chat.partnerPersonaId, chat.partnerRevisionId ? &partnerFacts : nullptr),
             personJson(chat.personaId, &personaFacts)});
        line["dialog"] = dialog;
        out << line.dump() << "\n";
        ++sum.chats;
        sum.turns += static_cast<int>(path.size());
        sum.labels += labels;
    }
    return sum;
}

DialogExportSummary DialogExporter::writeFile(const std::string& path, const DialogExportOptions& options) {
    DialogExportSummary sum;
    detail::writeAtomically(path, [&](std::ostream& out) { sum = write(out, options); });
    return sum;
}

}  // namespace persona::io
