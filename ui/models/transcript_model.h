// The chat transcript as a list model (one item per turn of the selected path, as gpt4all's
// ChatModel holds one item per response): an item changes alone — a finished turn replaces or
// appends the rows from the first message that differs, a rating or a mode toggle re-renders the
// replies it touches — and each item keeps its rendered HTML until it changes, so the chat view
// re-lays its document from cached parts instead of re-reading the store and re-rendering every
// turn.
#pragma once

#include "persona/store/store_types.h"

#include <QAbstractListModel>
#include <QString>

#include <optional>
#include <vector>

namespace persona::ui {

class TranscriptModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles { HtmlRole = Qt::UserRole + 1, MessageIdRole, IsUserRole };
    explicit TranscriptModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    // DisplayRole: the message text; HtmlRole: the item's HTML (ChatTranscript::turnHtml).
    QVariant data(const QModelIndex& index, int role) const override;

    const std::vector<store::TurnView>& turns() const { return m_turns; }
    int rowOf(qint64 messageId) const;  // -1 when not shown

    // Another chat (or more of it): every item anew.
    void reset(std::vector<store::TurnView> turns);
    // The first row whose message is not path[row] (path: the chat's selected path now); the
    // row count when the path only adds messages.
    size_t firstDifference(const std::vector<store::Message>& path) const;
    // Rows `row`.. become fresh[row..] (fresh: the whole selected path, with traces from `row`
    // on); the rows before stay untouched. False, and nothing changes, when fresh's rows before
    // `row` are not the model's (the chat changed under it): then reset().
    bool replaceFrom(size_t row, std::vector<store::TurnView> fresh);
    // The rating of one reply, as just stored.
    void setRating(qint64 messageId, const std::optional<store::Rating>& rating);

    // What items render with; each setter re-renders only the items it changes.
    void setPersonaName(const QString& name);
    const QString& personaName() const { return m_personaName; }
    void setValidation(bool on);           // the "Rate" link on replies
    void setProposals(std::vector<store::Fact> proposals);  // chips under the last reply
    void setStreaming(bool on);            // a reply is being written: no "No reply." line

    // The item's HTML, rendered once and kept until the item changes.
    const QString& html(size_t row) const;
    // How often an item was rendered since the model was made (a figure for tests: one item
    // changing renders one item).
    int renders() const { return m_renders; }

private:
    size_t lastPersonaRow() const;  // rows() when none
    void invalidate(size_t row);
    void invalidatePersonaRows();

    std::vector<store::TurnView> m_turns;
    mutable std::vector<std::optional<QString>> m_html;
    QString m_personaName;
    bool m_validation = false;
    bool m_streaming = false;
    std::vector<store::Fact> m_proposals;
    mutable int m_renders = 0;
};

}  // namespace persona::ui
