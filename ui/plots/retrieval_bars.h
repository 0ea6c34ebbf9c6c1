// One bar per fact with its retrieval score, best first: the threshold line, the top-k cut,
// selected facts highlighted, pinned / excluded / disabled marked; the exact value and the reason
// on hover; a click emits the fact. A value-in widget: it knows nothing of workers or the store.
#pragma once

#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPBars;
class QScrollBar;

namespace persona::ui {

struct BarRow {
    qint64 factId = 0;
    QString text;
    double score = 0;
    int rank = 0;
    bool selected = false;
    QString reason;  // top_k, pinned, excluded, below_threshold, not_in_top_k, disabled
};

class RetrievalBars : public QWidget {
    Q_OBJECT
public:
    explicit RetrievalBars(QWidget* parent = nullptr);

    // Rows in any order (shown by rank); the threshold is drawn when finite.
    void setRows(QVector<BarRow> rows, double threshold, int topK, const QString& title);
    const QVector<BarRow>& rows() const { return m_rows; }  // by rank, as drawn from the top
    QCustomPlot* plot() const { return m_plot; }
    // Past kMaxRowsShown facts the plot keeps its height and scrolls (the scroll bar or the wheel)
    // instead of growing: a 10,000-fact persona draws as fast as a 30-fact one.
    static constexpr int kMaxRowsShown = 30;
    QScrollBar* scrollBar() const { return m_scroll; }
    int firstShownRow() const;
    // The tooltip text for a row (what hover shows).
    static QString describe(const BarRow& row);
    // The reason code in words ("in the top k and above the threshold", ...).
    static QString reasonText(const QString& reason);

Q_SIGNALS:
    void factClicked(qint64 factId);

private:
    void showTip(QMouseEvent* event);
    int rowAt(double pixelY) const;
    void showFrom(int row);
    QCustomPlot* m_plot = nullptr;
    QScrollBar* m_scroll = nullptr;
    QVector<BarRow> m_rows;
};

}  // namespace persona::ui
