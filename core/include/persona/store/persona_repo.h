// Personas and their facts. Every change to the facts makes a new immutable PersonaRevision, so
// a chat held with revision 3 can always be shown with revision 3's facts.
#pragma once

#include "persona/store/store_types.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace persona::store {

class Database;

class PersonaRepo {
public:
    explicit PersonaRepo(Database& db);

    // Stores a new persona (p.id is ignored) with revision 1 holding `facts`; returns it with id
    // and times set. Throws StoreError when the name is taken, InvalidArgument for bad text.
    Persona create(Persona p, const std::vector<FactDraft>& facts = {},
                   const std::string& note = "created");

    std::vector<PersonaSummary> list();
    std::optional<Persona> find(Id id);
    std::optional<Persona> findByName(const std::string& name);
    Persona get(Id id);                          // throws StoreError when absent
    Persona getByName(const std::string& name);  // throws StoreError when absent
    // A name not yet used: `base`, else "base (2)", "base (3)"...
    std::string uniqueName(const std::string& base);

    // Writes name, gender, description, tags, avatar and sourceRef of an existing persona.
    void update(const Persona& p);
    // Removes a persona with its facts and revisions. A persona that has chats (as the persona or
    // as the partner) is kept (throws StoreError) unless withChats: then its own chats are
    // removed, and chats where it was the partner lose the partner link but keep their messages.
    // Returns the number of chats removed.
    int remove(Id id, bool withChats = false);
    // Chats where it is the persona or the partner.
    int chatCount(Id id);

    // ---- facts ----------------------------------------------------------------------------------
    PersonaRevision currentRevision(Id personaId);
    std::vector<PersonaRevision> revisions(Id personaId);  // oldest first, with their facts
    PersonaRevision revision(Id revisionId);

    // Makes a new revision with exactly these facts, in this order. A draft with id 0 is a new
    // fact; a draft with an id keeps that fact's identity (its text may change). Returns the
    // current revision unchanged when nothing differs. Cached embeddings of texts no persona uses
    // any more are dropped.
    PersonaRevision setFacts(Id personaId, const std::vector<FactDraft>& facts,
                             const std::string& note);
    // setFacts() replaces the whole list: a caller that edits a list it read earlier overwrites
    // whatever another writer committed since. The one-fact edits below read the current facts
    // and write the next revision in one write transaction, so concurrent writers lose nothing.
    PersonaRevision addFact(Id personaId, const std::string& text,
                            FactOrigin origin = FactOrigin::Typed);
    PersonaRevision editFact(Id personaId, Id factId, const std::string& text);
    PersonaRevision setFactEnabled(Id personaId, Id factId, bool enabled);
    PersonaRevision setFactOrigin(Id personaId, Id factId, FactOrigin origin);
    PersonaRevision moveFact(Id personaId, Id factId, int newPosition);
    PersonaRevision removeFact(Id personaId, Id factId);

    // What changed from revision `from` to revision `to` (same persona or not).
    std::vector<FactChange> diff(Id fromRevisionId, Id toRevisionId);
    static std::vector<FactChange> diff(const PersonaRevision& from, const PersonaRevision& to);

    // Any other read-modify-write of the facts: reads the current facts, lets `edit` change them
    // (it returns the revision note; it may throw to change nothing) and writes the next
    // revision, all inside one write transaction. `edit` must not touch other connections.
    PersonaRevision editCurrentFacts(
        Id personaId, const std::function<std::string(std::vector<FactDraft>&)>& edit);

private:
    Database& m_db;
};

}  // namespace persona::store
