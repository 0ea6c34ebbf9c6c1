// The seed dialogue format, one dialogue per line:
//   {"persons":[{"id","description":[facts],"gender"} x2],
//    "dialog":[{"person":0|1,"text","gk":[indexes of the speaker's facts],"emotion"}]}
// Person 1 is the persona (the model's side, [P2u] in the seed prompts), person 0 the user's
// side; both have facts and both sides' turns carry gk labels, so person 0 becomes the chat's
// partner persona. A seed id ("0000") that comes back with other facts is the same persona
// with another revision; each dialogue is held with the revision of its own facts.
#include "io/import_bundle.h"
#include "io/json_reader.h"

#include "persona/error.h"

#include <filesystem>
#include <map>
#include <set>

namespace persona::io {

using namespace persona::store;

namespace {

std::vector<std::string> splitLines(const std::string& bytes) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start <= bytes.size()) {
        size_t end = bytes.find('\n', start);
        if (end == std::string::npos)
            end = bytes.size();
        std::string line = bytes.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

}  // namespace

ImportBundle readDialogJsonl(const std::string& bytes, const std::string& fileName) {
    ImportBundle bundle;
    // (seed id, gender) -> persona index; per persona, its distinct fact lists.
    std::map<std::pair<std::string, Gender>, size_t> personaIndex;
    const std::string stem = std::filesystem::path(fileName).filename().string();
    const auto lines = splitLines(bytes);
    for (size_t ln = 0; ln < lines.size(); ++ln) {
        const std::string& line = lines[ln];
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        const int lineNo = static_cast<int>(ln + 1);
        JsonReader r(fileName, lineNo);
        const nlohmann::json doc = r.parse(line);
        r.requireObject(doc, "");
        const auto& persons = r.field(doc, "persons", "");
        r.requireArray(persons, "persons");
        if (persons.size() != 2)
            r.fail("persons", "expected 2 persons, found " + std::to_string(persons.size()));

        BundleChat chat;
        size_t personaOf[2] = {0, 0};
        size_t revisionOf[2] = {0, 0};
        size_t factCount[2] = {0, 0};
        for (size_t i = 0; i < 2; ++i) {
            const std::string path = "persons[" + std::to_string(i) + "]";
            const auto& pj = persons[i];
            r.requireObject(pj, path);
            const auto& idj = r.field(pj, "id", path);
            std::string id = idj.is_number_integer()
                                 ? std::to_string(idj.get<std::int64_t>())
                                 : r.string(idj, path + ".id", kMaxNameBytes, false);
            Gender gender = Gender::Unknown;
            if (const auto* g = r.optionalField(pj, "gender", path)) {
                const std::string gs = r.string(*g, path + ".gender", kMaxNameBytes, true);
                try {
                    gender = parseGender(gs);
                } catch (const InvalidArgument& e) {
                    r.fail(path + ".gender", e.what());
                }
            }
            const auto& desc = r.field(pj, "description", path);
            r.requireArray(desc, path + ".description");
            std::vector<FactDraft> facts;
            for (size_t k = 0; k < desc.size(); ++k) {
                FactDraft f;
                f.text = r.string(desc[k], path + ".description[" + std::to_string(k) + "]",
                                  kMaxFactBytes, false);
                f.origin = FactOrigin::Imported;
                facts.push_back(std::move(f));
            }
            auto key = std::make_pair(id, gender);
            auto it = personaIndex.find(key);
            if (it == personaIndex.end()) {
                BundlePersona bp;
                bp.persona.name = id;
                bp.persona.sourceRef = id;
                bp.persona.gender = gender;
                bp.persona.description = "Imported from " + stem;
                bp.note = "imported from " + stem;
                it = personaIndex.emplace(key, bundle.personas.size()).first;
                bundle.personas.push_back(std::move(bp));
            }
            auto& revisions = bundle.personas[it->second].revisions;
            size_t rev = revisions.size();
            for (size_t k = 0; k < revisions.size(); ++k) {
                const auto& existing = revisions[k];
                bool same = existing.size() == facts.size();
                for (size_t m = 0; same && m < facts.size(); ++m)
                    same = existing[m].text == facts[m].text;
                if (same) {
                    rev = k;
                    break;
                }
            }
            if (rev == revisions.size())
                revisions.push_back(facts);
            personaOf[i] = it->second;
            revisionOf[i] = rev;
            factCount[i] = facts.size();
        }
        chat.partner = personaOf[0];
        chat.partnerRevision = revisionOf[0];
        chat.persona = personaOf[1];
        chat.personaRevision = revisionOf[1];
        chat.title = "Dialogue " + std::to_string(bundle.chats.size() + 1) + " (" + stem + ")";
        chat.sourceRef = stem + ":" + std::to_string(lineNo);

        const auto& dialog = r.field(doc, "dialog", "");
        r.requireArray(dialog, "dialog");
        for (size_t t = 0; t < dialog.size(); ++t) {
            const std::string path = "dialog[" + std::to_string(t) + "]";
            const auto& tj = dialog[t];
            r.requireObject(tj, path);
            const std::int64_t person = r.integer(r.field(tj, "person", path), path + ".person");
            if (person != 0 && person != 1)
                r.fail(path + ".person", "expected 0 or 1, found " + std::to_string(person));
            BundleTurn turn;
            turn.role = person == 1 ? Role::Persona : Role::User;
            turn.text = r.string(r.field(tj, "text", path), path + ".text", kMaxTextBytes, true);
            if (const auto* e = r.optionalField(tj, "emotion", path))
                turn.emotion = r.string(*e, path + ".emotion", kMaxNameBytes, true);
            if (const auto* gk = r.optionalField(tj, "gk", path)) {
                r.requireArray(*gk, path + ".gk");
                std::set<std::int64_t> seen;
                for (size_t g = 0; g < gk->size(); ++g) {
                    const std::string gpath = path + ".gk[" + std::to_string(g) + "]";
                    const std::int64_t idx = r.integer((*gk)[g], gpath);
                    const auto n = static_cast<std::int64_t>(factCount[person]);
                    if (idx < 0 || idx >= n)
                        r.fail(gpath, "fact index " + std::to_string(idx) +
                                          " is outside the speaker's " + std::to_string(n) +
                                          " facts (persons[" + std::to_string(person) + "])");
                    if (!seen.insert(idx).second)
                        r.fail(gpath, "fact index " + std::to_string(idx) + " is listed twice");
                    turn.gk.push_back(static_cast<int>(idx));
                }
            }
            chat.turns.push_back(std::move(turn));
        }
        bundle.chats.push_back(std::move(chat));
    }
    if (bundle.chats.empty())
        throw ImportError(fileName + ": no dialogues in the file");
    return bundle;
}

}  // namespace persona::io
