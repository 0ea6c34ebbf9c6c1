// Fact influence of one reply (persona/agent/influence.h), in the retrieval inspector: the reply's
// log-probability with the facts it used, with none, reliance, and per fact the drop when it is
// left out; a scatter of retrieval score against influence that flags "retrieved but ignored" and
// "influential but ranked low"; a click on a fact lists the reply tokens it drives most.
#pragma once

#include "persona/agent/influence.h"

#include <QWidget>

class QLabel;
class QTableWidget;
class QCustomPlot;

namespace persona::ui {

class AppContext;

class InfluencePanel : public QWidget {
    Q_OBJECT
public:
    explicit InfluencePanel(AppContext& ctx, QWidget* parent = nullptr);
    void showMessage(qint64 personaMessageId);  // asks the worker; 0 clears
    const InfluenceResult& result() const { return m_result; }
    QTableWidget* table() const { return m_table; }
    QCustomPlot* plot() const { return m_plot; }
    // Below this many nats a selected fact counts as ignored by the reply.
    static constexpr double kIgnoredNats = 0.1;

Q_SIGNALS:
    void ready(qint64 personaMessageId);

private:
    void onReady(qint64 messageId, const InfluenceResult& result);
    void showDrivenTokens(int row);
    AppContext& m_ctx;
    qint64 m_messageId = 0;
    InfluenceResult m_result;
    QLabel* m_summary = nullptr;
    QLabel* m_driven = nullptr;
    QTableWidget* m_table = nullptr;
    QCustomPlot* m_plot = nullptr;
};

}  // namespace persona::ui
