// A persona's facts (its current revision, proposals left out) as a Qt table model over the store.
// Every change a view makes through it — edit in place, enable/disable, drag to reorder — becomes
// an undoable SetFactsCommand on AppContext's undo stack; the model itself only reads.
#pragma once

#include "persona/agent/influence.h"
#include "persona/store/store_types.h"

#include <QAbstractTableModel>

#include <unordered_map>
#include <vector>

namespace persona::ui {

class AppContext;

class FactTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { EnabledColumn, TextColumn, UsageColumn, OriginColumn, ColumnCount };
    enum Roles { FactIdRole = Qt::UserRole + 1, SelectedCountRole, MeanInfluenceRole };

    FactTableModel(AppContext& ctx, QObject* parent = nullptr);

    void setPersona(qint64 personaId);  // 0: none
    qint64 personaId() const { return m_personaId; }
    void reload();
    // Re-reads only how often each fact was selected and its mean influence (after a turn, or
    // after an influence was computed).
    void reloadUsage();
    const std::vector<store::Fact>& facts() const { return m_facts; }
    qint64 factIdAt(int row) const;
    int rowOf(qint64 factId) const;

    // Edits, each one undo step.
    void addFact(const QString& text);
    void removeRows(const QList<int>& rows);
    void moveRow(int from, int to);
    void setEnabled(const QList<int>& rows, bool enabled);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

    // Drag and drop of rows inside the table (reorder).
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

    static QString originText(store::FactOrigin origin);
    static QString usageText(const FactUsage* usage);     // "3× · 1.42"; null: not used yet
    static QString usageToolTip(const FactUsage* usage);

private:
    // The full list of the revision (proposals included) with the shown rows replaced.
    std::vector<store::FactDraft> allDrafts() const;
    void push(std::vector<store::FactDraft> after, const QString& text);

    AppContext& m_ctx;
    qint64 m_personaId = 0;
    std::vector<store::Fact> m_all;    // the whole current revision
    std::vector<store::Fact> m_facts;  // shown rows: everything but unreviewed proposals
    std::unordered_map<qint64, FactUsage> m_usage;  // by fact id, over the persona's replies
};

}  // namespace persona::ui
