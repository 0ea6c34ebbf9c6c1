#include "translator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace persona::ui {

QString installTranslation(QCoreApplication& app, const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    // Owned by the application object, so they live as long as it.
    auto* ours = new QTranslator(&app);
    if (!ours->load(locale, QStringLiteral("persona"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        // No translation for this locale (e.g. "C" on a bare system): English, whose .qm carries
        // the plural forms ("1 thread", "2 threads") that the source strings only sketch.
        if (!ours->load(QStringLiteral("persona_en"), QStringLiteral(":/i18n"))) {
            delete ours;
            return QStringLiteral("en");
        }
        QCoreApplication::installTranslator(ours);
        return QStringLiteral("en");
    }
    QCoreApplication::installTranslator(ours);
    // Qt's own strings (standard buttons, dialogs) in the same language, where installed.
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return locale.name().section(QLatin1Char('_'), 0, 0);
}

}  // namespace persona::ui
