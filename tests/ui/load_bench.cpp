// A benchmark program, not a test: the window under load, with the bundled demo models.
//  - 10,000 personas in the list, filtered as you type (time per keystroke);
//  - a persona with 10,000 facts: opening it in the editor, a turn's retrieval over all of them
//    (cold: every fact encoded; warm: vectors from the embedding cache) and the inspector's plot;
//  - a chat of 2,000 turns: opening it and scrolling it from top to bottom (time per step).
// Prints one JSON line of figures (milliseconds). Run under Xvfb or offscreen:
//   QT_QPA_PLATFORM=offscreen build/bin/ui_load_bench [--personas N --facts N --turns N]
#include "ui_test_support.h"

#include "inspectors/retrieval_inspector.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "plots/retrieval_bars.h"
#include "views/chat_view.h"
#include "views/persona_editor.h"
#include "models/persona_list_model.h"
#include "views/persona_list_view.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QScrollBar>
#include <QTextBrowser>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>

using namespace persona;

namespace {

struct Sizes {
    int personas = 10000, facts = 10000, turns = 2000;
};

const char* const kNames[] = {"Мария", "Иван", "Ольга", "Пётр", "Анна", "Сергей", "Елена", "Дмитрий", "Наталья", "Алексей"};
const char* const kFacts[] = {"Я живу в Москве", "У меня есть кошка", "Я учусь в ИТМО", "Я люблю горы",
                              "Я работаю программистом", "Мой брат играет на скрипке", "Я не ем мясо",
                              "Я читаю Толстого", "Летом я езжу на дачу", "Я боюсь собак"};

void populate(store::Database& db, const Sizes& n) {
    store::PersonaRepo personas(db);
    db.transaction([&] {
        for (int i = 0; i < n.personas; ++i) {
            store::Persona p;
            p.name = std::string(kNames[i % 10]) + " " + std::to_string(i + 1);
            p.tags = {i % 3 ? "демо" : "тест"};
            personas.create(p, {{0, kFacts[i % 10], store::FactOrigin::Typed, true}});
        }
        std::vector<store::FactDraft> many;
        for (int i = 0; i < n.facts; ++i)
            many.push_back({0, std::string(kFacts[i % 10]) + ", пункт " + std::to_string(i + 1), store::FactOrigin::Typed, true});
        store::Persona big;
        big.name = "Много фактов";
        personas.create(big, many);

        std::vector<store::FactDraft> few;
        for (const char* f : kFacts) few.push_back({0, f, store::FactOrigin::Typed, true});
        store::Persona talker;
        talker.name = "Длинный чат";
        const auto t = personas.create(talker, few);
        const auto revision = personas.currentRevision(t.id);
        store::ChatRepo chats(db);
        const auto chat = chats.create(t.id, "2000 ходов");
        std::optional<store::Id> parent;
        for (int i = 0; i < n.turns; ++i) {
            const auto user = chats.addMessage(chat.id, parent, store::Role::User, "Вопрос номер " + std::to_string(i + 1) + ": как дела?");
            store::PersonaTurn turn;
            turn.chatId = chat.id;
            turn.parentId = user.id;
            turn.text = "Ответ " + std::to_string(i + 1) + ". " + revision.facts[static_cast<size_t>(i) % 10].text + ", а у тебя?";
            turn.personaRevisionId = revision.id;
            for (size_t f = 0; f < revision.facts.size(); ++f) {
                store::RetrievalTraceRow row;
                row.factId = revision.facts[f].id;
                row.factText = revision.facts[f].text;
                row.score = 1.0 / static_cast<double>(1 + (f + static_cast<size_t>(i)) % 10);
                row.rank = static_cast<int>((f + static_cast<size_t>(i)) % 10) + 1;
                row.selectedByModel = *row.rank <= 3;
                turn.retrieval.push_back(row);
            }
            parent = chats.addPersonaTurn(turn).id;
        }
    });
}

double ms(const QElapsedTimer& t) { return static_cast<double>(t.nsecsElapsed()) / 1e6; }

// Runs f, then lets the window process and paint what it caused; returns the milliseconds.
template <typename F>
double timed(QWidget& w, F&& f) {
    QElapsedTimer t;
    t.start();
    f();
    QCoreApplication::processEvents();
    w.repaint();
    return ms(t);
}

struct Spread {
    double mean = 0, max = 0;
};
Spread spread(const std::vector<double>& v) {
    if (v.empty()) return {};
    return {std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()), *std::max_element(v.begin(), v.end())};
}

// One turn on the chat view; returns (send -> retrieved, send -> finished) in ms, or -1 on failure.
std::pair<double, double> turn(ui::MainWindow& w, const QString& text) {
    QSignalSpy retrieved(w.context().chatWorker(), &ui::ChatWorker::retrieved);
    QSignalSpy finished(w.chatView(), &ui::ChatView::replyFinished);
    QElapsedTimer t;
    t.start();
    if (!w.chatView()->send(text)) return {-1, -1};
    if (!retrieved.wait(600000)) return {-1, -1};
    const double r = ms(t);
    if (!finished.count() && !finished.wait(600000)) return {r, -1};
    return {r, ms(t)};
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCommandLineParser parser;
    QCommandLineOption personas{QStringLiteral("personas"), QStringLiteral("Personas in the list."), QStringLiteral("N"), QStringLiteral("10000")};
    QCommandLineOption facts{QStringLiteral("facts"), QStringLiteral("Facts of the big persona."), QStringLiteral("N"), QStringLiteral("10000")};
    QCommandLineOption turns{QStringLiteral("turns"), QStringLiteral("Turns of the long chat."), QStringLiteral("N"), QStringLiteral("2000")};
    parser.addOptions({personas, facts, turns});
    parser.addHelpOption();
    parser.process(app);
    Sizes n{parser.value(personas).toInt(), parser.value(facts).toInt(), parser.value(turns).toInt()};

    test::UiFixture fx;  // isolated settings and data folders
    const QString dbPath = fx.path(QStringLiteral("load.db"));
    QJsonObject out{{QStringLiteral("personas"), n.personas}, {QStringLiteral("facts"), n.facts}, {QStringLiteral("turns"), n.turns}};
    QElapsedTimer t;
    t.start();
    {
        auto db = store::Database::open(dbPath.toStdString());
        populate(db, n);
    }
    out[QStringLiteral("populate_ms")] = ms(t);

    ui::StudioSettings settings;  // the bundled demo models
    settings.agent.sampling.maxNewTokens = 8;
    settings.agent.sampling.seed = 7;
    t.restart();
    ui::MainWindow w(dbPath, settings);
    w.show();
    QCoreApplication::processEvents();
    out[QStringLiteral("window_open_ms")] = ms(t);
    QSignalSpy ready(&w.context(), &ui::AppContext::modelsReady);
    if (!w.context().models() && !ready.wait(120000)) {
        std::fprintf(stderr, "ui_load_bench: the models did not load\n");
        return 1;
    }

    // Filter as you type: one keystroke at a time over the whole list.
    std::vector<double> keys;
    for (const QChar c : QStringLiteral("Мария 12"))
        keys.push_back(timed(w, [&] { test::typeText(w.personaList()->searchEdit(), QString(c)); }));
    const Spread k = spread(keys);
    out[QStringLiteral("filter_keystroke_mean_ms")] = k.mean;
    out[QStringLiteral("filter_keystroke_max_ms")] = k.max;
    out[QStringLiteral("filter_rows_left")] = w.personaList()->filterModel()->rowCount();
    keys.clear();
    for (int i = 0; i < 8; ++i)
        keys.push_back(timed(w, [&] {
            QKeyEvent bs(QEvent::KeyPress, Qt::Key_Backspace, Qt::NoModifier);
            QApplication::sendEvent(w.personaList()->searchEdit(), &bs);
        }));
    out[QStringLiteral("filter_backspace_max_ms")] = spread(keys).max;

    // The persona with 10,000 facts.
    w.showView(ui::MainWindow::View::Editor);
    out[QStringLiteral("open_big_persona_ms")] =
        timed(w, [&] { w.personaList()->selectPersonaByName(QStringLiteral("Много фактов")); });
    w.showView(ui::MainWindow::View::Chat);
    w.chatView()->newChat();
    const auto cold = turn(w, QStringLiteral("Где ты живёшь?"));
    const auto warm = turn(w, QStringLiteral("А кошка у тебя есть?"));
    out[QStringLiteral("retrieve_big_first_ms")] = cold.first;
    out[QStringLiteral("retrieve_big_second_ms")] = warm.first;
    out[QStringLiteral("turn_big_second_ms")] = warm.second;
    const qint64 lastReply = w.chatView()->turns().empty() ? 0 : w.chatView()->turns().back().message.id;
    w.showView(ui::MainWindow::View::Retrieval);
    out[QStringLiteral("plot_big_ms")] = timed(w, [&] { w.retrievalInspector()->showMessage(lastReply); });
    out[QStringLiteral("plot_big_bars")] = static_cast<int>(w.retrievalInspector()->bars()->rows().size());

    // The chat of 2,000 turns: open, then scroll from top to bottom in 40 steps.
    w.showView(ui::MainWindow::View::Chat);
    out[QStringLiteral("open_long_chat_ms")] =
        timed(w, [&] { w.personaList()->selectPersonaByName(QStringLiteral("Длинный чат")); });
    out[QStringLiteral("long_chat_turns_shown")] = static_cast<int>(w.chatView()->turns().size());
    QScrollBar* bar = w.chatView()->transcriptView()->verticalScrollBar();
    std::vector<double> steps;
    for (int i = 0; i <= 40; ++i)
        steps.push_back(timed(w, [&] { bar->setValue(bar->minimum() + (bar->maximum() - bar->minimum()) * i / 40); }));
    const Spread s = spread(steps);
    out[QStringLiteral("scroll_step_mean_ms")] = s.mean;
    out[QStringLiteral("scroll_step_max_ms")] = s.max;

    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
