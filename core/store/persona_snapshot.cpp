#include "persona/store/persona_snapshot.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "store/statement.h"

namespace persona::store {

PersonaSnapshot snapshotPersona(Database& db, Id personaId) {
    PersonaSnapshot s;
    db.readTransaction([&] {
        PersonaRepo repo(db);
        s.persona = repo.get(personaId);
        s.revisions = repo.revisions(personaId);
        Statement st(db.handle(), "SELECT id, created_at FROM facts WHERE persona_id = ? ORDER BY id");
        st.bind(1, personaId);
        while (st.step()) {
            s.factIds.push_back(st.getInt(0));
            s.factCreatedAtMs.push_back(st.getInt(1));
        }
    });
    return s;
}

void restorePersona(Database& db, const PersonaSnapshot& s) {
    sqlite3* h = db.handle();
    db.transaction([&] {
        if (PersonaRepo(db).findByName(s.persona.name))
            throw StoreError("a persona named \"" + s.persona.name + "\" exists again; rename it first");
        if (PersonaRepo(db).find(s.persona.id))
            throw StoreError("persona id " + std::to_string(s.persona.id) + " is in use");
        Statement p(h,
                    "INSERT INTO personas(id, name, gender, description, avatar, avatar_mime, source_ref, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        p.bind(1, s.persona.id).bind(2, s.persona.name).bind(3, toString(s.persona.gender)).bind(4, s.persona.description);
        if (s.persona.avatar.empty())
            p.bindNull(5);
        else
            p.bindBlob(5, s.persona.avatar);
        p.bind(6, s.persona.avatarMime).bind(7, s.persona.sourceRef).bind(8, s.persona.createdAtMs)
            .bind(9, s.persona.updatedAtMs).run();
        Statement tag(h, "INSERT INTO persona_tags(persona_id, position, tag) VALUES (?, ?, ?)");
        for (size_t i = 0; i < s.persona.tags.size(); ++i) {
            tag.bind(1, s.persona.id).bind(2, static_cast<std::int64_t>(i)).bind(3, s.persona.tags[i]).run();
            tag.reset();
        }
        Statement fact(h, "INSERT INTO facts(id, persona_id, created_at) VALUES (?, ?, ?)");
        for (size_t i = 0; i < s.factIds.size(); ++i) {
            fact.bind(1, s.factIds[i]).bind(2, s.persona.id).bind(3, s.factCreatedAtMs[i]).run();
            fact.reset();
        }
        Statement rev(h, "INSERT INTO persona_revisions(id, persona_id, number, created_at, note) VALUES (?, ?, ?, ?, ?)");
        Statement rf(h,
                     "INSERT INTO revision_facts(revision_id, position, fact_id, text, origin, enabled) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
        for (const auto& r : s.revisions) {
            rev.bind(1, r.id).bind(2, s.persona.id).bind(3, r.number).bind(4, r.createdAtMs).bind(5, r.note).run();
            rev.reset();
            for (size_t i = 0; i < r.facts.size(); ++i) {
                const Fact& f = r.facts[i];
                rf.bind(1, r.id).bind(2, static_cast<std::int64_t>(i)).bind(3, f.id).bind(4, f.text)
                    .bind(5, toString(f.origin)).bind(6, f.enabled ? 1 : 0).run();
                rf.reset();
            }
        }
    });
}

}  // namespace persona::store
