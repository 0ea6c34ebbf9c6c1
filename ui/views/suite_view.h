// The suite_view tab: persona test suites: questions with expected facts, runs on a worker, two runs side by side with regressions marked; self-play (issue 12).
#pragma once

#include <QWidget>

namespace persona::ui {

class AppContext;

class SuiteView : public QWidget {
    Q_OBJECT
public:
    explicit SuiteView(AppContext& ctx, QWidget* parent = nullptr);
    // The persona selected in the personas pane (0: none).
    void setPersona(qint64 personaId);

private:
    AppContext& m_ctx;
    qint64 m_personaId = 0;
};

}  // namespace persona::ui
