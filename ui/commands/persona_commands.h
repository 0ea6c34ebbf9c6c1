// Undoable persona edits (Qt's Undo Framework: one QUndoCommand per edit). Each command writes
// the store on the GUI thread's connection and tells AppContext which persona changed, so the
// views refresh. Fact edits are whole-list snapshots: undo writes the list as it was before (as a
// new revision: history is never rewritten), keeping each fact's identity.
#pragma once

#include "persona/store/persona_snapshot.h"
#include "persona/store/store_types.h"

#include <QUndoCommand>

#include <vector>

namespace persona::ui {

class AppContext;

class SetFactsCommand : public QUndoCommand {
public:
    SetFactsCommand(AppContext& ctx, qint64 personaId, std::vector<store::FactDraft> before,
                    std::vector<store::FactDraft> after, const QString& text);
    void undo() override;
    void redo() override;
    int id() const override { return 1; }
    // Consecutive edits of one fact's text merge into one step (typing, then typing again).
    bool mergeWith(const QUndoCommand* other) override;
    qint64 personaId() const { return m_personaId; }

    // The facts as they stand now, as drafts (for building a command's "after").
    static std::vector<store::FactDraft> currentDrafts(AppContext& ctx, qint64 personaId);

private:
    AppContext& m_ctx;
    qint64 m_personaId;
    std::vector<store::FactDraft> m_before, m_after;
    qint64 m_editedFactId = 0;  // set for a single text edit (for merging)
};

class EditProfileCommand : public QUndoCommand {
public:
    EditProfileCommand(AppContext& ctx, store::Persona before, store::Persona after, const QString& text);
    void undo() override;
    void redo() override;

private:
    void write(const store::Persona& p);
    AppContext& m_ctx;
    store::Persona m_before, m_after;
};

// Deleting a persona that has no chats: undo restores it with the same ids. (One with chats is
// deleted with them after a confirmation and cannot be undone; the window says so.)
class DeletePersonaCommand : public QUndoCommand {
public:
    DeletePersonaCommand(AppContext& ctx, store::PersonaSnapshot snapshot);
    void undo() override;
    void redo() override;

private:
    AppContext& m_ctx;
    store::PersonaSnapshot m_snapshot;
};

}  // namespace persona::ui
