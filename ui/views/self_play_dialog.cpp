#include "views/self_play_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace persona::ui {

SelfPlayDialog::SelfPlayDialog(const QString& personaName, const QList<QPair<qint64, QString>>& partners, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("SelfPlayDialog"));
    setWindowTitle(tr("Self-play"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("%1 talks with another persona. The conversation is stored as a chat of %1, "
                                "with the facts each of them used.").arg(personaName), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    m_partner = new QComboBox(this);
    m_partner->setObjectName(QStringLiteral("selfPlayPartner"));
    for (const auto& p : partners) m_partner->addItem(p.second, p.first);
    form->addRow(tr("Partner (speaks first):"), m_partner);
    m_turns = new QSpinBox(this);
    m_turns->setObjectName(QStringLiteral("selfPlayTurns"));
    m_turns->setRange(1, 50);
    m_turns->setValue(4);
    m_turns->setSuffix(tr(" exchanges"));
    form->addRow(tr("Length:"), m_turns);
    m_opening = new QLineEdit(this);
    m_opening->setObjectName(QStringLiteral("selfPlayOpening"));
    m_opening->setPlaceholderText(tr("empty: the partner's model writes it"));
    form->addRow(tr("Opening line:"), m_opening);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(!partners.isEmpty());
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

qint64 SelfPlayDialog::partnerId() const { return m_partner->currentData().toLongLong(); }
QString SelfPlayDialog::partnerName() const { return m_partner->currentText(); }
int SelfPlayDialog::turns() const { return m_turns->value(); }
QString SelfPlayDialog::opening() const { return m_opening->text().trimmed(); }

}  // namespace persona::ui
