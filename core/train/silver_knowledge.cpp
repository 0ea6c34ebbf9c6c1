// Silver gk labels for generator training (issue 15): a reply that restates one of its
// speaker's facts gets that fact as knowledge, as the labelled turns have theirs.
#include "persona/train/training.h"

#include "persona/data/seed_dialogs.h"
#include "persona/error.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace persona {

int addSilverKnowledge(std::vector<data::SeedDialog>& dialogs) {
    int labelled = 0;
    for (size_t d = 0; d < dialogs.size(); ++d) {
        if (data::splitOf(d) != data::Split::Train) continue;
        auto& dialog = dialogs[d];
        for (auto& turn : dialog.turns) {
            if (!turn.gk.empty()) continue;
            const auto& facts = dialog.persons[static_cast<size_t>(turn.person)].facts;
            for (size_t f = 0; f < facts.size(); ++f)
                if (usesFacts(turn.text, {facts[f]})) turn.gk.push_back(static_cast<int>(f));
            labelled += !turn.gk.empty();
        }
    }
    return labelled;
}

void writeSeedDialogs(const std::string& path, const std::vector<data::SeedDialog>& dialogs) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw IoError("cannot write " + path);
    for (const auto& d : dialogs) {
        nlohmann::json persons = nlohmann::json::array(), turns = nlohmann::json::array();
        for (const auto& p : d.persons) persons.push_back({{"id", p.id}, {"description", p.facts}, {"gender", p.gender}});
        for (const auto& t : d.turns)
            turns.push_back({{"person", t.person}, {"text", t.text}, {"gk", t.gk}, {"emotion", t.emotion}});
        out << nlohmann::json{{"persons", persons}, {"dialog", turns}}.dump() << "\n";
    }
    if (!out) throw IoError("cannot write " + path);
}

}  // namespace persona
