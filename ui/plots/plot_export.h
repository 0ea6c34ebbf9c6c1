// Shared by the inspectors' plots and tables: export a plot to PNG or PDF (by the file's
// extension), and copy a table's selection (or all of it) to the clipboard as TSV.
#pragma once

#include <QString>

class QCustomPlot;
class QPalette;
class QTableWidget;
class QWidget;

namespace persona::ui {

// Background and every axis of the plot's main axis rect in the palette's colours (dark theme too).
void stylePlot(QCustomPlot* plot, const QPalette& palette);

bool exportPlot(QCustomPlot* plot, const QString& file);
// Asks for a file name, then exportPlot(); false when cancelled or failed.
bool exportPlotDialog(QCustomPlot* plot, QWidget* parent, const QString& baseName);
QString tableToTsv(const QTableWidget* table, bool selectionOnly);
// Ctrl+C on the table copies its selection as TSV; a context menu offers "Copy all as TSV".
void enableTsvCopy(QTableWidget* table);

}  // namespace persona::ui
