// Validation mode's labelling panel under the chat transcript. Before a reply: the top facts by
// the current retriever with their scores, the retriever's choice pre-ticked; the labeller
// changes the ticks (click, Space, or the digit of the row) and confirms with Ctrl+Enter. After a
// reply (or "Rate" on an older one): three yes/no marks, logical / specific / personal, and an
// optional comment, saved with Ctrl+Enter too.
#pragma once

#include "persona/agent/agent.h"
#include "persona/store/store_types.h"

#include <QList>
#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace persona::ui {

class LabelPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kShownFacts = 10;

    explicit LabelPanel(QWidget* parent = nullptr);

    // The facts page: the best kShownFacts enabled facts, best first; ticked = the model's choice.
    void showFacts(const AgentRetrieval& retrieval);
    // The rating page for a stored persona reply.
    void showRating(qint64 messageId, const std::optional<store::Rating>& rating);
    void showIdle();  // neither: a hint on what validation mode does

    bool choosingFacts() const;
    QList<qint64> tickedFactIds() const;  // in the order shown (best first)
    QList<qint64> shownFactIds() const;
    void setTicked(qint64 factId, bool ticked);
    void toggleRow(int row);
    qint64 ratingMessageId() const { return m_ratingMessageId; }
    store::Rating currentRating() const;

    QTableWidget* factTable() const { return m_table; }

public Q_SLOTS:
    void confirm();  // Ctrl+Enter: confirms the ticks, or saves the rating

Q_SIGNALS:
    void factsConfirmed(const QList<qint64>& factIds);
    void factsCancelled();
    void ratingSaved(qint64 messageId, const persona::store::Rating& rating);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* buildFactsPage();
    QWidget* buildRatingPage();

    QStackedWidget* m_pages = nullptr;
    QLabel* m_idle = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_useFacts = nullptr;
    QLabel* m_ratingTitle = nullptr;
    QCheckBox* m_logical = nullptr;
    QCheckBox* m_specific = nullptr;
    QCheckBox* m_personal = nullptr;
    QLineEdit* m_comment = nullptr;
    qint64 m_ratingMessageId = 0;
};

}  // namespace persona::ui

Q_DECLARE_METATYPE(persona::store::Rating)
