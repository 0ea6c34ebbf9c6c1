#include "views/validation_view.h"

#include "app_context.h"

namespace persona::ui {

ValidationView::ValidationView(AppContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx) {
    setObjectName(QStringLiteral("ValidationView"));
}

void ValidationView::setPersona(qint64 personaId) { m_personaId = personaId; }

}  // namespace persona::ui
