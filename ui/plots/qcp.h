// QCustomPlot for ui/: its header uses the `signals`, `slots` and `foreach` keywords, which
// QT_NO_KEYWORDS (set for ui/, see ui/CMakeLists.txt) turns off for our own code.
#pragma once

#define signals Q_SIGNALS
#define slots Q_SLOTS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef foreach
#undef slots
#undef signals
