// The persona list as a Qt item model over value snapshots of the store (PersonaSummary rows),
// with avatars, and a proxy that filters by text as you type and by tag.
#pragma once

#include "persona/store/store_types.h"

#include <QAbstractListModel>
#include <QHash>
#include <QIcon>
#include <QSortFilterProxyModel>

#include <vector>

namespace persona::store {
class Database;
}

namespace persona::ui {

class PersonaListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles { IdRole = Qt::UserRole + 1, TagsRole, FactCountRole, SearchTextRole };
    explicit PersonaListModel(store::Database& db, QObject* parent = nullptr);

    // Reads the list again (one query) and the avatars of changed personas.
    void reload();
    void invalidateAvatar(qint64 personaId) { m_icons.remove(personaId); }
    int rowOf(qint64 personaId) const;
    qint64 idAt(int row) const;
    QStringList allTags() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    // An avatar for a persona: its image, else its initial on a colour made from its name.
    static QIcon avatarIcon(const store::Persona& p, int size = 40);
    static QIcon initialIcon(const QString& name, int size = 40);

private:
    store::Database& m_db;
    std::vector<store::PersonaSummary> m_rows;
    mutable QHash<qint64, QIcon> m_icons;
};

class PersonaFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setText(const QString& text);
    void setTag(const QString& tag);  // empty: any

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
    QString m_tag;
};

}  // namespace persona::ui
