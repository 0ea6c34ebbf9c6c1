// The window's colours: the system's, or Fusion with a light or dark palette (View > Theme, or
// persona-studio --theme dark). Views that draw their own colours (the transcript) follow the palette.
#pragma once

#include <QString>

class QApplication;

namespace persona::ui {

// "system" (or empty), "light", "dark"; anything else is treated as "system".
void applyTheme(QApplication& app, const QString& name);

}  // namespace persona::ui
