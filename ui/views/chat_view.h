// The chat: the persona's chats (new, rename, delete), the transcript with the reply streaming in,
// Send (Ctrl+Enter) / Stop (Esc) / Regenerate, sibling replies ‹ 2/3 ›, editing a sent message,
// proposed facts as chips to approve or reject, and a facts panel to edit while chatting.
// Validation mode (a per-chat toggle): before each reply the labeller ticks the facts it uses,
// after it marks it logical / specific / personal (LabelPanel).
//
// The transcript is a TranscriptModel (one item per turn) drawn into a QTextBrowser. The class is
// split by job: chat_view.cpp (layout and wiring), chat_view_chats.cpp (the persona's chats),
// chat_view_transcript.cpp (the model and the document), chat_view_turns.cpp (send, stop,
// regenerate, edit, the links), chat_view_validation.cpp (validation mode and ratings).
#pragma once

#include "persona/agent/agent.h"
#include "persona/store/store_types.h"
#include "workers/chat_worker.h"

#include <QTextCursor>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTableView;
class QTextBrowser;

namespace persona::ui {

class AppContext;
class FactTableModel;
class LabelPanel;
class TranscriptModel;

class ChatView : public QWidget {
    Q_OBJECT
public:
    ChatView(AppContext& ctx, FactTableModel* facts, QWidget* parent = nullptr);

    void setPersona(qint64 personaId);  // shows its most recent chat (or the one given below)
    qint64 personaId() const { return m_personaId; }
    qint64 chatId() const { return m_chatId; }
    void setChat(qint64 chatId);
    void refresh() { showTranscript(); }  // e.g. after the palette changed: the document anew, no store read
    qint64 newChat();

    // What the buttons do, callable from the window's menus and from scripted runs.
    // Sends the text (control characters dropped, trimmed). Refused, with the reason in the status
    // line and the input left as it is, when empty, too long for the store, or while a turn runs.
    bool send(const QString& text);
    static QString cleanMessage(const QString& text);
    QPlainTextEdit* input() const { return m_input; }
    QLabel* statusLabel() const { return m_status; }
    void stop();
    void regenerate();
    // Runs a transcript link ("act:regen:42"): the same path a click takes.
    void activateLink(const QString& link);

    // Validation mode of the current chat (remembered per chat).
    bool validationMode() const { return m_validation; }
    void setValidationMode(bool on);
    LabelPanel* labelPanel() const { return m_labelPanel; }
    // Stores marks of a persona reply (the panel's Save; also for older replies).
    bool saveRating(qint64 messageId, const store::Rating& rating);

    const std::vector<store::TurnView>& turns() const;
    TranscriptModel* transcriptModel() const { return m_model; }
    QString streamedText() const { return m_streamed; }
    QTextBrowser* transcriptView() const { return m_transcript; }
    QSplitter* splitter() const { return m_splitter; }
    qint64 selectedMessageId() const { return m_selectedMessageId; }

Q_SIGNALS:
    void chatChanged(qint64 chatId);
    void messageSelected(qint64 messageId);  // "Inspect" on a reply
    void replyFinished(const persona::ui::TurnOutcome& outcome);
    void replyFailed(const QString& message);
    // Validation mode: the facts of the message about to be sent are listed for ticking.
    void factsListed();
    void labelsChanged(qint64 chatId);  // a rating was saved

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildUi();
    QHBoxLayout* buildTopBar();
    QWidget* buildFactsPanel();
    void buildSplitter(QWidget* factsPanel);
    QHBoxLayout* buildInputRow();
    // The chats in validation mode, remembered across sessions.
    static bool validationRemembered(qint64 chatId);
    static void rememberValidation(qint64 chatId, bool on);
    void reloadChats();
    // The transcript: loadTranscript() reads the chat anew (another chat, more earlier turns);
    // syncTranscript() reads only the turns from the first message that changed (a finished turn,
    // a sibling switch); loadPersonaLook() the persona's name and proposals; showTranscript() lays
    // the document out from the model's items.
    void loadTranscript();
    void syncTranscript();
    void loadPersonaLook();
    void showTranscript();
    void updateButtons();
    void showEarlier();
    ChatRequest request(ChatRequest::Kind kind, qint64 messageId = 0) const;
    bool start(const ChatRequest& r);
    void onRetrieved(qint64 chatId);
    void onTokens(qint64 chatId, const QString& text, int count);
    void onFinished(const TurnOutcome& outcome);
    void onFailed(qint64 chatId, const QString& message);
    void renameChat();
    void deleteChat();
    void selectSibling(qint64 messageId, int step);
    void editMessage(qint64 messageId);
    void onPreviewed(qint64 chatId, const QString& text, const AgentRetrieval& retrieval);
    void sendWithFacts(const QList<qint64>& factIds);
    void rateMessage(qint64 messageId);

    AppContext& m_ctx;
    FactTableModel* m_facts;
    qint64 m_personaId = 0;
    qint64 m_chatId = 0;
    qint64 m_selectedMessageId = 0;
    TranscriptModel* m_model = nullptr;
    QString m_streamed;
    bool m_streaming = false;
    QTextCursor m_streamCursor;

    QComboBox* m_chatBox = nullptr;
    QPushButton* m_newChat = nullptr;
    QPushButton* m_renameChat = nullptr;
    QPushButton* m_deleteChat = nullptr;
    QSplitter* m_splitter = nullptr;
    QTextBrowser* m_transcript = nullptr;
    QTableView* m_factView = nullptr;
    QLineEdit* m_quickFact = nullptr;
    QPlainTextEdit* m_input = nullptr;
    // A long chat draws its last messages only (more on "Show earlier messages").
    static constexpr size_t kTranscriptPage = 200;
    size_t m_shownTurns = kTranscriptPage;
    QPushButton* m_send = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_regenerate = nullptr;
    QLabel* m_status = nullptr;
    QCheckBox* m_validationBox = nullptr;
    LabelPanel* m_labelPanel = nullptr;
    bool m_validation = false;
    QString m_pendingText;  // validation mode: the message whose facts are being ticked
};

}  // namespace persona::ui
