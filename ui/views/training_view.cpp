#include "views/training_view.h"

#include "app_context.h"

namespace persona::ui {

TrainingView::TrainingView(AppContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx) {
    setObjectName(QStringLiteral("TrainingView"));
}

void TrainingView::setPersona(qint64 personaId) { m_personaId = personaId; }

}  // namespace persona::ui
