#include "models/persona_list_model.h"

#include "persona/store/persona_repo.h"

#include <QColor>
#include <QPainter>
#include <QPixmap>

namespace persona::ui {

PersonaListModel::PersonaListModel(store::Database& db, QObject* parent) : QAbstractListModel(parent), m_db(db) {}

void PersonaListModel::reload() {
    beginResetModel();
    m_rows = store::PersonaRepo(m_db).list();
    m_icons.clear();
    endResetModel();
}

int PersonaListModel::rowOf(qint64 personaId) const {
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == personaId) return static_cast<int>(i);
    return -1;
}

qint64 PersonaListModel::idAt(int row) const {
    return row >= 0 && row < static_cast<int>(m_rows.size()) ? m_rows[static_cast<size_t>(row)].id : 0;
}

QStringList PersonaListModel::allTags() const {
    QStringList tags;
    for (const auto& r : m_rows)
        for (const auto& t : r.tags) {
            const QString tag = QString::fromStdString(t);
            if (!tags.contains(tag)) tags << tag;
        }
    tags.sort(Qt::CaseInsensitive);
    return tags;
}

int PersonaListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant PersonaListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size())) return {};
    const auto& r = m_rows[static_cast<size_t>(index.row())];
    const QString name = QString::fromStdString(r.name);
    switch (role) {
        case Qt::DisplayRole: return name;
        case Qt::ToolTipRole:
            return tr("%1 — %n fact(s), revision %2", nullptr, r.factCount).arg(name).arg(r.revisionNumber);
        case Qt::DecorationRole: {
            auto it = m_icons.find(r.id);
            if (it == m_icons.end()) {
                // Avatars are read once per persona and kept; only the visible rows ask.
                QIcon icon;
                if (auto p = store::PersonaRepo(m_db).find(r.id)) icon = avatarIcon(*p);
                it = m_icons.insert(r.id, icon);
            }
            return *it;
        }
        case IdRole: return QVariant::fromValue<qint64>(r.id);
        case TagsRole: {
            QStringList tags;
            for (const auto& t : r.tags) tags << QString::fromStdString(t);
            return tags;
        }
        case FactCountRole: return r.factCount;
        case SearchTextRole: {
            QString all = name;
            for (const auto& t : r.tags) all += QLatin1Char(' ') + QString::fromStdString(t);
            return all;
        }
        default: return {};
    }
}

QIcon PersonaListModel::initialIcon(const QString& name, int size) {
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor colour = QColor::fromHsv(static_cast<int>(qHash(name) % 360), 110, 200);
    p.setBrush(colour);
    p.setPen(Qt::NoPen);
    p.drawEllipse(0, 0, size, size);
    p.setPen(Qt::white);
    QFont f = p.font();
    f.setPixelSize(size / 2);
    f.setBold(true);
    p.setFont(f);
    p.drawText(QRect(0, 0, size, size), Qt::AlignCenter, name.left(1).toUpper());
    return QIcon(pm);
}

QIcon PersonaListModel::avatarIcon(const store::Persona& p, int size) {
    if (!p.avatar.empty()) {
        QPixmap pm;
        if (pm.loadFromData(reinterpret_cast<const uchar*>(p.avatar.data()), static_cast<uint>(p.avatar.size())))
            return QIcon(pm.scaled(size, size, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation));
    }
    return initialIcon(QString::fromStdString(p.name), size);
}

void PersonaFilterModel::setText(const QString& text) {
    m_text = text.trimmed();
    invalidateFilter();
}

void PersonaFilterModel::setTag(const QString& tag) {
    m_tag = tag;
    invalidateFilter();
}

bool PersonaFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_tag.isEmpty() && !i.data(PersonaListModel::TagsRole).toStringList().contains(m_tag)) return false;
    if (m_text.isEmpty()) return true;
    return i.data(PersonaListModel::SearchTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}

}  // namespace persona::ui
