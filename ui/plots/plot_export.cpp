#include "plots/plot_export.h"

#include "plots/qcp.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QTableWidget>

#include <algorithm>

namespace persona::ui {

void stylePlot(QCustomPlot* plot, const QPalette& palette) {
    const QColor text = palette.color(QPalette::Text);
    plot->setBackground(palette.color(QPalette::Base));
    for (QCPAxis* axis : plot->axisRect()->axes()) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
    }
}

bool exportPlot(QCustomPlot* plot, const QString& file) {
    if (file.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) return plot->savePdf(file);
    return plot->savePng(file, 0, 0, 2.0);  // twice the screen resolution: sharp in documents
}

bool exportPlotDialog(QCustomPlot* plot, QWidget* parent, const QString& baseName) {
    const QString file = QFileDialog::getSaveFileName(parent, QObject::tr("Export plot"), baseName + QStringLiteral(".png"),
                                                      QObject::tr("PNG image (*.png);;PDF document (*.pdf)"));
    return !file.isEmpty() && exportPlot(plot, file);
}

QString tableToTsv(const QTableWidget* table, bool selectionOnly) {
    auto clean = [](QString s) { return s.replace(QLatin1Char('\t'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' ')); };
    int top = 0, bottom = table->rowCount() - 1, left = 0, right = table->columnCount() - 1;
    const auto ranges = table->selectedRanges();
    if (selectionOnly && !ranges.isEmpty()) {
        top = bottom = ranges.first().topRow();
        left = right = ranges.first().leftColumn();
        for (const auto& r : ranges) {
            top = std::min(top, r.topRow()), bottom = std::max(bottom, r.bottomRow());
            left = std::min(left, r.leftColumn()), right = std::max(right, r.rightColumn());
        }
    }
    QStringList lines;
    QStringList header;
    for (int c = left; c <= right; ++c)
        header << clean(table->horizontalHeaderItem(c) ? table->horizontalHeaderItem(c)->text() : QString());
    lines << header.join(QLatin1Char('\t'));
    for (int r = top; r <= bottom; ++r) {
        QStringList cells;
        for (int c = left; c <= right; ++c) cells << clean(table->item(r, c) ? table->item(r, c)->text() : QString());
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void enableTsvCopy(QTableWidget* table) {
    auto* copy = new QAction(QObject::tr("Copy as TSV"), table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    QObject::connect(copy, &QAction::triggered, table,
                     [table] { QApplication::clipboard()->setText(tableToTsv(table, true)); });
    auto* all = new QAction(QObject::tr("Copy all as TSV"), table);
    QObject::connect(all, &QAction::triggered, table, [table] { QApplication::clipboard()->setText(tableToTsv(table, false)); });
    table->addAction(copy);
    table->addAction(all);
    table->setContextMenuPolicy(Qt::ActionsContextMenu);
}

}  // namespace persona::ui
