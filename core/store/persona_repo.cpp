#include "persona/store/persona_repo.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "store/statement.h"
#include "store/text_check.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace persona::store {

namespace {

void checkPersonaFields(const Persona& p) {
    checkText(p.name, "persona name", kMaxNameBytes, false);
    checkText(p.description, "persona description", kMaxTextBytes, true);
    checkText(p.sourceRef, "persona source id", kMaxNameBytes, true);
    for (const auto& t : p.tags)
        checkText(t, "tag", kMaxTagBytes, false);
    checkText(p.avatarMime, "avatar type", kMaxNameBytes, true);
    if (p.avatar.size() > kMaxAvatarBytes)
        throw InvalidArgument("avatar is " + std::to_string(p.avatar.size()) +
                              " bytes; the limit is " + std::to_string(kMaxAvatarBytes));
}

Persona readPersona(const Statement& st) {
    Persona p;
    p.id = st.getInt(0);
    p.name = st.getText(1);
    p.gender = parseGender(st.getText(2));
    p.description = st.getText(3);
    p.avatar = st.getBlob(4);
    p.avatarMime = st.getText(5);
    p.sourceRef = st.getText(6);
    p.createdAtMs = st.getInt(7);
    p.updatedAtMs = st.getInt(8);
    return p;
}

constexpr const char* kPersonaColumns =
    "SELECT id, name, gender, description, avatar, avatar_mime, source_ref, created_at, updated_at "
    "FROM personas ";

std::vector<std::string> loadTags(sqlite3* db, Id personaId) {
    Statement st(db, "SELECT tag FROM persona_tags WHERE persona_id = ? ORDER BY position");
    st.bind(1, personaId);
    std::vector<std::string> tags;
    while (st.step())
        tags.push_back(st.getText(0));
    return tags;
}

void writeTags(sqlite3* db, Id personaId, const std::vector<std::string>& tags) {
    Statement del(db, "DELETE FROM persona_tags WHERE persona_id = ?");
    del.bind(1, personaId).run();
    Statement ins(db, "INSERT INTO persona_tags(persona_id, position, tag) VALUES (?, ?, ?)");
    int pos = 0;
    for (const auto& t : tags)
        ins.bind(1, personaId).bind(2, pos++).bind(3, t).run();
}

bool sameFacts(const std::vector<Fact>& a, const std::vector<FactDraft>& b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].id != b[i].id || a[i].text != b[i].text || a[i].origin != b[i].origin ||
            a[i].enabled != b[i].enabled)
            return false;
    }
    return true;
}

std::vector<FactDraft> drafts(const std::vector<Fact>& facts) {
    std::vector<FactDraft> out;
    out.reserve(facts.size());
    for (const auto& f : facts)
        out.push_back({f.id, f.text, f.origin, f.enabled});
    return out;
}

}  // namespace

PersonaRepo::PersonaRepo(Database& db) : m_db(db) {}

Persona PersonaRepo::create(Persona p, const std::vector<FactDraft>& facts,
                            const std::string& note) {
    checkPersonaFields(p);
    for (const auto& f : facts) {
        if (f.id != 0)
            throw InvalidArgument("a new persona's facts cannot have ids");
        checkText(f.text, "fact text", kMaxFactBytes, false);
    }
    sqlite3* db = m_db.handle();
    m_db.transaction([&] {
        {
            Statement dup(db, "SELECT 1 FROM personas WHERE name = ?");
            dup.bind(1, p.name);
            if (dup.step())
                throw StoreError("a persona named \"" + p.name + "\" already exists");
        }
        p.createdAtMs = p.updatedAtMs = nowMs();
        Statement ins(db,
                      "INSERT INTO personas(name, gender, description, avatar, avatar_mime, "
                      "source_ref, created_at, "
                      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        ins.bind(1, p.name).bind(2, toString(p.gender)).bind(3, p.description);
        if (p.avatar.empty())
            ins.bindNull(4);
        else
            ins.bindBlob(4, p.avatar);
        ins.bind(5, p.avatarMime)
            .bind(6, p.sourceRef)
            .bind(7, p.createdAtMs)
            .bind(8, p.updatedAtMs)
            .run();
        p.id = sqlite3_last_insert_rowid(db);
        writeTags(db, p.id, p.tags);

        Statement rev(db,
                      "INSERT INTO persona_revisions(persona_id, number, created_at, note) VALUES "
                      "(?, 1, ?, ?)");
        rev.bind(1, p.id).bind(2, p.createdAtMs).bind(3, note).run();
        const Id revId = sqlite3_last_insert_rowid(db);
        Statement fact(db, "INSERT INTO facts(persona_id, created_at) VALUES (?, ?)");
        Statement rf(
            db,
            "INSERT INTO revision_facts(revision_id, position, fact_id, text, origin, enabled) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        int pos = 0;
        for (const auto& f : facts) {
            fact.bind(1, p.id).bind(2, p.createdAtMs).run();
            const Id factId = sqlite3_last_insert_rowid(db);
            rf.bind(1, revId)
                .bind(2, pos++)
                .bind(3, factId)
                .bind(4, f.text)
                .bind(5, toString(f.origin))
                .bind(6, f.enabled)
                .run();
        }
    });
    return p;
}

std::vector<PersonaSummary> PersonaRepo::list() {
    sqlite3* db = m_db.handle();
    Statement st(db, R"SQL(
SELECT p.id, p.name, p.gender, p.updated_at, r.number,
       (SELECT count(*) FROM revision_facts rf WHERE rf.revision_id = r.id),
       (SELECT count(*) FROM chats c WHERE c.persona_id = p.id OR c.partner_persona_id = p.id)
FROM personas p
JOIN persona_revisions r ON r.persona_id = p.id
 AND r.number = (SELECT max(number) FROM persona_revisions r2 WHERE r2.persona_id = p.id)
ORDER BY p.name COLLATE NOCASE, p.id)SQL");
    std::vector<PersonaSummary> out;
    std::unordered_map<Id, size_t> index;
    while (st.step()) {
        PersonaSummary s;
        s.id = st.getInt(0);
        s.name = st.getText(1);
        s.gender = parseGender(st.getText(2));
        s.updatedAtMs = st.getInt(3);
        s.revisionNumber = static_cast<int>(st.getInt(4));
        s.factCount = static_cast<int>(st.getInt(5));
        s.chatCount = static_cast<int>(st.getInt(6));
        index[s.id] = out.size();
        out.push_back(std::move(s));
    }
    Statement tags(db, "SELECT persona_id, tag FROM persona_tags ORDER BY persona_id, position");
    while (tags.step()) {
        auto it = index.find(tags.getInt(0));
        if (it != index.end())
            out[it->second].tags.push_back(tags.getText(1));
    }
    return out;
}

std::optional<Persona> PersonaRepo::find(Id id) {
    Statement st(m_db.handle(), std::string(kPersonaColumns) + "WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    Persona p = readPersona(st);
    p.tags = loadTags(m_db.handle(), p.id);
    return p;
}

std::optional<Persona> PersonaRepo::findByName(const std::string& name) {
    Statement st(m_db.handle(), std::string(kPersonaColumns) + "WHERE name = ?");
    st.bind(1, name);
    if (!st.step())
        return std::nullopt;
    Persona p = readPersona(st);
    p.tags = loadTags(m_db.handle(), p.id);
    return p;
}

Persona PersonaRepo::get(Id id) {
    if (auto p = find(id))
        return *p;
    throw StoreError("no persona with id " + std::to_string(id));
}

Persona PersonaRepo::getByName(const std::string& name) {
    if (auto p = findByName(name))
        return *p;
    throw StoreError("no persona named \"" + name + "\"");
}

std::string PersonaRepo::uniqueName(const std::string& base) {
    Statement st(m_db.handle(), "SELECT 1 FROM personas WHERE name = ?");
    std::string name = base;
    for (int n = 2;; ++n) {
        st.bind(1, name);
        const bool taken = st.step();
        st.reset();
        if (!taken)
            return name;
        name = base + " (" + std::to_string(n) + ")";
    }
}

void PersonaRepo::update(const Persona& p) {
    checkPersonaFields(p);
    sqlite3* db = m_db.handle();
    m_db.transaction([&] {
        Statement dup(db, "SELECT 1 FROM personas WHERE name = ? AND id <> ?");
        dup.bind(1, p.name).bind(2, p.id);
        if (dup.step())
            throw StoreError("a persona named \"" + p.name + "\" already exists");
        Statement st(db,
                     "UPDATE personas SET name = ?, gender = ?, description = ?, avatar = ?, "
                     "avatar_mime = ?, "
                     "source_ref = ?, updated_at = ? WHERE id = ?");
        st.bind(1, p.name).bind(2, toString(p.gender)).bind(3, p.description);
        if (p.avatar.empty())
            st.bindNull(4);
        else
            st.bindBlob(4, p.avatar);
        st.bind(5, p.avatarMime).bind(6, p.sourceRef).bind(7, nowMs()).bind(8, p.id).run();
        if (sqlite3_changes(db) == 0)
            throw StoreError("no persona with id " + std::to_string(p.id));
        writeTags(db, p.id, p.tags);
    });
}

int PersonaRepo::chatCount(Id id) {
    Statement st(m_db.handle(),
                 "SELECT count(*) FROM chats WHERE persona_id = ? OR partner_persona_id = ?");
    st.bind(1, id).bind(2, id);
    st.step();
    return static_cast<int>(st.getInt(0));
}

int PersonaRepo::remove(Id id, bool withChats) {
    sqlite3* db = m_db.handle();
    int removed = 0;
    m_db.transaction([&] {
        const Persona p = get(id);
        const int chats = chatCount(id);
        if (chats > 0 && !withChats)
            throw StoreError("persona \"" + p.name + "\" has " + std::to_string(chats) +
                             " chat(s); remove them first or remove the persona with its chats");
        // Chats where it is the partner keep their messages but lose the partner link; the
        // revision rows they point to go with the persona.
        Statement unlink(db,
                         "UPDATE chats SET partner_persona_id = NULL, partner_revision_id = NULL "
                         "WHERE partner_persona_id = ? AND persona_id <> ?");
        unlink.bind(1, id).bind(2, id).run();
        Statement delChats(db, "DELETE FROM chats WHERE persona_id = ?");
        delChats.bind(1, id).run();
        removed = sqlite3_changes(db);
        Statement del(db, "DELETE FROM personas WHERE id = ?");
        del.bind(1, id).run();
    });
    return removed;
}

PersonaRevision PersonaRepo::revision(Id revisionId) {
    sqlite3* db = m_db.handle();
    Statement st(
        db, "SELECT id, persona_id, number, created_at, note FROM persona_revisions WHERE id = ?");
    st.bind(1, revisionId);
    if (!st.step())
        throw StoreError("no persona revision with id " + std::to_string(revisionId));
    PersonaRevision r;
    r.id = st.getInt(0);
    r.personaId = st.getInt(1);
    r.number = static_cast<int>(st.getInt(2));
    r.createdAtMs = st.getInt(3);
    r.note = st.getText(4);
    Statement facts(
        db,
        "SELECT fact_id, text, origin, enabled FROM revision_facts WHERE revision_id = ? "
        "ORDER BY position");
    facts.bind(1, revisionId);
    while (facts.step())
        r.facts.push_back({facts.getInt(0), facts.getText(1), parseFactOrigin(facts.getText(2)),
                           facts.getInt(3) != 0});
    return r;
}

PersonaRevision PersonaRepo::currentRevision(Id personaId) {
    Statement st(
        m_db.handle(),
        "SELECT id FROM persona_revisions WHERE persona_id = ? ORDER BY number DESC LIMIT 1");
    st.bind(1, personaId);
    if (!st.step())
        throw StoreError("no persona with id " + std::to_string(personaId));
    return revision(st.getInt(0));
}

std::vector<PersonaRevision> PersonaRepo::revisions(Id personaId) {
    std::vector<Id> ids;
    {
        Statement st(m_db.handle(),
                     "SELECT id FROM persona_revisions WHERE persona_id = ? ORDER BY number");
        st.bind(1, personaId);
        while (st.step())
            ids.push_back(st.getInt(0));
    }
    std::vector<PersonaRevision> out;
    for (Id id : ids)
        out.push_back(revision(id));
    return out;
}

PersonaRevision PersonaRepo::setFacts(Id personaId, const std::vector<FactDraft>& facts,
                                      const std::string& note) {
    for (const auto& f : facts)
        checkText(f.text, "fact text", kMaxFactBytes, false);
    checkText(note, "revision note", kMaxTextBytes, true);
    sqlite3* db = m_db.handle();
    PersonaRevision result;
    m_db.transaction([&] {
        const PersonaRevision current = currentRevision(personaId);
        if (sameFacts(current.facts, facts)) {
            result = current;
            return;
        }
        std::set<Id> seen;
        Statement owner(db, "SELECT persona_id FROM facts WHERE id = ?");
        for (const auto& f : facts) {
            if (f.id == 0)
                continue;
            if (!seen.insert(f.id).second)
                throw InvalidArgument("fact " + std::to_string(f.id) + " appears twice");
            owner.bind(1, f.id);
            const bool found = owner.step();
            const Id ownerId = found ? owner.getInt(0) : 0;
            owner.reset();
            if (ownerId != personaId)
                throw InvalidArgument("fact " + std::to_string(f.id) +
                                      " does not belong to persona " + std::to_string(personaId));
        }
        const std::int64_t now = nowMs();
        Statement rev(db,
                      "INSERT INTO persona_revisions(persona_id, number, created_at, note) VALUES "
                      "(?, ?, ?, ?)");
        rev.bind(1, personaId).bind(2, current.number + 1).bind(3, now).bind(4, note).run();
        const Id revId = sqlite3_last_insert_rowid(db);
        Statement newFact(db, "INSERT INTO facts(persona_id, created_at) VALUES (?, ?)");
        Statement rf(
            db,
            "INSERT INTO revision_facts(revision_id, position, fact_id, text, origin, enabled) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        int pos = 0;
        for (const auto& f : facts) {
            Id factId = f.id;
            if (factId == 0) {
                newFact.bind(1, personaId).bind(2, now).run();
                factId = sqlite3_last_insert_rowid(db);
            }
            rf.bind(1, revId)
                .bind(2, pos++)
                .bind(3, factId)
                .bind(4, f.text)
                .bind(5, toString(f.origin))
                .bind(6, f.enabled)
                .run();
        }
        Statement touch(db, "UPDATE personas SET updated_at = ? WHERE id = ?");
        touch.bind(1, now).bind(2, personaId).run();

        // Embeddings of texts that no persona's current facts use any more are stale.
        std::set<std::string> kept;
        for (const auto& f : facts)
            kept.insert(f.text);
        Statement drop(db, R"SQL(
DELETE FROM embedding_cache WHERE text = ?1 AND NOT EXISTS (
  SELECT 1 FROM revision_facts rf JOIN persona_revisions r ON r.id = rf.revision_id
  WHERE rf.text = ?1 AND r.number = (SELECT max(number) FROM persona_revisions r2 WHERE r2.persona_id = r.persona_id)))SQL");
        for (const auto& f : current.facts) {
            if (!kept.count(f.text))
                drop.bind(1, f.text).run();
        }
        result = revision(revId);
    });
    return result;
}

// Every edit of one fact reads the current facts and writes the next revision in ONE write
// transaction (BEGIN IMMEDIATE takes the write lock first), so two writers, on two connections or
// in two processes, cannot both build revision N+1 from revision N and lose one's change.
PersonaRevision PersonaRepo::editCurrentFacts(
    Id personaId, const std::function<std::string(std::vector<FactDraft>&)>& edit) {
    PersonaRevision result;
    m_db.transaction([&] {
        auto facts = drafts(currentRevision(personaId).facts);
        const std::string note = edit(facts);
        result = setFacts(personaId, facts, note);
    });
    return result;
}

PersonaRevision PersonaRepo::addFact(Id personaId, const std::string& text, FactOrigin origin) {
    return editCurrentFacts(personaId, [&](std::vector<FactDraft>& facts) {
        facts.push_back({0, text, origin, true});
        return std::string("added a fact");
    });
}

namespace {
std::vector<FactDraft>::iterator findDraft(std::vector<FactDraft>& facts, Id factId) {
    auto it = std::find_if(facts.begin(), facts.end(),
                           [&](const FactDraft& f) { return f.id == factId; });
    if (it == facts.end())
        throw InvalidArgument("fact " + std::to_string(factId) + " is not in the current facts");
    return it;
}
}  // namespace

PersonaRevision PersonaRepo::editFact(Id personaId, Id factId, const std::string& text) {
    return editCurrentFacts(personaId, [&](std::vector<FactDraft>& facts) {
        findDraft(facts, factId)->text = text;
        return std::string("edited a fact");
    });
}

PersonaRevision PersonaRepo::setFactEnabled(Id personaId, Id factId, bool enabled) {
    return editCurrentFacts(personaId, [&](std::vector<FactDraft>& facts) {
        findDraft(facts, factId)->enabled = enabled;
        return std::string(enabled ? "enabled a fact" : "disabled a fact");
    });
}

PersonaRevision PersonaRepo::setFactOrigin(Id personaId, Id factId, FactOrigin origin) {
    return editCurrentFacts(personaId, [&](std::vector<FactDraft>& facts) {
        findDraft(facts, factId)->origin = origin;
        return std::string(origin == FactOrigin::Approved ? "approved a fact"
                                                          : "changed a fact's origin");
    });
}

PersonaRevision PersonaRepo::moveFact(Id personaId, Id factId, int newPosition) {
    return editCurrentFacts(personaId, [&](std::vector<FactDraft>& facts) {
        auto it = findDraft(facts, factId);
        if (newPosition < 0 || newPosition >= static_cast<int>(facts.size()))
            throw InvalidArgument("position " + std::to_string(newPosition) + " is outside 0.." +
                                  std::to_string(facts.size() - 1));
        FactDraft moved = *it;
        facts.erase(it);
        facts.insert(facts.begin() + newPosition, moved);
        return std::string("moved a fact");
    });
}

PersonaRevision PersonaRepo::removeFact(Id personaId, Id factId) {
    return editCurrentFacts(personaId, [&](std::vector<FactDraft>& facts) {
        facts.erase(findDraft(facts, factId));
        return std::string("removed a fact");
    });
}

std::vector<FactChange> PersonaRepo::diff(Id fromRevisionId, Id toRevisionId) {
    return diff(revision(fromRevisionId), revision(toRevisionId));
}

}  // namespace persona::store
