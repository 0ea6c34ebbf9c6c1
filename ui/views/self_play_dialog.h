// Asks what a self-play needs: the partner persona (B, who speaks first), the number of exchanges
// and an optional opening line.
#pragma once

#include <QDialog>
#include <QList>
#include <QPair>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace persona::ui {

class SelfPlayDialog : public QDialog {
    Q_OBJECT
public:
    // partners: (id, name) of every persona but the one whose chat it will be.
    SelfPlayDialog(const QString& personaName, const QList<QPair<qint64, QString>>& partners, QWidget* parent = nullptr);

    qint64 partnerId() const;
    QString partnerName() const;
    int turns() const;
    QString opening() const;  // empty: the partner's model writes it

private:
    QComboBox* m_partner = nullptr;
    QSpinBox* m_turns = nullptr;
    QLineEdit* m_opening = nullptr;
};

}  // namespace persona::ui
