// The Validation tab: how well the retriever agrees with the labeller's choices so far
// (precision@k, recall@k, MRR per method: BM25, bi-encoder, hybrid), for this chat, this persona
// or all chats, with the running mean over the labelled turns in a plot; the mean ratings per
// persona and per model; exports of the labelled chats (seed JSONL, Markdown) and of the plot.
// The metrics are computed on the chat worker (persona/agent/label_evaluation.h), never here.
#pragma once

#include "persona/agent/label_evaluation.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace persona::ui {

class AppContext;

class ValidationView : public QWidget {
    Q_OBJECT
public:
    explicit ValidationView(AppContext& ctx, QWidget* parent = nullptr);
    // The persona selected in the personas pane (0: none).
    void setPersona(qint64 personaId);
    // The chat open in the chat view (the "this chat" scope).
    void setChat(qint64 chatId);

    void setScope(LabelScope scope);
    void setK(int k);
    // Asks the worker for the metrics of the current scope; updated() follows.
    void refresh();
    const std::optional<LabelReport>& report() const { return m_report; }
    bool computing() const { return m_computing; }  // a request is on the worker

    // The scope's labelled chats; false (and an error shown) when the file cannot be written.
    bool exportJsonl(const QString& file);
    bool exportMarkdown(const QString& file);

    QTableWidget* metricsTable() const { return m_metrics; }
    QCustomPlot* plot() const { return m_plot; }

Q_SIGNALS:
    void updated();
    void failed(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void buildUi();
    LabelQuery query() const;
    void onEvaluated(qint64 tag, const LabelReport& report);
    void showReport();
    void fillRatings(QTableWidget* table, const std::vector<MeanRatings>& rows);
    void drawPlot();
    bool exportChats(const QString& file, bool markdown);
    void exportDialog(bool markdown);

    AppContext& m_ctx;
    qint64 m_personaId = 0;
    qint64 m_chatId = 0;
    qint64 m_tag = 0;  // the latest request; older answers are dropped
    bool m_computing = false;
    std::optional<LabelReport> m_report;

    QComboBox* m_scope = nullptr;
    QSpinBox* m_k = nullptr;
    QComboBox* m_metric = nullptr;
    QLabel* m_status = nullptr;
    QTableWidget* m_metrics = nullptr;
    QCustomPlot* m_plot = nullptr;
    QTableWidget* m_byPersona = nullptr;
    QTableWidget* m_byModel = nullptr;
    QLabel* m_ratingsHint = nullptr;
};

}  // namespace persona::ui
