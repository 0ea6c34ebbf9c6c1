// The retrieval inspector for one persona message, from its stored trace: the bars plot (scores,
// threshold, top-k cut, pinned / excluded / disabled), BM25 / bi-encoder / hybrid side by side
// (computed on the chat worker when not stored), the facts × replies heatmap of its chat, the
// table (copies as TSV), and pin / exclude + regenerate with the two replies side by side.
#pragma once

#include "persona/agent/agent.h"
#include "persona/store/store_types.h"
#include "plots/retrieval_bars.h"

#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QTextBrowser;

namespace persona::ui {

class AppContext;
class FactHeatmap;
class InfluencePanel;
struct TurnOutcome;

class RetrievalInspector : public QWidget {
    Q_OBJECT
public:
    explicit RetrievalInspector(AppContext& ctx, QWidget* parent = nullptr);

    void showMessage(qint64 personaMessageId);  // 0 clears
    qint64 messageId() const { return m_messageId; }
    RetrievalBars* bars() const { return m_bars; }
    RetrievalBars* methodBars(int i) const { return m_methodBars[i]; }  // 0 BM25, 1 bi-encoder, 2 hybrid
    FactHeatmap* heatmap() const { return m_heatmap; }
    QTableWidget* table() const { return m_table; }
    InfluencePanel* influence() const { return m_influence; }
    // Scores with all three methods (on the worker); emits methodsReady() when all are in.
    void compareMethods(bool on);

    // Overrides for "Regenerate with these": a click on a bar cycles none -> pinned -> excluded.
    void cycleOverride(qint64 factId);
    const QSet<qint64>& pinned() const { return m_pinned; }
    const QSet<qint64>& excluded() const { return m_excluded; }
    bool regenerateWithOverrides();
    QTextBrowser* compareBefore() const { return m_before; }
    QTextBrowser* compareAfter() const { return m_after; }

    // Bars of a stored trace, with the reason for each fact (derived from the reply's settings).
    static QVector<BarRow> barsFromTrace(const std::vector<store::RetrievalTraceRow>& rows,
                                         const std::string& settingsJson, const std::vector<store::Fact>& revisionFacts);

Q_SIGNALS:
    void methodsReady();
    void regenerated(qint64 newMessageId);

private:
    void showHeatmap(qint64 chatId);
    void fillTable();
    void onScored(qint64 messageId, const QString& method, const AgentRetrieval& r);
    void onFinished(const TurnOutcome& outcome);
    void updateOverridesLabel();
    QString replySummary(qint64 messageId);

    AppContext& m_ctx;
    qint64 m_messageId = 0;
    qint64 m_waitingFor = 0;  // the request id of our regenerate
    double m_threshold = 0;
    int m_topK = 3;
    QSet<qint64> m_pinned, m_excluded;
    int m_methodsPending = 0;

    QLabel* m_title = nullptr;
    QComboBox* m_mode = nullptr;
    QStackedWidget* m_stack = nullptr;
    RetrievalBars* m_bars = nullptr;
    RetrievalBars* m_methodBars[3] = {nullptr, nullptr, nullptr};
    FactHeatmap* m_heatmap = nullptr;
    InfluencePanel* m_influence = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_overrides = nullptr;
    QPushButton* m_regenerate = nullptr;
    QTextBrowser* m_before = nullptr;
    QTextBrowser* m_after = nullptr;
};

}  // namespace persona::ui
