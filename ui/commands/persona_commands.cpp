#include "commands/persona_commands.h"

#include "app_context.h"
#include "persona/store/persona_repo.h"

namespace persona::ui {

namespace {

std::vector<store::FactDraft> toDrafts(const std::vector<store::Fact>& facts) {
    std::vector<store::FactDraft> out;
    out.reserve(facts.size());
    for (const auto& f : facts) out.push_back({f.id, f.text, f.origin, f.enabled});
    return out;
}

// The one fact whose text differs between two lists of the same ids in the same order, or 0.
qint64 singleTextEdit(const std::vector<store::FactDraft>& a, const std::vector<store::FactDraft>& b) {
    if (a.size() != b.size()) return 0;
    qint64 edited = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].id != b[i].id || a[i].id == 0 || a[i].enabled != b[i].enabled) return 0;
        if (a[i].text != b[i].text) {
            if (edited) return 0;
            edited = a[i].id;
        }
    }
    return edited;
}

}  // namespace

std::vector<store::FactDraft> SetFactsCommand::currentDrafts(AppContext& ctx, qint64 personaId) {
    return toDrafts(store::PersonaRepo(ctx.db()).currentRevision(personaId).facts);
}

SetFactsCommand::SetFactsCommand(AppContext& ctx, qint64 personaId, std::vector<store::FactDraft> before,
                                 std::vector<store::FactDraft> after, const QString& text)
    : QUndoCommand(text), m_ctx(ctx), m_personaId(personaId), m_before(std::move(before)), m_after(std::move(after)) {
    m_editedFactId = singleTextEdit(m_before, m_after);
}

void SetFactsCommand::redo() {
    m_ctx.guarded([&] {
        const auto revision = store::PersonaRepo(m_ctx.db()).setFacts(m_personaId, m_after, text().toStdString());
        // New facts got their ids now; keep them, so undo/redo brings back the same facts.
        if (revision.facts.size() == m_after.size())
            for (size_t i = 0; i < m_after.size(); ++i)
                if (m_after[i].id == 0) m_after[i].id = revision.facts[i].id;
    });
    m_ctx.notifyPersonaChanged(m_personaId);
}

void SetFactsCommand::undo() {
    m_ctx.guarded([&] {
        store::PersonaRepo(m_ctx.db()).setFacts(m_personaId, m_before, ("undo: " + text()).toStdString());
    });
    m_ctx.notifyPersonaChanged(m_personaId);
}

bool SetFactsCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = static_cast<const SetFactsCommand*>(other);
    if (!m_editedFactId || o->m_personaId != m_personaId || o->m_editedFactId != m_editedFactId) return false;
    m_after = o->m_after;
    return true;
}

EditProfileCommand::EditProfileCommand(AppContext& ctx, store::Persona before, store::Persona after, const QString& text)
    : QUndoCommand(text), m_ctx(ctx), m_before(std::move(before)), m_after(std::move(after)) {}

void EditProfileCommand::write(const store::Persona& p) {
    m_ctx.guarded([&] { store::PersonaRepo(m_ctx.db()).update(p); });
    m_ctx.notifyPersonaChanged(p.id);
    m_ctx.notifyPersonaListChanged();
}

void EditProfileCommand::redo() { write(m_after); }
void EditProfileCommand::undo() { write(m_before); }

DeletePersonaCommand::DeletePersonaCommand(AppContext& ctx, store::PersonaSnapshot snapshot)
    : QUndoCommand(QObject::tr("delete persona %1").arg(QString::fromStdString(snapshot.persona.name))),
      m_ctx(ctx),
      m_snapshot(std::move(snapshot)) {}

void DeletePersonaCommand::redo() {
    m_ctx.guarded([&] { store::PersonaRepo(m_ctx.db()).remove(m_snapshot.persona.id); });
    m_ctx.notifyPersonaListChanged();
}

void DeletePersonaCommand::undo() {
    m_ctx.guarded([&] { store::restorePersona(m_ctx.db(), m_snapshot); });
    m_ctx.notifyPersonaListChanged();
}

}  // namespace persona::ui
