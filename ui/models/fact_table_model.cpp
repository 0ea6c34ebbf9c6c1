#include "models/fact_table_model.h"

#include "app_context.h"
#include "commands/persona_commands.h"
#include "workers/chat_worker.h"
#include "persona/store/persona_repo.h"

#include <QColor>
#include <QMimeData>
#include <QUndoStack>

#include <algorithm>

namespace persona::ui {

namespace {
const QString kRowsMime = QStringLiteral("application/x-persona-fact-rows");
}

FactTableModel::FactTableModel(AppContext& ctx, QObject* parent) : QAbstractTableModel(parent), m_ctx(ctx) {
    connect(&ctx, &AppContext::personaChanged, this, [this](qint64 id) {
        if (id == m_personaId) reload();
    });
    connect(&ctx, &AppContext::turnEnded, this, [this](qint64) { reloadUsage(); });
    connect(ctx.chatWorker(), &ChatWorker::influenceReady, this, [this](qint64, const InfluenceResult&) { reloadUsage(); });
}

void FactTableModel::setPersona(qint64 personaId) {
    m_personaId = personaId;
    reload();
}

void FactTableModel::reload() {
    beginResetModel();
    m_all.clear();
    m_facts.clear();
    if (m_personaId) {
        m_ctx.guarded([&] { m_all = store::PersonaRepo(m_ctx.db()).currentRevision(m_personaId).facts; });
        for (const auto& f : m_all)
            if (f.origin != store::FactOrigin::Proposed) m_facts.push_back(f);
    }
    endResetModel();
    reloadUsage();
}

void FactTableModel::reloadUsage() {
    m_usage.clear();
    if (m_personaId)
        m_ctx.guarded([&] {
            for (const auto& u : factUsage(m_ctx.db(), m_personaId)) m_usage[u.factId] = u;
        });
    if (!m_facts.empty())
        Q_EMIT dataChanged(index(0, UsageColumn), index(rowCount() - 1, UsageColumn));
}

QString FactTableModel::usageText(const FactUsage* u) {
    if (!u || !u->scored) return tr("not used yet");
    QString text = tr("%n×", nullptr, u->selected);
    if (u->influenceReplies) text += QStringLiteral(" · %1").arg(u->meanInfluence, 0, 'f', 2);
    return text;
}

QString FactTableModel::usageToolTip(const FactUsage* u) {
    if (!u || !u->scored) return tr("No reply of this persona has scored this fact yet.");
    QString tip = tr("Selected by the retriever in %1 of %n repl(ies) that scored it.", nullptr, u->scored).arg(u->selected);
    if (u->influenceReplies)
        tip += QLatin1Char('\n') + tr("Mean influence %1 nats over %n repl(ies) with a computed influence "
                                      "(the drop in the reply's log-probability without the fact).",
                                      nullptr, u->influenceReplies)
                                       .arg(u->meanInfluence, 0, 'f', 3);
    else
        tip += QLatin1Char('\n') + tr("Influence not computed yet: open a reply in the Retrieval inspector.");
    return tip;
}

qint64 FactTableModel::factIdAt(int row) const {
    return row >= 0 && row < static_cast<int>(m_facts.size()) ? m_facts[static_cast<size_t>(row)].id : 0;
}

int FactTableModel::rowOf(qint64 factId) const {
    for (size_t i = 0; i < m_facts.size(); ++i)
        if (m_facts[i].id == factId) return static_cast<int>(i);
    return -1;
}

std::vector<store::FactDraft> FactTableModel::allDrafts() const {
    // Shown facts first in their order, then the proposals (they keep their place at the end).
    std::vector<store::FactDraft> out;
    for (const auto& f : m_facts) out.push_back({f.id, f.text, f.origin, f.enabled});
    for (const auto& f : m_all)
        if (f.origin == store::FactOrigin::Proposed) out.push_back({f.id, f.text, f.origin, f.enabled});
    return out;
}

void FactTableModel::push(std::vector<store::FactDraft> after, const QString& text) {
    std::vector<store::FactDraft> before;
    for (const auto& f : m_all) before.push_back({f.id, f.text, f.origin, f.enabled});
    m_ctx.undoStack()->push(new SetFactsCommand(m_ctx, m_personaId, std::move(before), std::move(after), text));
}

void FactTableModel::addFact(const QString& text) {
    const QString t = text.trimmed();
    if (!m_personaId || t.isEmpty()) return;
    auto after = allDrafts();
    after.insert(after.begin() + static_cast<std::ptrdiff_t>(m_facts.size()),
                 store::FactDraft{0, t.toStdString(), store::FactOrigin::Typed, true});
    push(std::move(after), tr("add fact"));
}

void FactTableModel::removeRows(const QList<int>& rows) {
    if (rows.isEmpty()) return;
    auto after = allDrafts();
    QList<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end(), std::greater<int>());
    for (int r : sorted)
        if (r >= 0 && r < static_cast<int>(m_facts.size())) after.erase(after.begin() + r);
    push(std::move(after), tr("delete %n fact(s)", nullptr, static_cast<int>(rows.size())));
}

void FactTableModel::moveRow(int from, int to) {
    const int n = static_cast<int>(m_facts.size());
    if (from < 0 || from >= n || to < 0 || to >= n || from == to) return;
    auto after = allDrafts();
    auto moved = after[static_cast<size_t>(from)];
    after.erase(after.begin() + from);
    after.insert(after.begin() + to, moved);
    push(std::move(after), tr("move fact"));
}

void FactTableModel::setEnabled(const QList<int>& rows, bool enabled) {
    auto after = allDrafts();
    for (int r : rows)
        if (r >= 0 && r < static_cast<int>(m_facts.size())) after[static_cast<size_t>(r)].enabled = enabled;
    push(std::move(after), enabled ? tr("enable fact") : tr("disable fact"));
}

int FactTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_facts.size());
}

int FactTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString FactTableModel::originText(store::FactOrigin origin) {
    switch (origin) {
        case store::FactOrigin::Typed: return tr("typed");
        case store::FactOrigin::Imported: return tr("imported");
        case store::FactOrigin::Proposed: return tr("proposed");
        case store::FactOrigin::Approved: return tr("approved");
    }
    return {};
}

QVariant FactTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_facts.size())) return {};
    const auto& f = m_facts[static_cast<size_t>(index.row())];
    if (role == FactIdRole) return QVariant::fromValue<qint64>(f.id);
    switch (index.column()) {
        case EnabledColumn:
            if (role == Qt::CheckStateRole) return f.enabled ? Qt::Checked : Qt::Unchecked;
            if (role == Qt::ToolTipRole) return tr("Used by the agent when checked");
            break;
        case TextColumn:
            if (role == Qt::DisplayRole || role == Qt::EditRole || role == Qt::ToolTipRole)
                return QString::fromStdString(f.text);
            if (role == Qt::ForegroundRole && !f.enabled) return QColor(Qt::gray);
            break;
        case UsageColumn: {
            const auto it = m_usage.find(f.id);
            const FactUsage* u = it == m_usage.end() ? nullptr : &it->second;
            if (role == Qt::DisplayRole) return usageText(u);
            if (role == Qt::ToolTipRole) return usageToolTip(u);
            if (role == SelectedCountRole) return u ? u->selected : 0;
            if (role == MeanInfluenceRole) return u && u->influenceReplies ? QVariant(u->meanInfluence) : QVariant();
            if (role == Qt::ForegroundRole && (!u || !u->selected)) return QColor(Qt::gray);
            if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
            break;
        }
        case OriginColumn:
            if (role == Qt::DisplayRole) return originText(f.origin);
            if (role == Qt::ForegroundRole) return QColor(Qt::gray);
            break;
        default: break;
    }
    return {};
}

QVariant FactTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return section + 1;
    switch (section) {
        case EnabledColumn: return tr("On");
        case TextColumn: return tr("Fact");
        case UsageColumn: return tr("Used · influence");
        case OriginColumn: return tr("Origin");
        default: return {};
    }
}

Qt::ItemFlags FactTableModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::ItemIsDropEnabled;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
    if (index.column() == EnabledColumn) f |= Qt::ItemIsUserCheckable;
    if (index.column() == TextColumn) f |= Qt::ItemIsEditable;
    return f;
}

bool FactTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.row() >= static_cast<int>(m_facts.size())) return false;
    const int row = index.row();
    if (index.column() == EnabledColumn && role == Qt::CheckStateRole) {
        setEnabled({row}, value.toInt() == Qt::Checked);
        return true;
    }
    if (index.column() == TextColumn && role == Qt::EditRole) {
        const QString text = value.toString().trimmed();
        if (text.isEmpty() || text.toStdString() == m_facts[static_cast<size_t>(row)].text) return false;
        auto after = allDrafts();
        after[static_cast<size_t>(row)].text = text.toStdString();
        push(std::move(after), tr("edit fact"));
        return true;
    }
    return false;
}

QStringList FactTableModel::mimeTypes() const { return {kRowsMime}; }

QMimeData* FactTableModel::mimeData(const QModelIndexList& indexes) const {
    auto* data = new QMimeData;
    if (!indexes.isEmpty()) data->setData(kRowsMime, QByteArray::number(indexes.first().row()));
    return data;
}

bool FactTableModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int, const QModelIndex& parent) {
    if (action != Qt::MoveAction || !data->hasFormat(kRowsMime)) return false;
    const int from = data->data(kRowsMime).toInt();
    int to = row >= 0 ? row : (parent.isValid() ? parent.row() : static_cast<int>(m_facts.size()));
    if (to > from) --to;  // dropping below itself: the row moves into the gap left behind
    moveRow(from, std::clamp(to, 0, static_cast<int>(m_facts.size()) - 1));
    return false;         // the model reloads from the store; Qt must not remove the source row
}

}  // namespace persona::ui
