// SuiteView, the questions: the persona's facts and test questions, editing a question and the
// facts it should retrieve.
#include "views/suite_view.h"

#include "app_context.h"
#include "views/self_play_dialog.h"
#include "views/suite_tables.h"

#include "persona/store/persona_repo.h"
#include "workers/worker_thread.h"

#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace persona::ui {

void SuiteView::reload() {
    QString name;
    if (m_personaId)
        m_ctx.guarded([&] { name = QString::fromStdString(store::PersonaRepo(m_ctx.db()).get(m_personaId).name); });
    m_title->setText(m_personaId ? tr("Tests of %1").arg(name) : tr("Select a persona to see its tests."));
    reloadFacts();
    reloadQuestions();
    reloadRuns();
    setBusy(m_busy, m_status->text());
}

void SuiteView::reloadFacts() {
    const QList<qint64> checked = checkedFacts();
    m_facts->clear();
    if (!m_personaId) return;
    m_ctx.guarded([&] {
        for (const auto& f : store::PersonaRepo(m_ctx.db()).currentRevision(m_personaId).facts) {
            QString text = QString::fromStdString(f.text);
            if (!f.enabled) text = tr("%1 (disabled)").arg(text);
            auto* item = new QListWidgetItem(text, m_facts);
            item->setToolTip(text);
            item->setData(Qt::UserRole, QVariant::fromValue<qint64>(f.id));
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setCheckState(checked.contains(f.id) ? Qt::Checked : Qt::Unchecked);
        }
    });
}

void SuiteView::reloadQuestions() {
    const int row = m_questionList->currentRow();
    m_questions.clear();
    m_questionList->clear();
    if (m_personaId) m_ctx.guarded([&] { m_questions = store::SuiteRepo(m_ctx.db()).questions(m_personaId); });
    for (const auto& q : m_questions) {
        QString text = QString::fromStdString(q.text);
        text += QStringLiteral("  ·  ") + tr("expects %n fact(s)", "", static_cast<int>(q.expected.size()));
        auto* item = new QListWidgetItem(text, m_questionList);
        QStringList expected;
        for (const auto& f : q.expected) expected << QString::fromStdString(f.text);
        item->setToolTip(expected.isEmpty() ? text : text + QLatin1Char('\n') + expected.join(QLatin1Char('\n')));
    }
    if (row >= 0 && row < m_questionList->count()) m_questionList->setCurrentRow(row);
}

void SuiteView::onQuestionSelected() {
    const int row = m_questionList->currentRow();
    if (row < 0 || row >= static_cast<int>(m_questions.size())) return;
    const auto& q = m_questions[static_cast<size_t>(row)];
    m_questionEdit->setText(QString::fromStdString(q.text));
    reloadFacts();
    for (int i = 0; i < m_facts->count(); ++i) {
        auto* item = m_facts->item(i);
        const qint64 id = item->data(Qt::UserRole).toLongLong();
        const bool expected = std::any_of(q.expected.begin(), q.expected.end(), [&](const auto& f) { return f.factId == id; });
        item->setCheckState(expected ? Qt::Checked : Qt::Unchecked);
    }
    // Expected facts no longer in the current revision stay listed, so saving keeps them.
    for (const auto& f : q.expected) {
        bool listed = false;
        for (int i = 0; i < m_facts->count(); ++i) listed |= m_facts->item(i)->data(Qt::UserRole).toLongLong() == f.factId;
        if (listed) continue;
        auto* item = new QListWidgetItem(tr("%1 (not in the current revision)").arg(QString::fromStdString(f.text)), m_facts);
        item->setData(Qt::UserRole, QVariant::fromValue<qint64>(f.factId));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
}

QList<qint64> SuiteView::checkedFacts() const {
    QList<qint64> ids;
    for (int i = 0; i < m_facts->count(); ++i)
        if (m_facts->item(i)->checkState() == Qt::Checked) ids << m_facts->item(i)->data(Qt::UserRole).toLongLong();
    return ids;
}

bool SuiteView::addQuestion(const QString& text, const QList<qint64>& expectedFactIds) {
    if (!m_personaId) return false;
    if (text.trimmed().isEmpty()) {
        setStatus(tr("Type a question first."));
        return false;
    }
    const std::vector<store::Id> ids(expectedFactIds.begin(), expectedFactIds.end());
    const bool ok = m_ctx.guarded(
        [&] { store::SuiteRepo(m_ctx.db()).addQuestion(m_personaId, text.trimmed().toStdString(), ids); });
    if (!ok) return false;
    m_questionEdit->clear();
    reloadQuestions();
    reloadFacts();
    for (int i = 0; i < m_facts->count(); ++i) m_facts->item(i)->setCheckState(Qt::Unchecked);
    setStatus(tr("Question added."));
    return true;
}

void SuiteView::saveQuestion() {
    const int row = m_questionList->currentRow();
    if (row < 0 || row >= static_cast<int>(m_questions.size())) return setStatus(tr("Select a question to save."));
    const QList<qint64> checked = checkedFacts();
    const std::vector<store::Id> ids(checked.begin(), checked.end());
    const auto id = m_questions[static_cast<size_t>(row)].id;
    if (m_ctx.guarded([&] { store::SuiteRepo(m_ctx.db()).updateQuestion(id, m_questionEdit->text().trimmed().toStdString(), ids); }))
        setStatus(tr("Question saved."));
    reloadQuestions();
}

void SuiteView::removeQuestion() {
    const int row = m_questionList->currentRow();
    if (row < 0 || row >= static_cast<int>(m_questions.size())) return setStatus(tr("Select a question to remove."));
    const auto id = m_questions[static_cast<size_t>(row)].id;
    m_ctx.guarded([&] { store::SuiteRepo(m_ctx.db()).removeQuestion(id); });
    m_questionEdit->clear();
    reloadQuestions();
}

}  // namespace persona::ui
