#include "persona/io/dialog_exporter.h"

#include "persona/error.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
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
    auto personJson = [&](const std::optional<Id>& personaId, const std::optional<Id>& revisionId) {
        ordered_json p;
        if (!personaId || !revisionId) {
            p["id"] = "user";
            p["description"] = ordered_json::array();
            p["gender"] = "unknown";
            return p;
        }
        const Persona persona = personas.get(*personaId);
        p["id"] = persona.sourceRef.empty() ? persona.name : persona.sourceRef;
        ordered_json facts = ordered_json::array();
        for (const auto& f : revisionOf(*revisionId).facts)
            facts.push_back(f.text);
        p["description"] = facts;
        p["gender"] = toString(persona.gender);
        return p;
    };

    for (const Chat& chat : selected) {
        const std::vector<Message> path = chats.selectedPath(chat.id);
        ordered_json dialog = ordered_json::array();
        int labels = 0;
        bool rated = false;
        for (const Message& m : path) {
            ordered_json turn;
            turn["person"] = m.role == Role::Persona ? 1 : 0;
            turn["text"] = m.text;
            ordered_json gk = ordered_json::array();
            const std::optional<Id> rev = m.role == Role::Persona
                                              ? std::optional<Id>(chat.personaRevisionId)
                                              : chat.partnerRevisionId;
            const std::vector<Id> human = traces.humanSelection(m.id);
            if (rev && !human.empty()) {
                const auto& facts = revisionOf(*rev).facts;
                for (Id factId : human) {
                    for (size_t i = 0; i < facts.size(); ++i)
                        if (facts[i].id == factId)
                            gk.push_back(static_cast<int>(i));
                }
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
        line["persons"] =
            ordered_json::array({personJson(chat.partnerPersonaId, chat.partnerRevisionId),
                                 personJson(chat.personaId, chat.personaRevisionId)});
        line["dialog"] = dialog;
        out << line.dump() << "\n";
        ++sum.chats;
        sum.turns += static_cast<int>(path.size());
        sum.labels += labels;
    }
    return sum;
}

DialogExportSummary DialogExporter::writeFile(const std::string& path,
                                              const DialogExportOptions& options) {
    const std::string tmp = path + ".part";
    DialogExportSummary sum;
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw IoError("cannot write " + tmp);
        try {
            sum = write(out, options);
        } catch (...) {
            out.close();
            std::remove(tmp.c_str());
            throw;
        }
        out.close();
        if (!out) {
            std::remove(tmp.c_str());
            throw IoError("cannot write " + tmp);
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw IoError("cannot rename " + tmp + " to " + path);
    }
    return sum;
}

}  // namespace persona::io
