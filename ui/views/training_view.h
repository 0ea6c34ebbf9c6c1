// The training_view tab: training from the window: data, model kind and settings, a live loss curve, cancel/resume, "Use this model" (issue 12).
#pragma once

#include <QWidget>

namespace persona::ui {

class AppContext;

class TrainingView : public QWidget {
    Q_OBJECT
public:
    explicit TrainingView(AppContext& ctx, QWidget* parent = nullptr);
    // The persona selected in the personas pane (0: none).
    void setPersona(qint64 personaId);

private:
    AppContext& m_ctx;
    qint64 m_personaId = 0;
};

}  // namespace persona::ui
