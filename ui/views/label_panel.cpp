#include "views/label_panel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace persona::ui {

namespace {
enum Column { UseColumn, RankColumn, FactColumn, ScoreColumn };
enum Page { IdlePage, FactsPage, RatingPage };
}  // namespace

LabelPanel::LabelPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("labelPanel"));
    qRegisterMetaType<persona::store::Rating>("persona::store::Rating");
    m_pages = new QStackedWidget(this);
    m_idle = new QLabel(tr("Validation mode: before each reply you choose the facts it uses (they are stored as the "
                           "turn's labels); after it you mark it logical, specific and personal."),
                        this);
    m_idle->setWordWrap(true);
    m_pages->addWidget(m_idle);
    m_pages->addWidget(buildFactsPage());
    m_pages->addWidget(buildRatingPage());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
    for (const QKeySequence& keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto* shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &LabelPanel::confirm);
    }
}

QWidget* LabelPanel::buildFactsPage() {
    auto* page = new QWidget(this);
    auto* title = new QLabel(tr("<b>Which facts should the reply use?</b> Ticked facts go into the prompt and are "
                                "stored as this turn's labels. Digits toggle rows; Ctrl+Enter confirms."),
                             page);
    title->setWordWrap(true);
    m_table = new QTableWidget(0, 4, page);
    m_table->setObjectName(QStringLiteral("labelFactTable"));
    m_table->setHorizontalHeaderLabels({tr("Use"), tr("Rank"), tr("Fact"), tr("Score")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(FactColumn, QHeaderView::Stretch);
    for (int c : {UseColumn, RankColumn, ScoreColumn})
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_table->installEventFilter(this);
    m_useFacts = new QPushButton(tr("Use ticked facts"), page);
    m_useFacts->setObjectName(QStringLiteral("useTickedFacts"));
    m_useFacts->setToolTip(tr("Send with exactly these facts (Ctrl+Enter)"));
    auto* cancel = new QPushButton(tr("Cancel"), page);
    connect(m_useFacts, &QPushButton::clicked, this, &LabelPanel::confirm);
    connect(cancel, &QPushButton::clicked, this, [this] {
        showIdle();
        Q_EMIT factsCancelled();
    });
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(cancel);
    buttons->addWidget(m_useFacts);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    return page;
}

QWidget* LabelPanel::buildRatingPage() {
    auto* page = new QWidget(this);
    m_ratingTitle = new QLabel(page);
    m_logical = new QCheckBox(tr("&Logical"), page);
    m_logical->setObjectName(QStringLiteral("rateLogical"));
    m_logical->setToolTip(tr("The reply follows from the conversation"));
    m_specific = new QCheckBox(tr("&Specific"), page);
    m_specific->setObjectName(QStringLiteral("rateSpecific"));
    m_specific->setToolTip(tr("The reply says something concrete, not a generic phrase"));
    m_personal = new QCheckBox(tr("&Personal"), page);
    m_personal->setObjectName(QStringLiteral("ratePersonal"));
    m_personal->setToolTip(tr("The reply uses the persona's facts"));
    m_comment = new QLineEdit(page);
    m_comment->setObjectName(QStringLiteral("rateComment"));
    m_comment->setPlaceholderText(tr("Comment (optional)"));
    auto* save = new QPushButton(tr("Save rating"), page);
    save->setObjectName(QStringLiteral("saveRating"));
    save->setToolTip(tr("Store the marks with the reply (Ctrl+Enter)"));
    connect(save, &QPushButton::clicked, this, &LabelPanel::confirm);
    connect(m_comment, &QLineEdit::returnPressed, this, &LabelPanel::confirm);
    auto* marks = new QHBoxLayout;
    marks->addWidget(m_logical);
    marks->addWidget(m_specific);
    marks->addWidget(m_personal);
    marks->addWidget(m_comment, 1);
    marks->addWidget(save);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_ratingTitle);
    layout->addLayout(marks);
    layout->addStretch(1);
    return page;
}

void LabelPanel::showFacts(const AgentRetrieval& retrieval) {
    std::vector<const FactRetrieval*> facts;
    for (const auto& f : retrieval.facts)
        if (f.enabled) facts.push_back(&f);
    std::sort(facts.begin(), facts.end(), [](const auto* a, const auto* b) { return a->score.rank < b->score.rank; });
    if (facts.size() > static_cast<size_t>(kShownFacts)) facts.resize(kShownFacts);
    m_table->setRowCount(static_cast<int>(facts.size()));
    for (int row = 0; row < static_cast<int>(facts.size()); ++row) {
        const FactRetrieval& f = *facts[static_cast<size_t>(row)];
        auto* use = new QTableWidgetItem(QString::number((row + 1) % 10));
        use->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        use->setCheckState(f.score.selected ? Qt::Checked : Qt::Unchecked);
        use->setData(Qt::UserRole, QVariant::fromValue<qint64>(f.factId));
        m_table->setItem(row, UseColumn, use);
        m_table->setItem(row, RankColumn, new QTableWidgetItem(QString::number(f.score.rank)));
        m_table->setItem(row, FactColumn, new QTableWidgetItem(QString::fromStdString(f.text)));
        m_table->setItem(row, ScoreColumn, new QTableWidgetItem(QString::number(f.score.score, 'f', 3)));
    }
    m_pages->setCurrentIndex(FactsPage);
    m_table->setFocus();
    if (m_table->rowCount()) m_table->setCurrentCell(0, UseColumn);
}

void LabelPanel::showRating(qint64 messageId, const std::optional<store::Rating>& rating) {
    m_ratingMessageId = messageId;
    m_ratingTitle->setText(rating ? tr("<b>Rate the reply</b> (rated; saving replaces the marks)")
                                  : tr("<b>Rate the reply:</b> tick what holds, then Ctrl+Enter"));
    m_logical->setChecked(rating && rating->logical.value_or(0) > 0);
    m_specific->setChecked(rating && rating->specific.value_or(0) > 0);
    m_personal->setChecked(rating && rating->personal.value_or(0) > 0);
    m_comment->setText(rating ? QString::fromStdString(rating->comment) : QString());
    m_pages->setCurrentIndex(RatingPage);
}

void LabelPanel::showIdle() { m_pages->setCurrentIndex(IdlePage); }

bool LabelPanel::choosingFacts() const { return m_pages->currentIndex() == FactsPage; }

QList<qint64> LabelPanel::shownFactIds() const {
    QList<qint64> ids;
    for (int row = 0; row < m_table->rowCount(); ++row) ids << m_table->item(row, UseColumn)->data(Qt::UserRole).toLongLong();
    return ids;
}

QList<qint64> LabelPanel::tickedFactIds() const {
    QList<qint64> ids;
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, UseColumn)->checkState() == Qt::Checked)
            ids << m_table->item(row, UseColumn)->data(Qt::UserRole).toLongLong();
    return ids;
}

void LabelPanel::setTicked(qint64 factId, bool ticked) {
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, UseColumn)->data(Qt::UserRole).toLongLong() == factId)
            m_table->item(row, UseColumn)->setCheckState(ticked ? Qt::Checked : Qt::Unchecked);
}

void LabelPanel::toggleRow(int row) {
    if (row < 0 || row >= m_table->rowCount()) return;
    QTableWidgetItem* use = m_table->item(row, UseColumn);
    use->setCheckState(use->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
}

store::Rating LabelPanel::currentRating() const {
    store::Rating r;
    r.logical = m_logical->isChecked() ? 1 : 0;
    r.specific = m_specific->isChecked() ? 1 : 0;
    r.personal = m_personal->isChecked() ? 1 : 0;
    r.comment = m_comment->text().trimmed().toStdString();
    return r;
}

void LabelPanel::confirm() {
    if (m_pages->currentIndex() == FactsPage) {
        const QList<qint64> ids = tickedFactIds();
        showIdle();
        Q_EMIT factsConfirmed(ids);
    } else if (m_pages->currentIndex() == RatingPage && m_ratingMessageId) {
        Q_EMIT ratingSaved(m_ratingMessageId, currentRating());
    }
}

bool LabelPanel::eventFilter(QObject* watched, QEvent* event) {
    // Digits 1..9 and 0 toggle the rows 1..10 (the number in the Use column), Space the current row.
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier) {
            toggleRow(m_table->currentRow());
            return true;
        }
        if (key->key() >= Qt::Key_0 && key->key() <= Qt::Key_9 && !(key->modifiers() & Qt::ControlModifier)) {
            const int digit = key->key() - Qt::Key_0;
            toggleRow(digit == 0 ? 9 : digit - 1);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace persona::ui
