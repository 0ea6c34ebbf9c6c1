// Row heights of a table that may hold a few facts or ten thousand: rows fit their (wrapped)
// text while the table is small; past kMaxFittedRows every row keeps the default height, since
// fitting means laying out every row's text on each change (seconds for 10,000 rows).
#pragma once

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QTableView>

namespace persona::ui {

inline constexpr int kMaxFittedRows = 500;

inline void fitRowHeights(QTableView* view) {
    const bool fit = view->model() && view->model()->rowCount() <= kMaxFittedRows;
    view->verticalHeader()->setSectionResizeMode(fit ? QHeaderView::ResizeToContents : QHeaderView::Interactive);
}

// Fits now and whenever the model's rows change.
inline void keepRowHeightsFitted(QTableView* view) {
    fitRowHeights(view);
    QAbstractItemModel* model = view->model();
    QObject::connect(model, &QAbstractItemModel::modelReset, view, [view] { fitRowHeights(view); });
    QObject::connect(model, &QAbstractItemModel::rowsInserted, view, [view] { fitRowHeights(view); });
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, view, [view] { fitRowHeights(view); });
}

}  // namespace persona::ui
