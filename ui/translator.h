// Installs the UI translation (Russian or English) into the application.
#pragma once

#include <QString>

class QCoreApplication;

namespace persona::ui {

// language: "ru", "en", or empty for the system locale. Returns the language installed
// ("en" when no translation matches: the source strings are English).
QString installTranslation(QCoreApplication& app, const QString& language = {});

}  // namespace persona::ui
