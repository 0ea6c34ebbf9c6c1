#include "io/import_bundle.h"

#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"

#include <unordered_map>

namespace persona::io {

using namespace persona::store;

ImportSummary writeBundle(Database& db, const ImportBundle& bundle) {
    ImportSummary sum;
    db.transaction([&] {
        PersonaRepo personas(db);
        ChatRepo chats(db);
        TraceRepo traces(db);
        std::vector<std::vector<PersonaRevision>> revs(bundle.personas.size());
        for (size_t i = 0; i < bundle.personas.size(); ++i) {
            const BundlePersona& bp = bundle.personas[i];
            Persona p = bp.persona;
            p.name = personas.uniqueName(p.name);
            p = personas.create(p, bp.revisions.at(0), bp.note);
            sum.personaIds.push_back(p.id);
            revs[i].push_back(personas.currentRevision(p.id));
            ++sum.personas;
            ++sum.revisions;
            sum.facts += static_cast<int>(bp.revisions[0].size());
            for (size_t r = 1; r < bp.revisions.size(); ++r) {
                // Keep each fact's identity across revisions by its text, so diffs show what
                // really changed from one dialogue's facts to the next.
                std::unordered_map<std::string, std::vector<Id>> byText;
                for (size_t k = r; k-- > 0;)
                    for (const auto& f : revs[i][k].facts)
                        byText[f.text].push_back(f.id);
                std::vector<FactDraft> drafts = bp.revisions[r];
                std::unordered_map<Id, bool> used;
                for (auto& d : drafts) {
                    auto it = byText.find(d.text);
                    if (it == byText.end())
                        continue;
                    for (Id id : it->second) {
                        if (!used[id]) {
                            d.id = id;
                            used[id] = true;
                            break;
                        }
                    }
                }
                const PersonaRevision before = revs[i].back();
                revs[i].push_back(personas.setFacts(p.id, drafts, bp.note));
                if (revs[i].back().id != before.id) {
                    ++sum.revisions;
                    sum.facts += static_cast<int>(drafts.size());
                }
            }
        }
        for (const BundleChat& bc : bundle.chats) {
            Chat c;
            c.personaId = sum.personaIds.at(bc.persona);
            const PersonaRevision& rev = revs[bc.persona].at(bc.personaRevision);
            c.personaRevisionId = rev.id;
            const PersonaRevision* partnerRev = nullptr;
            if (bc.partner) {
                c.partnerPersonaId = sum.personaIds.at(*bc.partner);
                partnerRev = &revs[*bc.partner].at(bc.partnerRevision);
                c.partnerRevisionId = partnerRev->id;
            }
            c.title = bc.title;
            c.sourceRef = bc.sourceRef;
            c = chats.create(c);
            sum.chatIds.push_back(c.id);
            ++sum.chats;
            std::optional<Id> parent;
            for (const BundleTurn& t : bc.turns) {
                const Message m = chats.addMessage(c.id, parent, t.role, t.text, t.emotion);
                parent = m.id;
                ++sum.messages;
                if (t.gk.empty())
                    continue;
                const PersonaRevision& speaker = t.role == Role::Persona ? rev : *partnerRev;
                std::vector<Id> ids;
                for (int g : t.gk)
                    ids.push_back(speaker.facts.at(static_cast<size_t>(g)).id);
                traces.setHumanSelection(m.id, ids);
                sum.labels += static_cast<int>(ids.size());
            }
        }
    });
    return sum;
}

}  // namespace persona::io
