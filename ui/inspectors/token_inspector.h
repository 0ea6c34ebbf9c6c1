// The token inspector for one persona message, from its stored token trace: the reply with each
// token tinted by its probability (hover: probability, rank, entropy; tokens sampled outside the
// stored alternatives underlined), the clicked token's alternatives, the steps × candidates table
// of the seed's slides, a plot of the chosen token's probability and the entropy per step, and
// "continue from here" with an alternative (a sibling reply, inspectable the same way).
#pragma once

#include "persona/store/store_types.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;
class QTextBrowser;

namespace persona::ui {

class AppContext;
class TokenProbabilityPlot;
struct TurnOutcome;

class TokenInspector : public QWidget {
    Q_OBJECT
public:
    explicit TokenInspector(AppContext& ctx, QWidget* parent = nullptr);

    void showMessage(qint64 personaMessageId);
    qint64 messageId() const { return m_messageId; }
    void selectToken(int position);
    int selectedToken() const { return m_selected; }
    // Continues the reply from `position` with the alternative at `alternativeRow` of that step.
    bool continueWith(int position, int alternativeRow);
    const std::vector<store::TokenTraceRow>& tokens() const { return m_tokens; }

    QTextBrowser* replyView() const { return m_reply; }
    QTableWidget* alternativesTable() const { return m_alternatives; }
    QTableWidget* stepsTable() const { return m_steps; }
    TokenProbabilityPlot* probabilityPlot() const { return m_plot; }

    // Entropy in nats of a step's distribution as far as it was stored: the alternatives plus the
    // remaining mass as one outcome (a lower bound of the full entropy).
    static double entropy(const store::TokenTraceRow& token);
    // The token's rank among the stored alternatives (1 = best), 0 when it was not among them.
    static int rank(const store::TokenTraceRow& token);
    // "penalized by DRY −1.80, cut by top-p": what the sampler chain did to one alternative.
    static QString samplerNote(const store::TokenAlternative& a);
    static QString stageLabel(const std::string& stage);

Q_SIGNALS:
    void continued(qint64 newMessageId);

private:
    void renderReply();
    void fillSteps();
    void onFinished(const TurnOutcome& outcome);

    AppContext& m_ctx;
    qint64 m_messageId = 0;
    qint64 m_waitingFor = 0;  // the request id of our continue-from
    int m_selected = -1;
    std::vector<store::TokenTraceRow> m_tokens;
    QLabel* m_title = nullptr;
    QTextBrowser* m_reply = nullptr;
    QTableWidget* m_alternatives = nullptr;
    QPushButton* m_continue = nullptr;
    QTableWidget* m_steps = nullptr;
    TokenProbabilityPlot* m_plot = nullptr;
};

}  // namespace persona::ui
