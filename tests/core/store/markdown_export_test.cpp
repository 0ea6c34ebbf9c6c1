// Chats as Markdown: the facts each reply used (the retriever's, or the labeller's in validation
// mode and for imported labels), the labels and ratings, escaping.
#include "db_snapshot.h"
#include "temp_dir.h"

#include "persona/io/markdown_exporter.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace persona;
using namespace persona::store;
using persona::test::TempDir;

namespace {

class MarkdownExportTest : public ::testing::Test {
protected:
    TempDir dir;
    Database db = Database::open(dir.file("m.db"));
    PersonaRepo personas{db};
    ChatRepo chats{db};
    Persona p = personas.create(test::named("Кирилл"), {{0, "Я живу в Санкт-Петербурге"}, {0, "Я учусь в ИТМО"}});
    PersonaRevision rev = personas.currentRevision(p.id);
    Chat chat = chats.create(p.id, "Про *учёбу*");

    // A reply to `user` scored 0.25 / 0.75; the model picked fact 1, the labeller `human`.
    Id reply(const std::string& user, const std::string& text, const std::vector<Id>& human, bool exact) {
        const auto path = chats.selectedPath(chat.id);
        const auto u = chats.addMessage(chat.id, path.empty() ? std::nullopt : std::optional<Id>(path.back().id),
                                        Role::User, user);
        PersonaTurn t;
        t.chatId = chat.id;
        t.parentId = u.id;
        t.text = text;
        t.settingsJson = exact ? R"({"generator":"demo","exact_fact_ids":[]})" : R"({"generator":"demo"})";
        for (int i = 0; i < 2; ++i) {
            RetrievalTraceRow r;
            r.factId = rev.facts[static_cast<size_t>(i)].id;
            r.factText = rev.facts[static_cast<size_t>(i)].text;
            r.score = i ? 0.75 : 0.25;
            r.rank = i ? 1 : 2;
            r.selectedByModel = i == 1;
            r.selectedByHuman = std::find(human.begin(), human.end(), r.factId) != human.end();
            t.retrieval.push_back(r);
        }
        return chats.addPersonaTurn(t).id;
    }

    std::string markdown(const io::DialogExportOptions& o = {}) {
        std::ostringstream out;
        io::MarkdownExporter(db).write(out, o);
        return out.str();
    }
};

TEST_F(MarkdownExportTest, RepliesShowTheFactsTheyUsedTheLabelsAndTheRating) {
    const Id first = reply("Где ты учишься?", "В ИТМО", {rev.facts[0].id}, /*exact=*/false);
    reply("А живёшь где?", "В Питере", {rev.facts[0].id}, /*exact=*/true);
    TraceRepo(db).setRating(first, {1, 0, 1, "хорошо", 0});
    const std::string md = markdown();
    EXPECT_NE(md.find("# Про \\*учёбу\\*\n"), std::string::npos) << md;
    EXPECT_NE(md.find("Persona: **Кирилл**, revision 1"), std::string::npos) << md;
    EXPECT_NE(md.find("**User:** Где ты учишься?"), std::string::npos) << md;
    // First reply: the retriever's choice was used; the labeller ticked another fact.
    EXPECT_NE(md.find("**Кирилл:** В ИТМО\n\n> Facts used: Я учусь в ИТМО (0.75)\n>  \n"
                      "> Labelled: Я живу в Санкт-Петербурге (0.25)\n>  \n"
                      "> Rating: logical yes, specific no, personal yes; хорошо\n"),
              std::string::npos)
        << md;
    // Second reply, validation mode: exactly the labeller's facts were used.
    EXPECT_NE(md.find("**Кирилл:** В Питере\n\n> Facts used: Я живу в Санкт-Петербурге (0.25)\n\n"), std::string::npos)
        << md;
}

TEST_F(MarkdownExportTest, LabelledOnlySkipsChatsWithoutLabelsAndTheFileIsWrittenWhole) {
    chats.addMessage(chat.id, std::nullopt, Role::User, "без меток");
    io::DialogExportOptions o;
    o.labelledOnly = true;
    EXPECT_EQ(markdown(o), "");
    const std::string path = dir.file("out.md");
    const auto sum = io::MarkdownExporter(db).writeFile(path, {});
    EXPECT_EQ(sum.chats, 1);
    EXPECT_EQ(sum.turns, 1);
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("**User:** без меток"), std::string::npos);
}

TEST(MarkdownEscape, EscapesMarkupAndKeepsLineBreaks) {
    EXPECT_EQ(io::markdownEscape("*a* _b_ #c [d](e) <f> `g` \\"), "\\*a\\* \\_b\\_ \\#c \\[d\\](e) \\<f\\> \\`g\\` \\\\");
    EXPECT_EQ(io::markdownEscape("one\r\ntwo"), "one  \ntwo");
}

}  // namespace
