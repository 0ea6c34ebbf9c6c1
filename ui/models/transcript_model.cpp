#include "models/transcript_model.h"

#include "views/chat_transcript.h"

#include <algorithm>

namespace persona::ui {

TranscriptModel::TranscriptModel(QObject* parent) : QAbstractListModel(parent) {}

int TranscriptModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_turns.size());
}

QVariant TranscriptModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto row = static_cast<size_t>(index.row());
    const auto& t = m_turns[row];
    switch (role) {
    case Qt::DisplayRole: return QString::fromStdString(t.message.text);
    case HtmlRole: return html(row);
    case MessageIdRole: return QVariant::fromValue<qint64>(t.message.id);
    case IsUserRole: return t.message.role == store::Role::User;
    default: return {};
    }
}

int TranscriptModel::rowOf(qint64 messageId) const {
    for (size_t i = 0; i < m_turns.size(); ++i)
        if (m_turns[i].message.id == messageId) return static_cast<int>(i);
    return -1;
}

void TranscriptModel::reset(std::vector<store::TurnView> turns) {
    beginResetModel();
    m_turns = std::move(turns);
    m_html.assign(m_turns.size(), std::nullopt);
    endResetModel();
}

size_t TranscriptModel::firstDifference(const std::vector<store::Message>& path) const {
    size_t i = 0;
    while (i < path.size() && i < m_turns.size() && path[i].id == m_turns[i].message.id) ++i;
    return i;
}

bool TranscriptModel::replaceFrom(size_t row, std::vector<store::TurnView> fresh) {
    row = std::min(row, m_turns.size());
    if (fresh.size() < row) return false;
    for (size_t i = 0; i < row; ++i)
        if (fresh[i].message.id != m_turns[i].message.id) return false;
    // The rows whose looks depend on their place: the last one ("No reply.") and the last reply
    // (the chips) may stop being last.
    const size_t oldLastPersona = lastPersonaRow();
    const size_t oldLast = m_turns.empty() ? 0 : m_turns.size() - 1;
    if (row < m_turns.size()) {
        beginRemoveRows({}, static_cast<int>(row), static_cast<int>(m_turns.size() - 1));
        m_turns.erase(m_turns.begin() + static_cast<std::ptrdiff_t>(row), m_turns.end());
        m_html.resize(row);
        endRemoveRows();
    }
    if (fresh.size() > row) {
        beginInsertRows({}, static_cast<int>(row), static_cast<int>(fresh.size() - 1));
        for (size_t i = row; i < fresh.size(); ++i) m_turns.push_back(std::move(fresh[i]));
        m_html.resize(m_turns.size());
        endInsertRows();
    }
    // A kept row re-renders only when its place-dependent part changes: the chips move to a new
    // last reply, or a user message stops being the last one ("No reply.").
    if (oldLastPersona < row && oldLastPersona != lastPersonaRow() && !m_proposals.empty()) invalidate(oldLastPersona);
    if (oldLast < row && oldLast + 1 < m_turns.size() && m_turns[oldLast].message.role == store::Role::User)
        invalidate(oldLast);
    return true;
}

void TranscriptModel::setRating(qint64 messageId, const std::optional<store::Rating>& rating) {
    const int row = rowOf(messageId);
    if (row < 0) return;
    m_turns[static_cast<size_t>(row)].rating = rating;
    invalidate(static_cast<size_t>(row));
}

void TranscriptModel::setPersonaName(const QString& name) {
    if (name == m_personaName) return;
    m_personaName = name;
    invalidatePersonaRows();
}

void TranscriptModel::setValidation(bool on) {
    if (on == m_validation) return;
    m_validation = on;
    invalidatePersonaRows();
}

void TranscriptModel::setProposals(std::vector<store::Fact> proposals) {
    auto same = [](const store::Fact& a, const store::Fact& b) { return a.id == b.id && a.text == b.text; };
    if (std::equal(proposals.begin(), proposals.end(), m_proposals.begin(), m_proposals.end(), same)) return;
    m_proposals = std::move(proposals);
    if (lastPersonaRow() < m_turns.size()) invalidate(lastPersonaRow());
}

void TranscriptModel::setStreaming(bool on) {
    if (on == m_streaming) return;
    m_streaming = on;
    if (!m_turns.empty()) invalidate(m_turns.size() - 1);
}

const QString& TranscriptModel::html(size_t row) const {
    auto& cached = m_html[row];
    if (!cached) {
        TurnContext c;
        c.personaName = m_personaName;
        c.validation = m_validation;
        c.chips = row == lastPersonaRow() ? &m_proposals : nullptr;
        c.noReply = row + 1 == m_turns.size() && !m_streaming;
        cached = ChatTranscript::turnHtml(m_turns[row], c);
        ++m_renders;
    }
    return *cached;
}

size_t TranscriptModel::lastPersonaRow() const {
    for (size_t i = m_turns.size(); i-- > 0;)
        if (m_turns[i].message.role == store::Role::Persona) return i;
    return m_turns.size();
}

void TranscriptModel::invalidate(size_t row) {
    m_html[row].reset();
    const QModelIndex i = index(static_cast<int>(row));
    Q_EMIT dataChanged(i, i, {HtmlRole});
}

void TranscriptModel::invalidatePersonaRows() {
    for (size_t i = 0; i < m_turns.size(); ++i)
        if (m_turns[i].message.role == store::Role::Persona) invalidate(i);
}

}  // namespace persona::ui
