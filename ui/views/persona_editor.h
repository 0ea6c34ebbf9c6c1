// The persona editor: profile (name, gender, description, tags, avatar), the facts table (edit in
// place, drag to reorder, enable/disable, multi-select delete; every edit undoable), proposed
// facts with approve / reject, and the revisions with the diff between any two.
#pragma once

#include "persona/store/store_types.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTableView;
class QTextBrowser;
class QToolButton;

namespace persona::ui {

class AppContext;
class FactTableModel;

class PersonaEditor : public QWidget {
    Q_OBJECT
public:
    PersonaEditor(AppContext& ctx, FactTableModel* facts, QWidget* parent = nullptr);

    void setPersona(qint64 personaId);
    qint64 personaId() const { return m_personaId; }
    QTableView* factView() const { return m_factView; }
    QListWidget* proposalList() const { return m_proposals; }
    QListWidget* revisionList() const { return m_revisions; }
    QSplitter* splitter() const { return m_splitter; }
    // Shows the diff between two revisions (ids) in the diff pane; returns its text.
    QString showDiff(qint64 fromRevisionId, qint64 toRevisionId);
    void addFact(const QString& text);
    void deleteSelectedFacts();

private:
    void buildUi();
    QWidget* buildProfile();
    QWidget* buildFacts();
    QWidget* buildHistory();
    void reload();
    void reloadProposals();
    void reloadRevisions();
    void commitProfile();
    void chooseAvatar();
    void handleProposal(bool approve);
    void setSelectedEnabled(bool enabled);
    void diffSelected();

    AppContext& m_ctx;
    FactTableModel* m_facts;
    qint64 m_personaId = 0;
    store::Persona m_persona;
    bool m_loading = false;

    QToolButton* m_avatar = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_gender = nullptr;
    QLineEdit* m_tags = nullptr;
    QPlainTextEdit* m_description = nullptr;
    QTableView* m_factView = nullptr;
    QLineEdit* m_newFact = nullptr;
    QListWidget* m_proposals = nullptr;
    QPushButton* m_approve = nullptr;
    QPushButton* m_reject = nullptr;
    QListWidget* m_revisions = nullptr;
    QComboBox* m_diffFrom = nullptr;
    QComboBox* m_diffTo = nullptr;
    QTextBrowser* m_diff = nullptr;
    QSplitter* m_splitter = nullptr;
};

}  // namespace persona::ui
