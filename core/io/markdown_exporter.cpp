#include "persona/io/markdown_exporter.h"

#include "io/atomic_file.h"

#include "persona/error.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string_view>

namespace persona::io {

using namespace persona::store;

std::vector<RetrievalTraceRow> factsUsed(const TurnView& turn) {
    bool exact = false;
    if (!turn.message.settingsJson.empty()) {
        const auto j = nlohmann::json::parse(turn.message.settingsJson, nullptr, false);
        exact = j.is_object() && j.contains("exact_fact_ids");
    }
    const bool scored = std::any_of(turn.retrieval.begin(), turn.retrieval.end(),
                                    [](const RetrievalTraceRow& r) { return r.score.has_value(); });
    const bool human = exact || !scored;
    std::vector<RetrievalTraceRow> out;
    for (const auto& r : turn.retrieval)
        if (human ? r.selectedByHuman : r.selectedByModel) out.push_back(r);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.rank.value_or(1 << 30) < b.rank.value_or(1 << 30);
    });
    return out;
}

std::string markdownEscape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (std::string_view("\\`*_[]<>#").find(c) != std::string_view::npos) out += '\\';
        if (c == '\n') {
            out += "  \n";  // a hard line break
            continue;
        }
        if (c != '\r') out += c;
    }
    return out;
}

namespace {

std::string score(const RetrievalTraceRow& r) {
    if (!r.score) return {};
    std::ostringstream s;
    s << " (" << std::fixed << std::setprecision(2) << *r.score << ")";
    return s.str();
}

std::string factList(const std::vector<RetrievalTraceRow>& rows) {
    std::string out;
    for (const auto& r : rows) out += (out.empty() ? "" : "; ") + markdownEscape(r.factText) + score(r);
    return out;
}

std::string mark(const std::optional<int>& v, const char* name) {
    if (!v) return {};
    return std::string(name) + (*v ? " yes" : " no");
}

// The lines under a persona reply: facts used, the labeller's ticks when they differ, the rating.
std::string turnNotes(const TurnView& t) {
    std::string out;
    const auto used = factsUsed(t);
    out += "> Facts used: " + (used.empty() ? std::string("none") : factList(used)) + "\n";
    std::vector<RetrievalTraceRow> human;
    for (const auto& r : t.retrieval)
        if (r.selectedByHuman) human.push_back(r);
    bool same = human.size() == used.size();
    for (size_t i = 0; same && i < human.size(); ++i) same = std::any_of(used.begin(), used.end(), [&](const auto& u) {
        return u.factId == human[i].factId;
    });
    if (!human.empty() && !same) out += ">  \n> Labelled: " + factList(human) + "\n";
    if (t.rating) {
        std::string marks;
        for (const auto& m : {mark(t.rating->logical, "logical"), mark(t.rating->specific, "specific"),
                              mark(t.rating->personal, "personal")})
            if (!m.empty()) marks += (marks.empty() ? "" : ", ") + m;
        if (!t.rating->comment.empty()) marks += (marks.empty() ? "" : "; ") + markdownEscape(t.rating->comment);
        out += ">  \n> Rating: " + marks + "\n";
    }
    return out;
}

}  // namespace

MarkdownExporter::MarkdownExporter(Database& db) : m_db(db) {}

DialogExportSummary MarkdownExporter::write(std::ostream& out, const DialogExportOptions& options) {
    ChatRepo chats(m_db);
    PersonaRepo personas(m_db);
    DialogExportSummary sum;
    std::vector<Chat> selected;
    if (!options.chatIds.empty())
        for (Id id : options.chatIds) selected.push_back(chats.get(id));
    else
        selected = options.personaId ? chats.listForPersona(*options.personaId) : chats.list();
    for (const Chat& chat : selected) {
        const auto turns = chats.transcript(chat.id);
        int labels = 0;
        bool rated = false;
        for (const auto& t : turns) {
            for (const auto& r : t.retrieval) labels += r.selectedByHuman ? 1 : 0;
            rated = rated || t.rating.has_value();
        }
        if (options.labelledOnly && labels == 0 && !rated) continue;
        const std::string persona = personas.get(chat.personaId).name;
        const std::string title = chat.title.empty() ? "Chat " + std::to_string(chat.id) : chat.title;
        out << "# " << markdownEscape(title) << "\n\n";
        out << "Persona: **" << markdownEscape(persona) << "**, revision "
            << personas.revision(chat.personaRevisionId).number << "\n\n";
        for (const auto& t : turns) {
            const bool isPersona = t.message.role == Role::Persona;
            out << "**" << (isPersona ? markdownEscape(persona) : std::string("User")) << ":** "
                << markdownEscape(t.message.text) << "\n\n";
            if (isPersona) out << turnNotes(t) << "\n";
        }
        ++sum.chats;
        sum.turns += static_cast<int>(turns.size());
        sum.labels += labels;
    }
    return sum;
}

DialogExportSummary MarkdownExporter::writeFile(const std::string& path, const DialogExportOptions& options) {
    DialogExportSummary sum;
    detail::writeAtomically(path, [&](std::ostream& out) { sum = write(out, options); });
    return sum;
}

}  // namespace persona::io
