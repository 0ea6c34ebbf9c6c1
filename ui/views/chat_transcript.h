// Renders a chat's shown turns (ChatRepo::transcript) as HTML for the chat view's QTextBrowser.
// Actions are links ("act:regen:ID" ...), so every message carries its own controls and the
// whole history is one document: cheap to scroll, and the live reply streams into its end.
#pragma once

#include "persona/store/store_types.h"

#include <QCoreApplication>
#include <QString>

#include <vector>

namespace persona::ui {

struct TranscriptOptions {
    QString personaName;
    bool dark = false;
    std::vector<store::Fact> proposals;  // unreviewed proposals of the persona (chips)
    qint64 lastProposalMessageId = 0;    // the reply they are shown under (0: the last reply)
    bool streaming = false;              // a reply is being written: a last block receives it
    size_t firstTurn = 0;                // turns before it are left out, behind a "show earlier" link
    bool validation = false;             // validation mode: a "Rate" link on every reply
};

// The character the streaming block starts with; the chat view finds it and writes after it.
inline constexpr char16_t kStreamMarker = u'\u2063';

// A link's parts: "act:regen:42" -> {"regen", 42}.
struct TranscriptAction {
    QString verb;
    qint64 id = 0;
    static TranscriptAction parse(const QString& link);
};

// What one turn's HTML depends on besides the turn itself.
struct TurnContext {
    QString personaName;
    bool validation = false;                     // a "Rate" link on a reply
    const std::vector<store::Fact>* chips = nullptr;  // proposals shown under this reply (null: none)
    bool noReply = false;                        // a last user message with no reply being written
};

class ChatTranscript {
    Q_DECLARE_TR_FUNCTIONS(persona::ui::ChatTranscript)

public:
    static QString render(const std::vector<store::TurnView>& turns, const TranscriptOptions& options);
    // The parts render() joins: the document's start (with the "show earlier" link when turns are
    // hidden), one table per turn, the streaming block, and the end.
    static QString documentStart(size_t hiddenTurns);
    static QString turnHtml(const store::TurnView& turn, const TurnContext& context);
    static QString streamingBlock(const QString& personaName);
    static QString documentEnd();
    // The one line under a persona message: the facts it used, the method, the revision.
    static QString factsLine(const store::TurnView& turn);
    // The marks of a rated reply ("logical ✓ · specific ✗ · personal ✓ — comment"), empty if none.
    static QString ratingLine(const store::TurnView& turn);
    static QString styleSheet(bool dark);
};

}  // namespace persona::ui
