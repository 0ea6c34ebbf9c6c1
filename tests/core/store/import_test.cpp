// Importers and exporters: the seed data, round trips, cards, and a table of bad inputs.
#include "db_snapshot.h"
#include "temp_dir.h"

#include "io/base64.h"
#include "persona/error.h"
#include "persona/io/character_card.h"
#include "persona/io/dialog_exporter.h"
#include "persona/io/importer.h"
#include "persona/io/png_chunks.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace persona;
using namespace persona::io;
using namespace persona::store;
using persona::test::TempDir;

namespace {

const std::string kValidLine =
    R"({"persons":[{"id":"a","description":["Я Аня"],"gender":"female"},)"
    R"({"id":"b","description":["Я Боря","Я люблю чай"],"gender":"male"}],)"
    R"("dialog":[{"person":0,"text":"Привет","gk":[0],"emotion":"happy"},{"person":1,"text":"Чай?","gk":[1]}]})";

std::vector<nlohmann::json> parseLines(const std::string& text) {
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty())
            out.push_back(nlohmann::json::parse(line));
    return out;
}

std::string exportAll(Database& db) {
    std::ostringstream out;
    DialogExporter(db).write(out);
    return out.str();
}

}  // namespace

TEST(SeedDialogs, ImportGivesEveryDialogueTurnAndLabel) {
    TempDir dir;
    Database db = Database::open(dir.file("seed.db"));
    const ImportSummary s = Importer(db).importFile(test::fixture("itmo_persona_dialogs.jsonl"));
    EXPECT_EQ(s.chats, 63);
    EXPECT_EQ(s.messages, 1396);
    EXPECT_EQ(s.labels, 302);   // gk indexes over the 245 labelled turns
    EXPECT_EQ(s.personas, 2);   // the seed's two speakers, "0000" and "0001"...
    EXPECT_GT(s.revisions, 2);  // ...whose facts differ from dialogue to dialogue

    ChatRepo chats(db);
    TraceRepo traces(db);
    PersonaRepo personas(db);
    int labelledTurns = 0, turns = 0;
    for (const Chat& c : chats.list()) {
        for (const Message& m : chats.selectedPath(c.id)) {
            ++turns;
            if (!traces.humanSelection(m.id).empty())
                ++labelledTurns;
        }
    }
    EXPECT_EQ(turns, 1396);
    EXPECT_EQ(labelledTurns, 245);
    // Dialogue 1, turn 4: Максим (person 1) "Я живу в общежитии в городе Санкт-Петербург.", gk [1,
    // 2].
    const Chat first = chats.list().front();
    const auto path = chats.selectedPath(first.id);
    ASSERT_GE(path.size(), 4u);
    EXPECT_EQ(path[3].role, Role::Persona);
    EXPECT_EQ(path[3].emotion, "neutral");
    const auto rows = traces.retrieval(path[3].id);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].factText, "Я живу в Санкт-Петербурге");
    EXPECT_EQ(rows[1].factText, "Я живу в общежитии");
    EXPECT_EQ(personas.get(first.personaId).sourceRef, "0001");
    EXPECT_EQ(personas.get(first.personaId).gender, Gender::Male);
}

TEST(SeedDialogs, ExportGivesBackTheSameDialoguesAndLabels) {
    TempDir dir;
    Database db = Database::open(dir.file("a.db"));
    Importer(db).importFile(test::fixture("itmo_persona_dialogs.jsonl"));
    const std::string exported = exportAll(db);
    const auto original = parseLines(test::readFile(test::fixture("itmo_persona_dialogs.jsonl")));
    const auto back = parseLines(exported);
    ASSERT_EQ(back.size(), original.size());
    for (size_t i = 0; i < original.size(); ++i)
        EXPECT_EQ(back[i], original[i]) << "dialogue " << i + 1;

    // import -> export -> import: the second database exports the same text.
    const std::string file = dir.file("exported.jsonl");
    test::writeFile(file, exported);
    Database db2 = Database::open(dir.file("b.db"));
    const ImportSummary s = Importer(db2).importFile(file);
    EXPECT_EQ(s.chats, 63);
    EXPECT_EQ(s.messages, 1396);
    EXPECT_EQ(s.labels, 302);
    EXPECT_EQ(exportAll(db2), exported);
    // And the personas are the same, revision by revision.
    PersonaRepo p1(db), p2(db2);
    ASSERT_EQ(p1.list().size(), p2.list().size());
    for (size_t i = 0; i < p1.list().size(); ++i) {
        const auto r1 = p1.revisions(p1.list()[i].id), r2 = p2.revisions(p2.list()[i].id);
        ASSERT_EQ(r1.size(), r2.size());
        for (size_t k = 0; k < r1.size(); ++k)
            EXPECT_EQ(r1[k].facts.size(), r2[k].facts.size());
    }
}

TEST(SeedDialogs, LabelledOnlyExportSkipsUnlabelledChats) {
    TempDir dir;
    Database db = Database::open(dir.file("a.db"));
    PersonaRepo personas(db);
    ChatRepo chats(db);
    const Persona p = personas.create(test::named("Аня"), {{0, "Я люблю чай"}});
    const Chat plain = chats.create(p.id);
    chats.addMessage(plain.id, std::nullopt, Role::User, "Привет");
    const Chat labelled = chats.create(p.id);
    const Message u = chats.addMessage(labelled.id, std::nullopt, Role::User, "Что пьёшь?");
    const Message m = chats.addMessage(labelled.id, u.id, Role::Persona, "Чай");
    TraceRepo(db).setHumanSelection(m.id, {personas.currentRevision(p.id).facts[0].id});
    std::ostringstream out;
    DialogExportOptions opts;
    opts.labelledOnly = true;
    const auto sum = DialogExporter(db).write(out, opts);
    EXPECT_EQ(sum.chats, 1);
    EXPECT_EQ(sum.labels, 1);
    const auto lines = parseLines(out.str());
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["persons"][0]["id"], "user");  // an app chat has no partner persona
    EXPECT_EQ(lines[0]["persons"][1]["id"], "Аня");
    EXPECT_EQ(lines[0]["dialog"][1]["gk"], nlohmann::json::array({0}));
}

TEST(Toloka, ImportsEveryProfile) {
    TempDir dir;
    Database db = Database::open(dir.file("t.db"));
    const ImportSummary s = Importer(db).importFile(test::fixture("toloka_profiles.tsv"));
    EXPECT_EQ(s.personas, 1505);
    EXPECT_EQ(s.facts, 1505 * 5);
    PersonaRepo personas(db);
    const Persona first = personas.getByName("toloka-0001");
    const auto facts = personas.currentRevision(first.id).facts;
    ASSERT_EQ(facts.size(), 5u);
    EXPECT_EQ(facts[0].text, "У меня любимая работа.");
    EXPECT_EQ(facts[4].text, "Я люблю кофе.");
    EXPECT_EQ(facts[0].origin, FactOrigin::Imported);
    EXPECT_EQ(first.tags, std::vector<std::string>{"toloka"});
    EXPECT_EQ(first.gender, Gender::Unknown);
    // Importing again never overwrites: the names get a suffix. (A byte order mark is skipped.)
    Importer(db).importBytes(
        "\xEF\xBB\xBF"
        "characteristic_1\tcharacteristic_2\nЯ пою\t\n",
        "again.tsv", ImportFormat::TolokaTsv);
    EXPECT_TRUE(personas.findByName("toloka-0001 (2)"));
}

// ---- character cards ----------------------------------------------------------------------------

TEST(Card, PlainV2CardSplitsDescriptionAndPersonalityIntoFacts) {
    TempDir dir;
    Database db = Database::open(dir.file("c.db"));
    const std::string card =
        R"({"spec":"chara_card_v2","spec_version":"2.0","data":{"name":"Seraphina",
        "description":"Seraphina is a guardian of the forest. She heals travellers!\n- She loves tea",
        "personality":"Kind, patient","scenario":"","first_mes":"Hello","mes_example":"","creator_notes":"",
        "system_prompt":"","post_history_instructions":"","alternate_greetings":[],"tags":["fantasy","healer"],
        "creator":"x","character_version":"1","extensions":{"other_app":{"a":1}}}})";
    const ImportSummary s = Importer(db).importBytes(card, "seraphina.json", ImportFormat::Card);
    ASSERT_EQ(s.personas, 1);
    PersonaRepo personas(db);
    const Persona p = personas.getByName("Seraphina");
    EXPECT_EQ(p.tags, (std::vector<std::string>{"fantasy", "healer"}));
    std::vector<std::string> facts;
    for (const auto& f : personas.currentRevision(p.id).facts)
        facts.push_back(f.text);
    EXPECT_EQ(facts, (std::vector<std::string>{"Seraphina is a guardian of the forest.",
                                               "She heals travellers!", "She loves tea",
                                               "Kind, patient"}));
}

TEST(Card, V1CardIsRead) {
    TempDir dir;
    Database db = Database::open(dir.file("c.db"));
    Importer(db).importBytes(R"({"name":"Old","description":"I am old.","personality":""})",
                             "old.json", ImportFormat::Card);
    PersonaRepo personas(db);
    EXPECT_EQ(personas.currentRevision(personas.getByName("Old").id).facts.at(0).text, "I am old.");
}

class CardRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(CardRoundTrip, KeepsFactsExactly) {
    TempDir dir;
    Database db = Database::open(dir.file("c.db"));
    PersonaRepo personas(db);
    Persona p;
    p.name = "Кирилл";
    p.gender = Gender::Male;
    p.description = "Студент ИТМО.\nЛюбит машинное обучение.";
    p.tags = {"студент", "itmo"};
    p = personas.create(p, {{0, "Меня зовут Кирилл. Мне 23 года."},  // two sentences stay one fact
                            {0, "Я живу в общежитии", FactOrigin::Imported, false},
                            {0, "Я люблю пиццу", FactOrigin::Approved, true}});
    personas.addFact(p.id, "Я предложен моделью", FactOrigin::Proposed);
    const std::string file = dir.file("kirill." + GetParam());
    CharacterCard::exportFile(db, p.id, file);
    const std::string bytes = test::readFile(file);
    if (GetParam() == "png") {
        ASSERT_TRUE(isPng(bytes));
        EXPECT_NO_THROW(readPngChunks(bytes, file));
    } else {
        const auto j = nlohmann::json::parse(bytes);
        EXPECT_EQ(j["spec"], "chara_card_v2");
        EXPECT_NE(j["data"]["description"].get<std::string>().find("Я люблю пиццу"),
                  std::string::npos);
        EXPECT_EQ(j["data"]["description"].get<std::string>().find("Я живу в общежитии"),
                  std::string::npos);
    }

    Database db2 = Database::open(dir.file("d.db"));
    Importer(db2).importFile(file);
    PersonaRepo personas2(db2);
    const Persona q = personas2.getByName("Кирилл");
    EXPECT_EQ(q.gender, Gender::Male);
    EXPECT_EQ(q.description, p.description);
    EXPECT_EQ(q.tags, p.tags);
    const auto a = personas.currentRevision(p.id).facts, b = personas2.currentRevision(q.id).facts;
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].text, b[i].text);
        EXPECT_EQ(a[i].enabled, b[i].enabled);
        EXPECT_EQ(a[i].origin, b[i].origin);
    }
    if (GetParam() == "png") {
        EXPECT_TRUE(isPng(q.avatar));
    }
}

INSTANTIATE_TEST_SUITE_P(Formats, CardRoundTrip, ::testing::Values("json", "png"));

TEST(Card, HandMadePngCardIsRead) {
    // A PNG put together here chunk by chunk (not by our writer), with a tEXt chara chunk.
    const std::string json =
        R"({"spec":"chara_card_v2","data":{"name":"Пиксель","description":"Я маленький."}})";
    auto be32 = [](uint32_t v) {
        return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    };
    auto chunk = [&](const std::string& type, const std::string& data) {
        return be32(static_cast<uint32_t>(data.size())) + type + data + be32(crc32(type + data));
    };
    std::string png("\x89PNG\r\n\x1a\n", 8);
    png += chunk("IHDR", be32(1) + be32(1) + std::string("\x08\x00\x00\x00\x00", 5));
    png += chunk("tEXt", std::string("chara") + '\0' + io::base64Encode(json));
    png += chunk("IDAT", std::string("\x78\x01\x01\x02\x00\xFD\xFF\x00\x80\x00\x81\x00\x81", 13));
    png += chunk("IEND", "");
    EXPECT_EQ(crc32("IEND"), 0xAE426082u);  // the well-known CRC of an empty IEND

    TempDir dir;
    Database db = Database::open(dir.file("c.db"));
    Importer(db).importBytes(png, "pixel.png", ImportFormat::Card);
    PersonaRepo personas(db);
    const Persona p = personas.getByName("Пиксель");
    EXPECT_EQ(personas.currentRevision(p.id).facts.at(0).text, "Я маленький.");
    EXPECT_TRUE(isPng(p.avatar));
    EXPECT_FALSE(
        pngTextChunk(readPngChunks(p.avatar, "avatar"), "chara"));  // the card is not kept twice

    std::string damaged = png;
    damaged[45] ^= 0x01;  // inside the tEXt chunk's data
    try {
        Importer(db).importBytes(damaged, "damaged.png", ImportFormat::Card);
        FAIL();
    } catch (const ImportError& e) {
        EXPECT_NE(
            std::string(e.what()).find("damaged.png: chunk 2 at byte 33: CRC mismatch in tEXt"),
            std::string::npos)
            << e.what();
    }
}

TEST(Card, MinimalPngIsValid) {
    const auto chunks = readPngChunks(minimalPng(), "min");
    ASSERT_EQ(chunks.size(), 3u);
    EXPECT_EQ(chunks[0].type, "IHDR");
    EXPECT_EQ(chunks[1].type, "IDAT");
    EXPECT_EQ(chunks[2].type, "IEND");
}

// ---- bad inputs: each is refused with a clear message and changes nothing
// -------------------------

struct BadInput {
    std::string name;
    std::string file;
    ImportFormat format;
    std::string content;
    std::string expected;
};

void PrintTo(const BadInput& in, std::ostream* os) {
    *os << in.name;
}

class BadImport : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadImport, IsRefusedAndChangesNothing) {
    const BadInput& in = GetParam();
    TempDir dir;
    Database db = Database::open(dir.file("bad.db"));
    Importer(db).importBytes(kValidLine + "\n", "good.jsonl",
                             ImportFormat::DialogJsonl);  // data to protect
    const std::string before = test::snapshot(db);
    const std::string path = dir.file(in.file);
    test::writeFile(path, in.content);
    try {
        Importer(db).importFile(path, in.format);
        FAIL() << "accepted";
    } catch (const ImportError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(in.file), std::string::npos) << what;
        EXPECT_NE(what.find(in.expected), std::string::npos) << what;
    }
    EXPECT_EQ(test::snapshot(db), before);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

namespace {
std::string replaced(std::string s, const std::string& from, const std::string& to) {
    const auto pos = s.find(from);
    if (pos != std::string::npos)
        s.replace(pos, from.size(), to);
    return s;
}
const std::string kHeader =
    "characteristic_1\tcharacteristic_2\tcharacteristic_3\tcharacteristic_4\tcharacteristic_5\n";
const std::string kCard =
    R"({"spec":"chara_card_v2","data":{"name":"Ann","description":"Hi.","tags":["a","b"]}})";
}  // namespace

INSTANTIATE_TEST_SUITE_P(
    Table, BadImport,
    ::testing::Values(
        BadInput{"JsonlMalformedOnLine2", "bad.jsonl", ImportFormat::DialogJsonl,
                 kValidLine + "\n{\"persons\": [\n",
                 "bad.jsonl:2:14: malformed JSON: syntax error while parsing value - unexpected "
                 "end of input"},
        BadInput{"JsonlNotAnObject", "bad.jsonl", ImportFormat::DialogJsonl, "[1, 2]\n",
                 "bad.jsonl:1: expected an object, found an array"},
        BadInput{"JsonlWrongType", "bad.jsonl", ImportFormat::DialogJsonl,
                 replaced(kValidLine, R"("gk":[0])", R"("gk":["0"])"),
                 "bad.jsonl:1: dialog[0].gk[0]: expected an integer, found a string"},
        BadInput{"JsonlMissingField", "bad.jsonl", ImportFormat::DialogJsonl,
                 replaced(kValidLine, R"("text":"Привет",)", ""),
                 "bad.jsonl:1: dialog[0].text: missing"},
        BadInput{"JsonlMissingDialog", "bad.jsonl", ImportFormat::DialogJsonl,
                 R"({"persons":[{"id":"a","description":[]},{"id":"b","description":[]}]})",
                 "dialog: missing"},
        BadInput{
            "JsonlThreePersons", "bad.jsonl", ImportFormat::DialogJsonl,
            replaced(kValidLine, R"("persons":[)", R"("persons":[{"id":"c","description":[]},)"),
            "persons: expected 2 persons, found 3"},
        BadInput{"JsonlGkOutOfRange", "bad.jsonl", ImportFormat::DialogJsonl,
                 replaced(kValidLine, R"("gk":[1])", R"("gk":[2])"),
                 "dialog[1].gk[0]: fact index 2 is outside the speaker's 2 facts"},
        BadInput{"JsonlPersonOutOfRange", "bad.jsonl", ImportFormat::DialogJsonl,
                 replaced(kValidLine, R"("person":1)", R"("person":2)"),
                 "dialog[1].person: expected 0 or 1"},
        BadInput{"JsonlBadGender", "bad.jsonl", ImportFormat::DialogJsonl,
                 replaced(kValidLine, "female", "woman"), "persons[0].gender: gender must be"},
        BadInput{"JsonlInvalidUtf8InText", "bad.jsonl", ImportFormat::DialogJsonl,
                 kValidLine + "\n" + replaced(kValidLine, "Чай?", "Ча\xFF?"),
                 "bad.jsonl:2: dialog[1].text: text is not valid UTF-8 (byte 0xFF"},
        BadInput{"JsonlInvalidUtf8InFact", "bad.jsonl", ImportFormat::DialogJsonl,
                 replaced(kValidLine, "Я люблю чай", "Я люблю \xD1"),
                 "bad.jsonl:1: persons[1].description[1]: text is not valid UTF-8"},
        BadInput{"JsonlHugeText", "bad.jsonl", ImportFormat::DialogJsonl,
                 replaced(kValidLine, "Привет", std::string(70000, 'a')),
                 "dialog[0].text: text is 70000 bytes long; the limit is 65536"},
        BadInput{"JsonlHugeFact", "bad.jsonl", ImportFormat::DialogJsonl,
                 replaced(kValidLine, "Я Аня", std::string(2001, 'a')),
                 "persons[0].description[0]: text is 2001 bytes long; the limit is 2000"},
        BadInput{"JsonlBinaryJunk", "bad.jsonl", ImportFormat::DialogJsonl,
                 std::string(300000, '\xFF') + "\n",
                 "bad.jsonl:1: text is not valid UTF-8 (byte 0xFF at offset 0)"},
        BadInput{"JsonlEmpty", "bad.jsonl", ImportFormat::DialogJsonl, "\n\n", "no dialogues"},
        BadInput{"TsvBadHeader", "bad.tsv", ImportFormat::TolokaTsv, "name\tfacts\nA\tB\n",
                 "bad.tsv:1: expected the header characteristic_1"},
        BadInput{"TsvInvalidUtf8", "bad.tsv", ImportFormat::TolokaTsv,
                 kHeader + "Я\tпою\tтанцую\tгуляю\tсплю\nЯ\tпою\t\xC3\x28\tгуляю\tсплю\n",
                 "bad.tsv:3: characteristic_3: text is not valid UTF-8"},
        BadInput{"TsvTooManyValues", "bad.tsv", ImportFormat::TolokaTsv,
                 kHeader + "a\tb\tc\td\te\tf\n",
                 "bad.tsv:2: 6 values, but the header has 5 columns"},
        BadInput{"TsvHugeFact", "bad.tsv", ImportFormat::TolokaTsv,
                 kHeader + std::string(3000, 'x') + "\n",
                 "bad.tsv:2: characteristic_1: text is 3000 bytes long"},
        BadInput{"TsvHeaderOnly", "bad.tsv", ImportFormat::TolokaTsv, kHeader,
                 "no profiles after the header"},
        BadInput{"CardMalformed", "bad.json", ImportFormat::Card,
                 "{\n  \"spec\": \"chara_card_v2\",\n  \"data\": {,}\n}",
                 "bad.json:3:12: malformed JSON"},
        BadInput{"CardWrongSpec", "bad.json", ImportFormat::Card,
                 replaced(kCard, "chara_card_v2", "chara_card_v3"),
                 "spec: expected \"chara_card_v2\""},
        BadInput{"CardMissingName", "bad.json", ImportFormat::Card,
                 replaced(kCard, R"("name":"Ann",)", ""), "data.name: missing"},
        BadInput{"CardNameWrongType", "bad.json", ImportFormat::Card,
                 replaced(kCard, R"("Ann")", "42"),
                 "data.name: expected a string, found an integer"},
        BadInput{"CardTagWrongType", "bad.json", ImportFormat::Card, replaced(kCard, R"("b")", "7"),
                 "data.tags[1]: expected a string, found an integer"},
        BadInput{
            "CardBadFactOrigin", "bad.json", ImportFormat::Card,
            replaced(
                kCard, R"("tags")",
                R"("extensions":{"persona_studio":{"facts":[{"text":"x","origin":"guessed"}]}},"tags")"),
            "data.extensions.persona_studio.facts[0].origin: fact origin must be"},
        BadInput{"CardInvalidUtf8", "bad.json", ImportFormat::Card,
                 replaced(kCard, "Hi.", "H\xE2\x82i."),
                 "bad.json: data.description: text is not valid UTF-8"},
        BadInput{"CardHugeName", "bad.json", ImportFormat::Card,
                 replaced(kCard, "Ann", std::string(300, 'n')),
                 "data.name: text is 300 bytes long; the limit is 200"},
        BadInput{"PngNoCard", "bad.png", ImportFormat::Card, minimalPng(),
                 "no \"chara\" text chunk"},
        BadInput{"PngTruncated", "bad.png", ImportFormat::Card, minimalPng().substr(0, 30),
                 "runs past the end"},
        BadInput{"PngBadBase64", "bad.png", ImportFormat::Card,
                 [] {
                     auto c = readPngChunks(minimalPng(), "x");
                     setPngTextChunk(c, "chara", "not*base64");
                     return writePng(c);
                 }(),
                 "the \"chara\" chunk is not valid base64"},
        BadInput{"NotAPngButNamedSo", "bad.png", ImportFormat::Card, "GIF89a....",
                 "malformed JSON"},
        // 100,000 nested arrays: refused before parsing, no recursion (once a stack overflow).
        BadInput{"JsonlDeeplyNested", "bad.jsonl", ImportFormat::DialogJsonl,
                 std::string(100000, '[') + "\n", "JSON nested deeper than 128 levels (byte 129)"},
        // A number past a double's range: nlohmann throws out_of_range, not parse_error.
        BadInput{"JsonlNumberOverflow", "bad.jsonl", ImportFormat::DialogJsonl,
                 replaced(kValidLine, R"("gk":[0])", R"("gk":[1e999])"),
                 "bad.jsonl:1: malformed JSON: number overflow parsing '1e999'"},
        BadInput{"CardDeeplyNested", "bad.json", ImportFormat::Card,
                 R"({"spec":"chara_card_v2","data":{"name":"Ann","description":)" +
                     std::string(100000, '[') + std::string(100000, ']') + "}}",
                 "JSON nested deeper than 128 levels"},
        BadInput{"PngCardDeeplyNested", "bad.png", ImportFormat::Card,
                 [] {
                     auto c = readPngChunks(minimalPng(), "x");
                     setPngTextChunk(c, "chara", io::base64Encode(std::string(100000, '{')));
                     return writePng(c);
                 }(),
                 "JSON nested deeper than 128 levels"}),
    [](const auto& info) { return info.param.name; });

TEST(BadImport, ReadOnlyDatabaseIsRefusedAndUnchanged) {
    TempDir dir;
    const std::string path = dir.file("ro.db");
    {
        Importer(*std::make_unique<Database>(Database::open(path)))
            .importBytes(kValidLine, "a.jsonl", ImportFormat::DialogJsonl);
    }
    Database db = Database::open(path, OpenOptions{true});
    const std::string before = test::snapshot(db);
    try {
        Importer(db).importFile(test::fixture("toloka_profiles.tsv"));
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos) << e.what();
    }
    EXPECT_EQ(test::snapshot(db), before);
}

TEST(BadImport, UnknownExtensionAsksForAFormat) {
    TempDir dir;
    Database db = Database::open(dir.file("x.db"));
    try {
        Importer(db).importFile(dir.file("data.xml"));
        FAIL();
    } catch (const ImportError& e) {
        EXPECT_NE(std::string(e.what()).find("give --format"), std::string::npos) << e.what();
    }
}
