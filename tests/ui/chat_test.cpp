// The chat, driven through the real widgets with small models made by the test: a streamed reply
// and its stored traces, Stop mid-reply, Regenerate and the ‹ 1/2 › siblings, editing a fact during
// a chat (the next reply uses it), approving a proposal from its chip, closing mid-reply.
#include "ui_test_support.h"

#include "models/fact_table_model.h"
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"
#include "persona/store/trace_repo.h"
#include "models/transcript_model.h"
#include "views/chat_transcript.h"
#include "views/chat_view.h"
#include "views/persona_list_view.h"

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBrowser>
#include <QTextDocument>

using namespace persona;

namespace {

// Sends a message by typing it and pressing Ctrl+Enter; waits for the reply.
ui::TurnOutcome sendAndWait(ui::MainWindow& w, const QString& text) {
    QSignalSpy finished(w.chatView(), &ui::ChatView::replyFinished);
    auto* input = w.chatView()->findChild<QPlainTextEdit*>(QStringLiteral("chatInput"));
    input->setFocus();
    test::typeText(input, text);
    QTest::keyClick(input, Qt::Key_Return, Qt::ControlModifier);
    if (!finished.wait(60000)) return {};
    return finished.first().at(0).value<ui::TurnOutcome>();
}

}  // namespace

class ChatTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aReplyStreamsInAndItsTracesAreStored() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings());
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        QSignalSpy tokens(w->context().chatWorker(), &ui::ChatWorker::tokensArrived);
        const ui::TurnOutcome out = sendAndWait(*w, QStringLiteral("Где ты учишься?"));
        QVERIFY(out.personaMessageId);
        QVERIFY(tokens.count() >= 1);  // the first token at once, then throttled flushes
        QVERIFY(tokens.count() <= out.tokens);

        store::ChatRepo chats(w->context().db());
        const auto path = chats.selectedPath(w->chatView()->chatId());
        QCOMPARE(path.size(), 2u);
        QCOMPARE(path[0].text, std::string("Где ты учишься?"));
        QCOMPARE(path[1].id, out.personaMessageId);
        // What streamed into the view is the text the engine generated.
        QString streamed;
        for (const auto& args : tokens) streamed += args.at(1).toString();
        QCOMPARE(streamed, w->chatView()->streamedText());
        QCOMPARE(static_cast<int>(store::TraceRepo(w->context().db()).tokens(out.personaMessageId).size()), out.tokens);
        QCOMPARE(store::TraceRepo(w->context().db()).retrieval(out.personaMessageId).size(),
                 store::PersonaRepo(w->context().db()).currentRevision(w->personaList()->currentPersonaId()).facts.size());
        // The transcript shows the reply and the line of facts under it.
        // (Compared on letters and digits: a random model's reply may hold control characters
        // that a text view shows differently.)
        auto letters = [](const QString& s) {
            QString out;
            for (const QChar c : s)
                if (c.isLetterOrNumber()) out += c;
            return out;
        };
        const QString shown = w->chatView()->transcriptView()->toPlainText();
        QVERIFY2(letters(shown).contains(letters(QString::fromStdString(path[1].text))), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("rev ")), qPrintable(shown));
    }

    void stopEndsTheReplyMidwayAndKeepsWhatWasWritten() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings(/*slow=*/true));
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        QSignalSpy finished(w->chatView(), &ui::ChatView::replyFinished);
        QSignalSpy tokens(w->context().chatWorker(), &ui::ChatWorker::tokensArrived);
        QVERIFY(w->chatView()->send(QStringLiteral("Расскажи длинную историю")));
        QVERIFY(tokens.wait(30000));
        auto* stop = w->chatView()->findChild<QPushButton*>(QStringLiteral("stopButton"));
        QVERIFY(stop->isEnabled());
        QTest::mouseClick(stop, Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        const auto out = finished.first().at(0).value<ui::TurnOutcome>();
        QCOMPARE(out.stopReason, QStringLiteral("cancelled"));
        QVERIFY(out.tokens > 0);
        QVERIFY(out.tokens < 600);
        QVERIFY(out.personaMessageId);
        QVERIFY(!stop->isEnabled());
    }

    void regenerateMakesASiblingToBrowse() {
        test::UiFixture fx;
        auto settings = fx.settings();
        auto w = fx.window(settings);
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        const auto first = sendAndWait(*w, QStringLiteral("Привет"));
        QVERIFY(first.personaMessageId);
        // Another seed, so the sibling differs.
        auto s = w->context().settings();
        s.agent.sampling.seed = 99;
        w->context().setSettings(s);
        QSignalSpy finished(w->chatView(), &ui::ChatView::replyFinished);
        QTest::mouseClick(w->chatView()->findChild<QPushButton*>(QStringLiteral("regenerateButton")), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        const auto second = finished.first().at(0).value<ui::TurnOutcome>();
        QVERIFY(second.personaMessageId && second.personaMessageId != first.personaMessageId);
        auto turns = w->chatView()->turns();
        QCOMPARE(turns.back().message.id, second.personaMessageId);
        QCOMPARE(turns.back().alternativeCount, 2);
        QCOMPARE(turns.back().alternativeIndex, 1);
        QVERIFY(w->chatView()->transcriptView()->toPlainText().contains(QStringLiteral("2/2")));
        // ‹ shows the first reply again, › the second.
        w->chatView()->activateLink(QStringLiteral("act:prev:%1").arg(second.personaMessageId));
        QCOMPARE(w->chatView()->turns().back().message.id, first.personaMessageId);
        QVERIFY(w->chatView()->transcriptView()->toPlainText().contains(QStringLiteral("1/2")));
        w->chatView()->activateLink(QStringLiteral("act:next:%1").arg(first.personaMessageId));
        QCOMPARE(w->chatView()->turns().back().message.id, second.personaMessageId);
    }

    void aFactAddedDuringTheChatCountsFromTheNextReply() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings());
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        const qint64 persona = w->personaList()->currentPersonaId();
        const auto first = sendAndWait(*w, QStringLiteral("Привет"));
        auto* quick = w->chatView()->findChild<QLineEdit*>(QStringLiteral("quickFact"));
        test::typeText(quick, QStringLiteral("Я играю на виолончели"));
        QTest::keyClick(quick, Qt::Key_Return);
        const auto current = store::PersonaRepo(w->context().db()).currentRevision(persona);
        QVERIFY(current.id != first.personaRevisionId);
        const auto second = sendAndWait(*w, QStringLiteral("На чём ты играешь?"));
        QCOMPARE(second.personaRevisionId, current.id);
        bool scored = false;
        for (const auto& row : store::TraceRepo(w->context().db()).retrieval(second.personaMessageId))
            scored = scored || row.factText == "Я играю на виолончели";
        QVERIFY(scored);
    }

    void aProposalIsApprovedFromItsChip() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings());
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        const qint64 persona = w->personaList()->currentPersonaId();
        QVERIFY(sendAndWait(*w, QStringLiteral("Привет")).personaMessageId);
        // The model stated a new fact about itself: stored as a disabled proposal.
        store::PersonaRepo personas(w->context().db());
        std::vector<store::FactDraft> drafts;
        for (const auto& f : personas.currentRevision(persona).facts) drafts.push_back({f.id, f.text, f.origin, f.enabled});
        drafts.push_back({0, "Я люблю джаз", store::FactOrigin::Proposed, false});
        const qint64 proposal = personas.setFacts(persona, drafts, "the model proposed 1 fact(s)").facts.back().id;
        w->context().notifyPersonaChanged(persona);
        QVERIFY(w->chatView()->transcriptView()->toPlainText().contains(QStringLiteral("Я люблю джаз")));
        QCOMPARE(w->factModel()->rowOf(proposal), -1);  // not among the facts until approved

        QSignalSpy handled(w->context().chatWorker(), &ui::ChatWorker::proposalHandled);
        w->chatView()->activateLink(QStringLiteral("act:approve:%1").arg(proposal));
        QVERIFY(handled.wait(20000));
        QTest::qWait(50);  // the queued refresh
        const auto fact = personas.currentRevision(persona).facts.back();
        QCOMPARE(fact.id, proposal);
        QVERIFY(fact.origin == store::FactOrigin::Approved);
        QVERIFY(fact.enabled);
        QVERIFY(w->factModel()->rowOf(proposal) >= 0);
    }

    // The transcript is a list model whose items change alone: a rating re-renders that reply
    // only, and after a finished turn, a sibling switch, a rating and a mode toggle the document is
    // what a full rebuild from the store draws.
    void theTranscriptModelChangesOneItemAndMatchesAFullRebuild() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings());
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        ui::ChatView* chat = w->chatView();
        const auto first = sendAndWait(*w, QStringLiteral("Привет"));
        QVERIFY(first.personaMessageId);
        QVERIFY(sendAndWait(*w, QStringLiteral("Как дела?")).personaMessageId);
        QSignalSpy finished(chat, &ui::ChatView::replyFinished);
        chat->activateLink(QStringLiteral("act:regen:%1").arg(first.personaMessageId));  // a sibling of the first reply
        QVERIFY(finished.wait(60000));
        const qint64 sibling = finished.first().at(0).value<ui::TurnOutcome>().personaMessageId;
        QCOMPARE(chat->turns().size(), size_t{2});  // the branch from the first reply on is the new one
        QCOMPARE(chat->turns().back().message.id, sibling);

        // The document equals one drawn from scratch from the store.
        auto expectFullRebuild = [&] {
            store::ChatRepo chats(w->context().db());
            store::PersonaRepo personas(w->context().db());
            ui::TranscriptOptions o;
            o.personaName = QString::fromStdString(personas.get(w->personaList()->currentPersonaId()).name);
            for (const auto& f : personas.currentRevision(w->personaList()->currentPersonaId()).facts)
                if (f.origin == store::FactOrigin::Proposed) o.proposals.push_back(f);
            o.validation = chat->validationMode();
            QTextDocument expected;
            expected.setDefaultStyleSheet(chat->transcriptView()->document()->defaultStyleSheet());
            expected.setHtml(ui::ChatTranscript::render(chats.transcript(chat->chatId()), o));
            QCOMPARE(chat->transcriptView()->document()->toHtml(), expected.toHtml());
        };
        expectFullRebuild();
        chat->activateLink(QStringLiteral("act:prev:%1").arg(sibling));
        QCOMPARE(chat->turns().size(), size_t{4});  // the first branch again, with its second exchange
        QCOMPARE(chat->turns()[1].message.id, first.personaMessageId);
        expectFullRebuild();

        ui::TranscriptModel* model = chat->transcriptModel();
        int renders = model->renders();
        store::Rating rating;
        rating.logical = 1;
        QVERIFY(chat->saveRating(first.personaMessageId, rating));
        QCOMPARE(model->renders() - renders, 1);  // that reply alone
        expectFullRebuild();

        renders = model->renders();
        chat->setValidationMode(true);
        QCOMPARE(model->renders() - renders, 2);  // the two replies get their "Rate" link; no store read
        expectFullRebuild();
        // The mode is remembered per chat id in QSettings, which outlive the fixture in this
        // process: the next test's chat 1 would start in validation mode.
        chat->setValidationMode(false);
    }

    void closingTheWindowMidReplyLosesNothing() {
        test::UiFixture fx;
        const QString db = fx.path(QStringLiteral("close.db"));
        qint64 chatId = 0;
        {
            auto w = fx.window(fx.settings(/*slow=*/true), QStringLiteral("close.db"));
            QVERIFY(w);
            QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
            QSignalSpy tokens(w->context().chatWorker(), &ui::ChatWorker::tokensArrived);
            QVERIFY(w->chatView()->send(QStringLiteral("Расскажи длинную историю")));
            chatId = w->chatView()->chatId();
            QVERIFY(tokens.wait(30000));
            w->close();
        }  // destroyed here, mid-reply: the reply stops and is stored, the threads are joined
        auto check = store::Database::open(db.toStdString());
        const auto path = store::ChatRepo(check).selectedPath(chatId);
        QCOMPARE(path.size(), 2u);
        QCOMPARE(path[0].text, std::string("Расскажи длинную историю"));
        QVERIFY(path[1].role == store::Role::Persona);
        QVERIFY2(path[1].settingsJson.find("\"cancelled\"") != std::string::npos, path[1].settingsJson.c_str());
        QCOMPARE(check.integrityCheck(), std::string("ok"));
    }
};

QTEST_MAIN(ChatTest)
#include "chat_test.moc"
