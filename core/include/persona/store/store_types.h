// Plain data of the persona store: what the repositories read and write. Standard library only,
// so the GUI, the CLI and the agent can hold these by value and pass them between threads.
// Times are milliseconds since the Unix epoch (UTC); ids are SQLite rowids (0 = not stored yet).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace persona::store {

using Id = std::int64_t;

// Size limits, in bytes of UTF-8. Larger input is rejected (by the repositories and importers).
inline constexpr std::size_t kMaxNameBytes = 200;
inline constexpr std::size_t kMaxTagBytes = 100;
inline constexpr std::size_t kMaxFactBytes = 2000;
inline constexpr std::size_t kMaxTextBytes = 64 * 1024;  // messages, descriptions
inline constexpr std::size_t kMaxAvatarBytes = 16 * 1024 * 1024;

enum class Gender { Male, Female, Unknown };
// Where a fact came from: typed by the user, imported from a file, proposed by the model (not yet
// reviewed), or approved by the user from such a proposal.
enum class FactOrigin { Typed, Imported, Proposed, Approved };
enum class Role { User, Persona };

// "male" / "female" / "unknown", the spelling of the seed data. Parsing throws InvalidArgument.
std::string toString(Gender g);
std::string toString(FactOrigin o);
std::string toString(Role r);
Gender parseGender(const std::string& s);
FactOrigin parseFactOrigin(const std::string& s);
Role parseRole(const std::string& s);

// One fact as it stands in one revision. `id` is the fact's identity across revisions: editing a
// fact's text keeps its id, so diffs can tell "changed" from "removed + added".
struct Fact {
    Id id = 0;
    std::string text;
    FactOrigin origin = FactOrigin::Typed;
    bool enabled = true;
};

// A fact to put into a new revision: id 0 makes a new fact, an existing id keeps its identity.
struct FactDraft {
    Id id = 0;
    std::string text;
    FactOrigin origin = FactOrigin::Typed;
    bool enabled = true;
};

// Every change to a persona's facts makes a new immutable revision (numbered 1, 2, ...).
struct PersonaRevision {
    Id id = 0;
    Id personaId = 0;
    int number = 0;
    std::int64_t createdAtMs = 0;
    std::string note;         // what changed, in words ("added a fact", "imported from ...")
    std::vector<Fact> facts;  // in order
};

struct Persona {
    Id id = 0;
    std::string name;  // unique in the store
    Gender gender = Gender::Unknown;
    std::string description;
    std::vector<std::string> tags;
    std::string avatar;      // image bytes (PNG, JPEG...), empty when none
    std::string avatarMime;  // "image/png", ...
    std::string sourceRef;   // the id it had in the file it was imported from, if any
    std::int64_t createdAtMs = 0;
    std::int64_t updatedAtMs = 0;
};

// A row of the persona list: cheap to load for all personas at once (no facts, no avatar).
struct PersonaSummary {
    Id id = 0;
    std::string name;
    Gender gender = Gender::Unknown;
    std::vector<std::string> tags;
    int factCount = 0;       // in the current revision
    int revisionNumber = 0;  // the current revision
    int chatCount = 0;       // as the persona or as the partner
    std::int64_t updatedAtMs = 0;
};

// A change between two revisions (see PersonaRepo::diff).
struct FactChange {
    enum class Kind { Added, Removed, TextChanged, Moved, EnabledChanged, OriginChanged };
    Kind kind = Kind::Added;
    Id factId = 0;
    std::string oldText, newText;
    int oldPosition = -1, newPosition = -1;  // -1 where the fact is absent
    bool oldEnabled = false, newEnabled = false;
};
std::string toString(FactChange::Kind k);

// A conversation with one persona, held with one revision of its facts. Seed dialogues have a
// second persona on the user's side (its facts carry gk labels too): the partner.
struct Chat {
    Id id = 0;
    Id personaId = 0;
    Id personaRevisionId = 0;
    std::optional<Id> partnerPersonaId;
    std::optional<Id> partnerRevisionId;
    std::string title;
    std::string sourceRef;
    std::int64_t createdAtMs = 0;
    std::int64_t updatedAtMs = 0;
};

// A chat is a tree: a regenerated reply is a sibling of the one it replaces. Among siblings one
// is selected; the selected path from the root is the conversation shown.
struct Message {
    Id id = 0;
    Id chatId = 0;
    std::optional<Id> parentId;
    Role role = Role::User;
    std::string text;
    std::int64_t createdAtMs = 0;
    bool selected = true;      // selected among its siblings
    std::string emotion;       // seed label ("neutral", ...), empty when none
    std::string settingsJson;  // generation settings of a persona message, empty otherwise
    // The persona revision whose facts a generated persona message used; absent for user
    // messages and imported turns (they go with the chat's revision).
    std::optional<Id> personaRevisionId;
};

// The retrieval score of one fact for one turn.
struct RetrievalTraceRow {
    Id factId = 0;
    std::string factText;
    std::optional<double> score;  // absent for labels without a model run (imported gk)
    std::optional<int> rank;      // 1 = best
    bool selectedByModel = false;
    bool selectedByHuman = false;
    std::map<std::string, double> components;  // named parts of the score: "biencoder", "bm25"
};

struct TokenAlternative {
    int id = 0;
    std::string text;  // the token's bytes: may be partial UTF-8 (byte-level BPE)
    double prob = 0.0;
    // What the sampler chain did to it: the stage that removed it (empty: it reached the pick),
    // its probability after the chain (absent: not recorded, e.g. traces older than the chain or
    // forced tokens), and the logit changes of the stages that move logits ("dry", -1.8).
    std::string cutBy;
    std::optional<double> probAfter;
    std::vector<std::pair<std::string, double>> changes;
};

struct TokenTraceRow {
    int position = 0;  // 0-based index among the generated tokens
    int id = 0;
    std::string text;  // bytes, may be partial UTF-8
    double prob = 0.0;
    std::vector<TokenAlternative> alternatives;  // best first
};

// The seed's three labels of a reply, plus a comment. Absent = not rated.
struct Rating {
    std::optional<int> logical;
    std::optional<int> specific;
    std::optional<int> personal;
    std::string comment;
    std::int64_t updatedAtMs = 0;
};

// One shown turn with everything recorded about it: what a GUI worker loads in one call and
// hands to the GUI thread by value.
struct TurnView {
    Message message;
    int alternativeIndex = 0;  // its place among its siblings (regenerated replies), 0-based
    int alternativeCount = 1;
    std::vector<RetrievalTraceRow> retrieval;
    std::vector<TokenTraceRow> tokens;
    std::optional<Rating> rating;
};

// Everything the agent writes for one generated reply, stored in one transaction.
struct PersonaTurn {
    Id chatId = 0;
    std::optional<Id> parentId;  // the user message it answers (or the sibling's parent)
    std::string text;
    std::string settingsJson;  // generation settings used (JSON object)
    Id personaRevisionId = 0;  // the revision whose facts were scored (0: the chat's)
    std::vector<RetrievalTraceRow> retrieval;
    std::vector<TokenTraceRow> tokens;
};

}  // namespace persona::store
