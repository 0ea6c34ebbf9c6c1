// Bad input typed or pasted into the window: an empty message and one over the store's limit are
// refused with the text kept in the box and nothing stored; emoji, right-to-left text, pasted NUL
// bytes and invalid UTF-8 go through and are stored as shown; a persona with no facts answers; a
// very long chat draws its last messages and the earlier ones on demand.
#include "ui_test_support.h"

#include "persona/store/chat_repo.h"
#include "persona/store/persona_repo.h"
#include "views/chat_view.h"
#include "views/persona_list_view.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QTextBrowser>

using namespace persona;

namespace {

// Messages stored in the chat (every branch).
int storedMessages(ui::MainWindow& w) {
    if (!w.chatView()->chatId()) return 0;
    return static_cast<int>(store::ChatRepo(w.context().db()).selectedPath(w.chatView()->chatId()).size());
}

// Sends what is in the input box as the Send button does; returns the stored user message text.
QString sendAndWait(ui::MainWindow& w, const QString& typed) {
    w.chatView()->input()->setPlainText(typed);
    QSignalSpy finished(w.chatView(), &ui::ChatView::replyFinished);
    if (!w.chatView()->send(w.chatView()->input()->toPlainText()) || !finished.wait(60000)) return QStringLiteral("(not sent)");
    const auto path = store::ChatRepo(w.context().db()).selectedPath(w.chatView()->chatId());
    for (auto it = path.rbegin(); it != path.rend(); ++it)
        if (it->role == store::Role::User) return QString::fromStdString(it->text);
    return {};
}

}  // namespace

class BadInputTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptyAndOverlongMessagesAreRefusedAndKept() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings());
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        const int before = storedMessages(*w);
        QVERIFY(!w->chatView()->send(QStringLiteral("   \n\t ")));
        QVERIFY(!w->chatView()->send(QString(QChar(0)) + QStringLiteral("\x01\x02")));  // only control bytes
        // 100,000 characters (Cyrillic: 200,000 bytes of UTF-8), over the 64 KB limit.
        const QString huge = QString(100000, QChar(0x0416));
        w->chatView()->input()->setPlainText(huge);
        QVERIFY(!w->chatView()->send(w->chatView()->input()->toPlainText()));
        QCOMPARE(w->chatView()->input()->toPlainText(), huge);  // kept, to be shortened
        QVERIFY2(w->chatView()->statusLabel()->text().contains(QStringLiteral("64")), qPrintable(w->chatView()->statusLabel()->text()));
        QCOMPARE(storedMessages(*w), before);
        // Just under the limit goes through.
        const QString big = QString(30000, QChar(0x0416));
        QCOMPARE(sendAndWait(*w, big), big);
    }

    void unusualTextIsStoredAsShown() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings());
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        const QString emoji = QStringLiteral("Привет 👋🏽 как дела? 🇷🇺");
        QCOMPARE(sendAndWait(*w, emoji), emoji);
        const QString rtl = QStringLiteral("שלום, מה שלומך? مرحبا");
        QCOMPARE(sendAndWait(*w, rtl), rtl);
        // A paste with NUL and other control bytes: they are dropped, the rest kept.
        QCOMPARE(sendAndWait(*w, QStringLiteral("до") + QChar(0) + QStringLiteral("бро\x07 утро")), QStringLiteral("добро утро"));
        // Invalid UTF-8 from a clipboard decodes to replacement characters and is stored as shown.
        const QString broken = QString::fromUtf8("bad \xff\xfe bytes \xd0");
        QVERIFY(broken.contains(QChar::ReplacementCharacter));
        QCOMPARE(sendAndWait(*w, broken), broken.trimmed());
        // The transcript shows them.
        QVERIFY(w->chatView()->transcriptView()->toPlainText().contains(QStringLiteral("👋🏽")));
        QVERIFY(w->chatView()->transcriptView()->toPlainText().contains(QStringLiteral("שלום")));
    }

    void aPersonaWithNoFactsAnswers() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings());
        QVERIFY(w);
        const qint64 id = w->personaList()->createPersona(QStringLiteral("Пустой"));
        QVERIFY(id);
        QVERIFY(w->personaList()->selectPersona(id));
        QCOMPARE(store::PersonaRepo(w->context().db()).currentRevision(id).facts.size(), size_t{0});
        QSignalSpy finished(w->chatView(), &ui::ChatView::replyFinished);
        QVERIFY(w->chatView()->send(QStringLiteral("Кто ты?")));
        QVERIFY(finished.wait(60000));
        const auto outcome = finished.first().at(0).value<ui::TurnOutcome>();
        QVERIFY(outcome.personaMessageId);
        QCOMPARE(storedMessages(*w), 2);
    }

    void aLongChatDrawsItsLastMessagesAndEarlierOnesOnDemand() {
        test::UiFixture fx;
        auto w = fx.window(fx.settings());
        QVERIFY(w);
        QVERIFY(w->personaList()->selectPersonaByName(QStringLiteral("Кирилл")));
        const qint64 chat = w->chatView()->newChat();
        QVERIFY(chat);
        {
            store::ChatRepo chats(w->context().db());
            std::optional<store::Id> parent;
            for (int i = 1; i <= 150; ++i) {
                parent = chats.addMessage(chat, parent, store::Role::User, "Вопрос " + std::to_string(i) + ".").id;
                parent = chats.addMessage(chat, parent, store::Role::Persona, "Ответ " + std::to_string(i) + ".").id;
            }
        }
        w->chatView()->setChat(chat);
        QCOMPARE(w->chatView()->turns().size(), size_t{300});
        QString shown = w->chatView()->transcriptView()->toPlainText();
        QVERIFY(shown.contains(QStringLiteral("Ответ 150.")));
        QVERIFY(shown.contains(QStringLiteral("Вопрос 51.")));  // the last 200 messages
        QVERIFY(!shown.contains(QStringLiteral("Ответ 50.")));
        QVERIFY2(shown.contains(QStringLiteral("Show earlier messages (100 hidden)")), qPrintable(shown.left(200)));
        w->chatView()->activateLink(QStringLiteral("act:earlier:0"));
        shown = w->chatView()->transcriptView()->toPlainText();
        QVERIFY(shown.contains(QStringLiteral("Вопрос 1.")));
        QVERIFY(!shown.contains(QStringLiteral("Show earlier")));
    }
};

QTEST_MAIN(BadInputTest)
#include "bad_input_test.moc"
