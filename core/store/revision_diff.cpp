// PersonaRepo::diff: what changed between two revisions, matched by fact identity.
#include "persona/store/persona_repo.h"

#include <unordered_map>

namespace persona::store {

std::vector<FactChange> PersonaRepo::diff(const PersonaRevision& from, const PersonaRevision& to) {
    std::unordered_map<Id, int> oldPos, newPos;
    for (int i = 0; i < static_cast<int>(from.facts.size()); ++i)
        oldPos[from.facts[i].id] = i;
    for (int i = 0; i < static_cast<int>(to.facts.size()); ++i)
        newPos[to.facts[i].id] = i;

    // Facts present in both, in old order and in new order; those off the longest common
    // subsequence are the ones that moved (moving one fact does not mark its neighbours).
    std::vector<Id> a, b;
    for (const auto& f : from.facts)
        if (newPos.count(f.id))
            a.push_back(f.id);
    for (const auto& f : to.facts)
        if (oldPos.count(f.id))
            b.push_back(f.id);
    const size_t n = a.size();
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(n + 1, 0));
    for (size_t i = n; i-- > 0;)
        for (size_t j = n; j-- > 0;)
            lcs[i][j] =
                a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::unordered_map<Id, bool> stayed;
    for (size_t i = 0, j = 0; i < n && j < n;) {
        if (a[i] == b[j]) {
            stayed[a[i]] = true;
            ++i;
            ++j;
        } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
            ++i;
        } else {
            ++j;
        }
    }

    std::vector<FactChange> out;
    for (int i = 0; i < static_cast<int>(to.facts.size()); ++i) {
        const Fact& nf = to.facts[i];
        auto it = oldPos.find(nf.id);
        FactChange c;
        c.factId = nf.id;
        c.newText = nf.text;
        c.newPosition = i;
        c.newEnabled = nf.enabled;
        if (it == oldPos.end()) {
            c.kind = FactChange::Kind::Added;
            out.push_back(c);
            continue;
        }
        const Fact& of = from.facts[it->second];
        c.oldText = of.text;
        c.oldPosition = it->second;
        c.oldEnabled = of.enabled;
        if (!stayed.count(nf.id)) {
            c.kind = FactChange::Kind::Moved;
            out.push_back(c);
        }
        if (of.text != nf.text) {
            c.kind = FactChange::Kind::TextChanged;
            out.push_back(c);
        }
        if (of.enabled != nf.enabled) {
            c.kind = FactChange::Kind::EnabledChanged;
            out.push_back(c);
        }
        if (of.origin != nf.origin) {
            c.kind = FactChange::Kind::OriginChanged;
            out.push_back(c);
        }
    }
    for (int i = 0; i < static_cast<int>(from.facts.size()); ++i) {
        const Fact& of = from.facts[i];
        if (newPos.count(of.id))
            continue;
        FactChange c;
        c.kind = FactChange::Kind::Removed;
        c.factId = of.id;
        c.oldText = of.text;
        c.oldPosition = i;
        c.oldEnabled = of.enabled;
        out.push_back(c);
    }
    return out;
}

}  // namespace persona::store
