// The seed project's dialogue format as plain data, for evaluation and training (the store's
// importer has its own reader that maps the same file onto personas and chats).
// One JSON object per line: {"persons":[{"id","description":[facts],"gender"} x2],
//  "dialog":[{"person":0|1,"text","gk":[indexes into the speaker's facts],"emotion"}]}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace persona::data {

struct SeedPerson {
    std::string id;
    std::vector<std::string> facts;
    std::string gender;
};

struct SeedTurn {
    int person = 0;        // index into SeedDialog::persons
    std::string text;
    std::vector<int> gk;   // the speaker's facts used in this turn (0-based)
    std::string emotion;
};

struct SeedDialog {
    std::vector<SeedPerson> persons;
    std::vector<SeedTurn> turns;
    int line = 0;          // 1-based line in the file
};

// Throws ImportError "<origin>:<line>: <field>: <what is wrong>" for the first bad line
// (invalid JSON or UTF-8, missing or mistyped fields, a person or gk index out of range).
std::vector<SeedDialog> parseSeedDialogs(const std::string& text, const std::string& origin);
std::vector<SeedDialog> readSeedDialogs(const std::string& path);

// A fixed split by dialogue index, the same for every tool: of each ten consecutive dialogues,
// the 8th and 9th (0-based 8, 9) are test, the 7th validation, the rest training.
enum class Split { Train, Validation, Test };
Split splitOf(size_t dialogIndex);
std::string toString(Split split);

// One turn that carries gk labels and follows another turn: the unit of retrieval evaluation
// and of retriever training.
struct LabelledTurn {
    size_t dialog = 0;
    size_t turn = 0;
    // The dialogue before this turn, oldest first; `fromSpeaker` marks the turns said by the
    // persona whose facts are retrieved (the "model" side, [P2u] in the seed format).
    struct ContextTurn {
        bool fromSpeaker = false;
        std::string text;
    };
    std::vector<ContextTurn> context;
    std::vector<std::string> facts;  // all facts of the speaking persona
    std::vector<int> gold;           // indexes into facts
    std::string reply;               // the labelled turn's own text
};

std::vector<LabelledTurn> labelledTurns(const std::vector<SeedDialog>& dialogs);

}  // namespace persona::data
