#include "persona/data/seed_dialogs.h"

#include "common/json_guard.h"
#include "persona/error.h"
#include "text/utf8.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace persona::data {
namespace {

class LineContext {
public:
    LineContext(const std::string& origin, int line) : m_prefix(origin + ":" + std::to_string(line) + ": ") {}
    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        throw ImportError(m_prefix + field + ": " + what);
    }
    const nlohmann::json& get(const nlohmann::json& obj, const char* key, const std::string& path) const {
        if (!obj.contains(key)) fail(path + key, "missing");
        return obj[key];
    }
    std::string text(const nlohmann::json& v, const std::string& field) const {
        if (!v.is_string()) fail(field, "expected a string, found " + jsonPreview(v));
        return v.get<std::string>();
    }

private:
    std::string m_prefix;
};

SeedDialog parseLine(const std::string& line, const std::string& origin, int lineNo) {
    LineContext ctx(origin, lineNo);
    if (!detail::isValidUtf8(line)) ctx.fail("line", "not valid UTF-8");
    nlohmann::json j;
    if (const std::string tooDeep = jsonNestingError(line); !tooDeep.empty())
        ctx.fail("line", tooDeep);
    try {
        j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {  // also out_of_range: 1e999
        ctx.fail("line", std::string("not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object()) ctx.fail("line", "expected a JSON object");
    SeedDialog d;
    d.line = lineNo;
    const auto& persons = ctx.get(j, "persons", "");
    if (!persons.is_array() || persons.empty()) ctx.fail("persons", "expected a non-empty array");
    for (size_t i = 0; i < persons.size(); ++i) {
        const std::string path = "persons[" + std::to_string(i) + "].";
        if (!persons[i].is_object()) ctx.fail(path, "expected an object");
        SeedPerson p;
        if (persons[i].contains("id")) {
            const auto& id = persons[i]["id"];
            p.id = id.is_string() ? id.get<std::string>() : jsonPreview(id);
        }
        const auto& facts = ctx.get(persons[i], "description", path);
        if (!facts.is_array()) ctx.fail(path + "description", "expected an array of strings");
        for (size_t k = 0; k < facts.size(); ++k)
            p.facts.push_back(ctx.text(facts[k], path + "description[" + std::to_string(k) + "]"));
        if (persons[i].contains("gender")) p.gender = ctx.text(persons[i]["gender"], path + "gender");
        d.persons.push_back(std::move(p));
    }
    const auto& dialog = ctx.get(j, "dialog", "");
    if (!dialog.is_array()) ctx.fail("dialog", "expected an array");
    for (size_t i = 0; i < dialog.size(); ++i) {
        const std::string path = "dialog[" + std::to_string(i) + "].";
        if (!dialog[i].is_object()) ctx.fail(path, "expected an object");
        SeedTurn t;
        const auto& person = ctx.get(dialog[i], "person", path);
        if (!person.is_number_integer() || person.get<int64_t>() < 0 ||
            person.get<int64_t>() >= static_cast<int64_t>(d.persons.size()))
            ctx.fail(path + "person", "expected an index into persons, found " + jsonPreview(person));
        t.person = person.get<int>();
        t.text = ctx.text(ctx.get(dialog[i], "text", path), path + "text");
        if (dialog[i].contains("gk") && !dialog[i]["gk"].is_null()) {
            const auto& gk = dialog[i]["gk"];
            if (!gk.is_array()) ctx.fail(path + "gk", "expected an array of fact indexes");
            const auto nFacts = static_cast<int64_t>(d.persons[t.person].facts.size());
            for (const auto& g : gk) {
                if (!g.is_number_integer() || g.get<int64_t>() < 0 || g.get<int64_t>() >= nFacts)
                    ctx.fail(path + "gk", "index " + jsonPreview(g) + " is not one of the speaker's " +
                                              std::to_string(nFacts) + " facts");
                t.gk.push_back(g.get<int>());
            }
        }
        if (dialog[i].contains("emotion") && dialog[i]["emotion"].is_string())
            t.emotion = dialog[i]["emotion"].get<std::string>();
        d.turns.push_back(std::move(t));
    }
    return d;
}

}  // namespace

std::vector<SeedDialog> parseSeedDialogs(const std::string& text, const std::string& origin) {
    std::vector<SeedDialog> dialogs;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        dialogs.push_back(parseLine(line, origin, lineNo));
    }
    return dialogs;
}

std::vector<SeedDialog> readSeedDialogs(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot open " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return parseSeedDialogs(s.str(), path);
}

Split splitOf(size_t dialogIndex) {
    const size_t r = dialogIndex % 10;
    return r >= 8 ? Split::Test : r == 7 ? Split::Validation : Split::Train;
}

std::string toString(Split split) {
    switch (split) {
        case Split::Train: return "train";
        case Split::Validation: return "validation";
        case Split::Test: return "test";
    }
    return "?";
}

std::vector<LabelledTurn> labelledTurns(const std::vector<SeedDialog>& dialogs) {
    std::vector<LabelledTurn> out;
    for (size_t d = 0; d < dialogs.size(); ++d) {
        const auto& dialog = dialogs[d];
        for (size_t t = 1; t < dialog.turns.size(); ++t) {
            const auto& turn = dialog.turns[t];
            if (turn.gk.empty()) continue;
            LabelledTurn lt;
            lt.dialog = d;
            lt.turn = t;
            for (size_t k = 0; k < t; ++k)
                lt.context.push_back({dialog.turns[k].person == turn.person, dialog.turns[k].text});
            lt.facts = dialog.persons[turn.person].facts;
            lt.gold = turn.gk;
            lt.reply = turn.text;
            out.push_back(std::move(lt));
        }
    }
    return out;
}

}  // namespace persona::data
