#include "views/suite_view.h"

#include "app_context.h"

namespace persona::ui {

SuiteView::SuiteView(AppContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx) {
    setObjectName(QStringLiteral("SuiteView"));
}

void SuiteView::setPersona(qint64 personaId) { m_personaId = personaId; }

}  // namespace persona::ui
