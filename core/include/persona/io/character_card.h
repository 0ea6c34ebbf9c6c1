// Character Card V2 (spec "chara_card_v2", the format SillyTavern and others exchange), as JSON
// or inside a PNG's "chara" tEXt chunk (base64 of the JSON). Our facts travel losslessly in
// data.extensions.persona_studio and readably in data.description.
#pragma once

#include "persona/store/store_types.h"

#include <string>
#include <vector>

namespace persona::store {
class Database;
}

namespace persona::io {

class CharacterCard {
public:
    // The card JSON of a persona with the facts of one of its revisions.
    static std::string toJson(const store::Persona& persona,
                              const store::PersonaRevision& revision);
    // A PNG card: the persona's avatar when it is a PNG, else a 1x1 image, carrying the card.
    static std::string toPng(const store::Persona& persona, const store::PersonaRevision& revision);
    // Writes the persona's current revision to `path`: a PNG card when it ends in .png, else JSON.
    static void exportFile(store::Database& db, store::Id personaId, const std::string& path);

    // Free text to facts: one per line, long lines cut into sentences, list bullets removed.
    static std::vector<std::string> splitIntoFacts(const std::string& text);
};

}  // namespace persona::io
