// persona-cli persona list | show NAME | add NAME | add-fact NAME TEXT | remove NAME | diff NAME A
// B Every command takes --db FILE and prints one JSON document.
#include "cli.h"
#include "store_options.h"

#include "persona/error.h"
#include "persona/store/persona_repo.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <ostream>

namespace persona::cli {

using namespace persona::store;
using json = nlohmann::ordered_json;

namespace {

struct PersonaOptions {
    std::string db;
    std::string name;
    std::string text;
    std::string gender = "unknown";
    std::string description;
    std::vector<std::string> tags;
    std::string origin = "typed";
    bool withChats = false;
    int from = 0, to = 0;
};

json factsJson(const std::vector<Fact>& facts) {
    json out = json::array();
    for (const auto& f : facts)
        out.push_back({{"id", f.id},
                       {"text", f.text},
                       {"origin", toString(f.origin)},
                       {"enabled", f.enabled}});
    return out;
}

json personaJson(PersonaRepo& repo, const Persona& p) {
    const PersonaRevision rev = repo.currentRevision(p.id);
    json j;
    j["id"] = p.id;
    j["name"] = p.name;
    j["gender"] = toString(p.gender);
    j["description"] = p.description;
    j["tags"] = p.tags;
    j["source_ref"] = p.sourceRef;
    j["avatar_bytes"] = p.avatar.size();
    j["created_at_ms"] = p.createdAtMs;
    j["updated_at_ms"] = p.updatedAtMs;
    j["revision"] = rev.number;
    j["revisions"] = repo.revisions(p.id).size();
    j["chats"] = repo.chatCount(p.id);
    j["facts"] = factsJson(rev.facts);
    return j;
}

PersonaRevision revisionByNumber(PersonaRepo& repo, Id personaId, int number) {
    for (auto& r : repo.revisions(personaId))
        if (r.number == number)
            return r;
    throw InvalidArgument("the persona has no revision " + std::to_string(number));
}

}  // namespace

// One function per subcommand of "persona" (each registers its options and its callback).
namespace {

using Options = std::shared_ptr<PersonaOptions>;

// All personas.
void addList(CLI::App* group, Context& ctx, const Options& o) {
    auto* list =
        group->add_subcommand("list", "All personas: name, gender, tags, fact and chat counts");
    addDbOption(*list, o->db);
    list->callback([&ctx, o] {
        Database db = openStore(o->db);
        PersonaRepo repo(db);
        json out = json::array();
        for (const auto& s : repo.list())
            out.push_back({{"id", s.id},
                           {"name", s.name},
                           {"gender", toString(s.gender)},
                           {"tags", s.tags},
                           {"facts", s.factCount},
                           {"revision", s.revisionNumber},
                           {"chats", s.chatCount},
                           {"updated_at_ms", s.updatedAtMs}});
        ctx.out << out.dump(2) << "\n";
    });
}

// One persona.
void addShow(CLI::App* group, Context& ctx, const Options& o) {
    auto* show = group->add_subcommand("show", "One persona with its current facts");
    show->add_option("name", o->name, "Persona name")->required();
    addDbOption(*show, o->db);
    show->callback([&ctx, o] {
        Database db = openStore(o->db);
        PersonaRepo repo(db);
        ctx.out << personaJson(repo, repo.getByName(o->name)).dump(2) << "\n";
    });
}

// A new persona.
void addAdd(CLI::App* group, Context& ctx, const Options& o) {
    auto* add = group->add_subcommand("add", "Create a persona (no facts yet)");
    add->add_option("name", o->name, "Persona name (unique)")->required();
    add->add_option("--gender", o->gender, "male, female or unknown")
        ->check(CLI::IsMember({"male", "female", "unknown"}));
    add->add_option("--description", o->description, "Free text about the persona");
    add->add_option("--tag", o->tags, "A tag (repeatable)");
    addDbOption(*add, o->db);
    add->callback([&ctx, o] {
        Database db = openStore(o->db);
        PersonaRepo repo(db);
        Persona p;
        p.name = o->name;
        p.gender = parseGender(o->gender);
        p.description = o->description;
        p.tags = o->tags;
        p = repo.create(p);
        ctx.out << personaJson(repo, p).dump(2) << "\n";
    });
}

// A fact appended.
void addAddFact(CLI::App* group, Context& ctx, const Options& o) {
    auto* addFact = group->add_subcommand("add-fact", "Append a fact (makes a new revision)");
    addFact->add_option("name", o->name, "Persona name")->required();
    addFact->add_option("text", o->text, "The fact, first person (\"Я живу в Москве\")")
        ->required();
    addFact->add_option("--origin", o->origin, "typed, imported, proposed or approved")
        ->check(CLI::IsMember({"typed", "imported", "proposed", "approved"}));
    addDbOption(*addFact, o->db);
    addFact->callback([&ctx, o] {
        Database db = openStore(o->db);
        PersonaRepo repo(db);
        const Persona p = repo.getByName(o->name);
        repo.addFact(p.id, o->text, parseFactOrigin(o->origin));
        ctx.out << personaJson(repo, p).dump(2) << "\n";
    });
}

// A persona removed.
void addRemove(CLI::App* group, Context& ctx, const Options& o) {
    auto* remove = group->add_subcommand("remove", "Remove a persona with its facts and history");
    remove->add_option("name", o->name, "Persona name")->required();
    remove->add_flag("--with-chats", o->withChats,
                     "Also remove its chats (otherwise a persona with chats is kept)");
    addDbOption(*remove, o->db);
    remove->callback([&ctx, o] {
        Database db = openStore(o->db);
        PersonaRepo repo(db);
        const Persona p = repo.getByName(o->name);
        const int chats = repo.remove(p.id, o->withChats);
        ctx.out << json{{"removed", p.name}, {"id", p.id}, {"chats_removed", chats}}.dump(2)
                << "\n";
    });
}

// The facts changed between two revisions.
void addDiff(CLI::App* group, Context& ctx, const Options& o) {
    auto* diff = group->add_subcommand("diff", "What changed in the facts between two revisions");
    diff->add_option("name", o->name, "Persona name")->required();
    diff->add_option("from", o->from, "Revision number")->required();
    diff->add_option("to", o->to, "Revision number")->required();
    addDbOption(*diff, o->db);
    diff->callback([&ctx, o] {
        Database db = openStore(o->db);
        PersonaRepo repo(db);
        const Persona p = repo.getByName(o->name);
        const auto changes = PersonaRepo::diff(revisionByNumber(repo, p.id, o->from),
                                               revisionByNumber(repo, p.id, o->to));
        json out = json::array();
        for (const auto& c : changes)
            out.push_back({{"kind", toString(c.kind)},
                           {"fact_id", c.factId},
                           {"old_text", c.oldText},
                           {"new_text", c.newText},
                           {"old_position", c.oldPosition},
                           {"new_position", c.newPosition},
                           {"old_enabled", c.oldEnabled},
                           {"new_enabled", c.newEnabled}});
        ctx.out
            << json{{"persona", p.name}, {"from", o->from}, {"to", o->to}, {"changes", out}}.dump(2)
            << "\n";
    });
}

}  // namespace

void registerPersona(CLI::App& app, Context& ctx) {
    auto* group = app.add_subcommand(
        "persona", "List, show, add and edit personas in the store (JSON output)");
    group->require_subcommand(1);
    auto o = std::make_shared<PersonaOptions>();
    addList(group, ctx, o);
    addShow(group, ctx, o);
    addAdd(group, ctx, o);
    addAddFact(group, ctx, o);
    addRemove(group, ctx, o);
    addDiff(group, ctx, o);
}

}  // namespace persona::cli
