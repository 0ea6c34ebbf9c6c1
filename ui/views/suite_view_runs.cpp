// SuiteView, the runs: the stored runs and their comparison, running the suite and self-play on
// the suite worker.
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

void SuiteView::reloadRuns() {
    m_runs.clear();
    if (m_personaId) m_ctx.guarded([&] { m_runs = store::SuiteRepo(m_ctx.db()).runs(m_personaId); });
    {
        const QSignalBlocker block(m_runList);
        m_runList->clear();
        for (const auto& r : m_runs) {
            const QString when = QDateTime::fromMSecsSinceEpoch(r.createdAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
            auto* item = new QListWidgetItem(tr("Run %1 · revision %2 · %3 · %4")
                                                 .arg(r.id)
                                                 .arg(r.revisionNumber)
                                                 .arg(SuiteTables::hitRateText(r), when),
                                             m_runList);
            item->setData(Qt::UserRole, QVariant::fromValue<qint64>(r.id));
            item->setToolTip(tr("generator: %1\nretriever: %2")
                                 .arg(QString::fromStdString(r.generator), QString::fromStdString(r.retriever)));
        }
    }
    // The newest run, compared with the one before it: what the last change did.
    if (m_runs.empty()) return showRuns(0, 0);
    showRuns(m_runs.size() > 1 ? m_runs[1].id : 0, m_runs[0].id);
}

void SuiteView::showRuns(qint64 before, qint64 after) {
    {
        const QSignalBlocker block(m_runList);
        for (int i = 0; i < m_runList->count(); ++i) {
            const qint64 id = m_runList->item(i)->data(Qt::UserRole).toLongLong();
            m_runList->item(i)->setSelected(id == after || (before && id == before));
        }
    }
    m_comparison.reset();
    m_results->setRowCount(0);
    m_compare->setRowCount(0);
    m_compare->parentWidget()->setVisible(before != 0);
    if (!after) {
        m_resultsTitle->setText(m_personaId ? tr("No stored runs yet: add questions, then Run suite.") : QString());
        return;
    }
    m_ctx.guarded([&] {
        store::SuiteRepo suites(m_ctx.db());
        const auto b = suites.run(after);
        m_resultsTitle->setText(tr("Run %1 (revision %2): %3").arg(b.id).arg(b.revisionNumber).arg(SuiteTables::hitRateText(b)));
        SuiteTables::fillRun(m_results, b.results);
        if (!before) return;
        const auto a = suites.run(before);
        m_comparison = compareSuiteRuns(a, b);
        m_compareTitle->setText(tr("Run %1 (revision %2) → run %3 (revision %4): %n regression(s)", "",
                                   m_comparison->regressions)
                                    .arg(a.id)
                                    .arg(a.revisionNumber)
                                    .arg(b.id)
                                    .arg(b.revisionNumber) +
                                QStringLiteral(", ") + tr("%n improvement(s)", "", m_comparison->improvements));
        SuiteTables::fillComparison(m_compare, *m_comparison);
    });
}

void SuiteView::onRunsSelected() {
    std::vector<qint64> ids;
    for (const auto* item : m_runList->selectedItems()) ids.push_back(item->data(Qt::UserRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    if (ids.empty()) return;
    // The newest selected one, and the one before it among the selected (if any).
    showRuns(ids.size() > 1 ? ids[ids.size() - 2] : 0, ids.back());
}

void SuiteView::removeRun() {
    const auto selected = m_runList->selectedItems();
    for (const auto* item : selected) {
        const qint64 id = item->data(Qt::UserRole).toLongLong();
        m_ctx.guarded([&] { store::SuiteRepo(m_ctx.db()).removeRun(id); });
    }
    reloadRuns();
}

bool SuiteView::runSuite() {
    if (m_busy || !m_personaId) return false;
    if (!m_ctx.models()) {
        setStatus(tr("The models are still loading."));
        return false;
    }
    if (m_questions.empty()) {
        setStatus(tr("Add a test question first."));
        return false;
    }
    setBusy(true, tr("Running %n question(s)…", "", static_cast<int>(m_questions.size())));
    m_progress->setMaximum(static_cast<int>(m_questions.size()));
    m_progress->setValue(0);
    m_results->setRowCount(0);
    m_resultsTitle->setText(tr("Running with the current revision…"));
    m_compare->parentWidget()->setVisible(false);
    m_ctx.suiteWorker()->clearCancel();
    queueCall(m_ctx.suiteWorker(), &SuiteWorker::runSuite, m_personaId, m_ctx.models(), m_ctx.settings().agent);
    return true;
}

void SuiteView::cancel() {
    if (m_busy) m_ctx.suiteWorker()->cancel();
}

bool SuiteView::startSelfPlay(qint64 partnerId, int turns, const QString& opening) {
    if (m_busy || !m_personaId || !partnerId) return false;
    if (!m_ctx.models()) {
        setStatus(tr("The models are still loading."));
        return false;
    }
    QString a, b;
    if (!m_ctx.guarded([&] {
            store::PersonaRepo personas(m_ctx.db());
            a = QString::fromStdString(personas.get(m_personaId).name);
            b = QString::fromStdString(personas.get(partnerId).name);
        }))
        return false;
    setBusy(true, tr("Self-play: %1 and %2, %n exchange(s)…", "", turns).arg(a, b));
    m_progress->setMaximum(2 * turns);
    m_progress->setValue(0);
    m_ctx.suiteWorker()->clearCancel();
    queueCall(m_ctx.suiteWorker(), &SuiteWorker::selfPlay, m_personaId, partnerId, turns, opening,
              tr("Self-play: %1 × %2").arg(a, b), m_ctx.models(), m_ctx.settings().agent);
    return true;
}

void SuiteView::selfPlayDialog() {
    if (!m_personaId) return;
    QList<QPair<qint64, QString>> partners;
    QString name;
    m_ctx.guarded([&] {
        for (const auto& p : store::PersonaRepo(m_ctx.db()).list()) {
            if (p.id == m_personaId) name = QString::fromStdString(p.name);
            else partners.append({p.id, QString::fromStdString(p.name)});
        }
    });
    SelfPlayDialog dialog(name, partners, this);
    if (dialog.exec() == QDialog::Accepted) startSelfPlay(dialog.partnerId(), dialog.turns(), dialog.opening());
}

}  // namespace persona::ui
