#include "persona/io/character_card.h"

#include "io/base64.h"
#include "io/import_bundle.h"
#include "io/json_reader.h"
#include "persona/error.h"
#include "persona/io/png_chunks.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace persona::io {

using namespace persona::store;
using ordered_json = nlohmann::ordered_json;

namespace {

constexpr const char* kExtension = "persona_studio";

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string stripBullet(const std::string& line) {
    static const char* bullets[] = {"- ", "* ", "\xE2\x80\xA2 ", "\xE2\x80\x93 ", "\xE2\x80\x94 "};
    for (const char* b : bullets) {
        const std::string bs(b);
        if (line.compare(0, bs.size(), bs) == 0)
            return trim(line.substr(bs.size()));
    }
    size_t digits = 0;
    while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits])))
        ++digits;
    if (digits > 0 && digits + 1 < line.size() && (line[digits] == '.' || line[digits] == ')') &&
        line[digits + 1] == ' ')
        return trim(line.substr(digits + 2));
    return line;
}

}  // namespace

std::vector<std::string> CharacterCard::splitIntoFacts(const std::string& text) {
    std::vector<std::string> facts;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string line = stripBullet(trim(text.substr(start, end - start)));
        start = end + 1;
        // Sentences end at . ! ? or an ellipsis followed by a space.
        size_t s = 0;
        for (size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            const bool stop = c == '.' || c == '!' || c == '?' ||
                              (line.compare(i, 3, "\xE2\x80\xA6") == 0 && (i += 2, true));
            if (stop && i + 1 < line.size() && line[i + 1] == ' ') {
                const std::string sentence = trim(line.substr(s, i + 1 - s));
                if (!sentence.empty())
                    facts.push_back(sentence);
                s = i + 1;
            }
        }
        const std::string rest = trim(line.substr(std::min(s, line.size())));
        if (!rest.empty())
            facts.push_back(rest);
    }
    return facts;
}

std::string CharacterCard::toJson(const Persona& persona, const PersonaRevision& revision) {
    std::string readable = persona.description;
    std::string factLines;
    for (const auto& f : revision.facts)
        if (f.enabled)
            factLines += f.text + "\n";
    if (!factLines.empty())
        readable += (readable.empty() ? "" : "\n\n") + factLines.substr(0, factLines.size() - 1);

    ordered_json facts = ordered_json::array();
    for (const auto& f : revision.facts)
        facts.push_back({{"text", f.text}, {"enabled", f.enabled}, {"origin", toString(f.origin)}});
    ordered_json ext = {{"version", 1},
                        {"gender", toString(persona.gender)},
                        {"description", persona.description},
                        {"revision", revision.number},
                        {"facts", facts}};
    ordered_json data = {{"name", persona.name},
                         {"description", readable},
                         {"personality", ""},
                         {"scenario", ""},
                         {"first_mes", ""},
                         {"mes_example", ""},
                         {"creator_notes", "Exported from Persona Studio"},
                         {"system_prompt", ""},
                         {"post_history_instructions", ""},
                         {"alternate_greetings", ordered_json::array()},
                         {"tags", persona.tags},
                         {"creator", ""},
                         {"character_version", std::to_string(revision.number)},
                         {"extensions", {{kExtension, ext}}}};
    ordered_json card = {{"spec", "chara_card_v2"}, {"spec_version", "2.0"}, {"data", data}};
    return card.dump(2);
}

std::string CharacterCard::toPng(const Persona& persona, const PersonaRevision& revision) {
    std::vector<PngChunk> chunks;
    if (isPng(persona.avatar)) {
        try {
            chunks = readPngChunks(persona.avatar, "avatar");
        } catch (const ImportError&) {
            chunks.clear();
        }
    }
    if (chunks.empty())
        chunks = readPngChunks(minimalPng(), "built-in image");
    setPngTextChunk(chunks, "chara", base64Encode(toJson(persona, revision)));
    return writePng(chunks);
}

void CharacterCard::exportFile(Database& db, Id personaId, const std::string& path) {
    PersonaRepo repo(db);
    const Persona p = repo.get(personaId);
    const PersonaRevision rev = repo.currentRevision(personaId);
    const bool png = std::filesystem::path(path).extension() == ".png";
    const std::string bytes = png ? toPng(p, rev) : toJson(p, rev) + "\n";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out)
        throw IoError("cannot write " + path);
}

ImportBundle readCard(const std::string& bytes, const std::string& fileName) {
    std::string json = bytes;
    BundlePersona bp;
    if (isPng(bytes)) {
        auto chunks = readPngChunks(bytes, fileName);
        const auto text = pngTextChunk(chunks, "chara");
        if (!text)
            throw ImportError(fileName +
                              ": the PNG has no \"chara\" text chunk: it is not a character card");
        const auto decoded = base64Decode(*text);
        if (!decoded)
            throw ImportError(fileName + ": the \"chara\" chunk is not valid base64");
        json = *decoded;
        // The picture without the card becomes the avatar.
        chunks.erase(std::remove_if(chunks.begin(), chunks.end(),
                                    [](const PngChunk& c) {
                                        return c.type == "tEXt" &&
                                               c.data.compare(0, 6, std::string("chara\0", 6)) == 0;
                                    }),
                     chunks.end());
        bp.persona.avatar = writePng(chunks);
        bp.persona.avatarMime = "image/png";
        if (bp.persona.avatar.size() > kMaxAvatarBytes)
            throw ImportError(fileName + ": the image is larger than " +
                              std::to_string(kMaxAvatarBytes) + " bytes");
    }
    JsonReader r(fileName, 0);
    const nlohmann::json doc = r.parse(json);
    r.requireObject(doc, "");
    const nlohmann::json* data = &doc;
    std::string path;
    if (const auto* spec = r.optionalField(doc, "spec", "")) {
        const std::string s = r.string(*spec, "spec", kMaxNameBytes, true);
        if (s != "chara_card_v2")
            r.fail("spec", "expected \"chara_card_v2\", found \"" + s +
                               "\" (only Character Card V2 and V1 are read)");
        data = &r.field(doc, "data", "");
        path = "data";
        r.requireObject(*data, path);
    }
    const auto sub = [&](const char* key) {
        return path.empty() ? std::string(key) : path + "." + key;
    };
    bp.persona.name = r.string(r.field(*data, "name", path), sub("name"), kMaxNameBytes, false);
    std::string description, personality;
    if (const auto* d = r.optionalField(*data, "description", path))
        description = r.string(*d, sub("description"), kMaxTextBytes, true);
    if (const auto* d = r.optionalField(*data, "personality", path))
        personality = r.string(*d, sub("personality"), kMaxTextBytes, true);
    if (const auto* tags = r.optionalField(*data, "tags", path)) {
        r.requireArray(*tags, sub("tags"));
        for (size_t i = 0; i < tags->size(); ++i)
            bp.persona.tags.push_back(r.string(
                (*tags)[i], sub("tags") + "[" + std::to_string(i) + "]", kMaxTagBytes, false));
    }
    std::vector<FactDraft> facts;
    const nlohmann::json* ext = nullptr;
    if (const auto* exts = r.optionalField(*data, "extensions", path)) {
        r.requireObject(*exts, sub("extensions"));
        ext = r.optionalField(*exts, kExtension, sub("extensions"));
    }
    if (ext) {
        const std::string ep = sub("extensions") + "." + kExtension;
        r.requireObject(*ext, ep);
        if (const auto* g = r.optionalField(*ext, "gender", ep)) {
            try {
                bp.persona.gender = parseGender(r.string(*g, ep + ".gender", kMaxNameBytes, true));
            } catch (const InvalidArgument& e) {
                r.fail(ep + ".gender", e.what());
            }
        }
        if (const auto* d = r.optionalField(*ext, "description", ep))
            bp.persona.description = r.string(*d, ep + ".description", kMaxTextBytes, true);
        const auto& fj = r.field(*ext, "facts", ep);
        r.requireArray(fj, ep + ".facts");
        for (size_t i = 0; i < fj.size(); ++i) {
            const std::string fp = ep + ".facts[" + std::to_string(i) + "]";
            r.requireObject(fj[i], fp);
            FactDraft f;
            f.text = r.string(r.field(fj[i], "text", fp), fp + ".text", kMaxFactBytes, false);
            if (const auto* e = r.optionalField(fj[i], "enabled", fp))
                f.enabled = r.boolean(*e, fp + ".enabled");
            f.origin = FactOrigin::Imported;
            if (const auto* o = r.optionalField(fj[i], "origin", fp)) {
                try {
                    f.origin = parseFactOrigin(r.string(*o, fp + ".origin", kMaxNameBytes, false));
                } catch (const InvalidArgument& e) {
                    r.fail(fp + ".origin", e.what());
                }
            }
            facts.push_back(std::move(f));
        }
    } else {
        for (const auto* part : {&description, &personality}) {
            const std::string field = sub(part == &description ? "description" : "personality");
            for (auto& text : CharacterCard::splitIntoFacts(*part)) {
                if (text.size() > kMaxFactBytes)
                    r.fail(field, "a sentence of " + std::to_string(text.size()) +
                                      " bytes is longer than a fact may be (" +
                                      std::to_string(kMaxFactBytes) + ")");
                facts.push_back({0, std::move(text), FactOrigin::Imported, true});
            }
        }
        bp.persona.description =
            "Imported from " + std::filesystem::path(fileName).filename().string();
    }
    bp.persona.sourceRef = bp.persona.name;
    bp.note = "imported from " + std::filesystem::path(fileName).filename().string();
    bp.revisions.push_back(std::move(facts));
    ImportBundle bundle;
    bundle.personas.push_back(std::move(bp));
    return bundle;
}

}  // namespace persona::io
