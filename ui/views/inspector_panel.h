// The Retrieval and Tokens tabs until the full inspectors (desktop part 2) land: the stored trace
// of one persona message as a table — every fact's score, rank and whether it was used, or every
// generated token with its probability and best alternatives. Read from the store, so any past
// message shows the same way as the live one.
#pragma once

#include <QWidget>

class QLabel;
class QTableWidget;

namespace persona::ui {

class AppContext;

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    enum class Kind { Retrieval, Tokens };
    InspectorPanel(AppContext& ctx, Kind kind, QWidget* parent = nullptr);

    void showMessage(qint64 messageId);  // 0: clears
    qint64 messageId() const { return m_messageId; }
    QTableWidget* table() const { return m_table; }

private:
    void showRetrieval();
    void showTokens();
    AppContext& m_ctx;
    Kind m_kind;
    qint64 m_messageId = 0;
    QLabel* m_title = nullptr;
    QTableWidget* m_table = nullptr;
};

}  // namespace persona::ui
