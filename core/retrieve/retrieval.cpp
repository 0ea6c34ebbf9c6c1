#include "persona/retrieve/retrieval.h"

#include "persona/error.h"

#include <algorithm>
#include <numeric>

namespace persona {

std::string toString(RetrievalMethod method) {
    switch (method) {
        case RetrievalMethod::Bm25: return "bm25";
        case RetrievalMethod::BiEncoder: return "biencoder";
        case RetrievalMethod::Hybrid: return "hybrid";
    }
    return "?";
}

RetrievalMethod parseRetrievalMethod(const std::string& name) {
    if (name == "bm25") return RetrievalMethod::Bm25;
    if (name == "biencoder") return RetrievalMethod::BiEncoder;
    if (name == "hybrid") return RetrievalMethod::Hybrid;
    throw InvalidArgument("unknown retrieval method \"" + name + "\" (bm25, biencoder, hybrid)");
}

std::string toString(SelectionReason reason) {
    switch (reason) {
        case SelectionReason::TopK: return "top_k";
        case SelectionReason::Pinned: return "pinned";
        case SelectionReason::Excluded: return "excluded";
        case SelectionReason::BelowThreshold: return "below_threshold";
        case SelectionReason::NotInTopK: return "not_in_top_k";
        case SelectionReason::Disabled: return "disabled";
    }
    return "?";
}

namespace {

// Indexes sorted by score, best first; ties by index so the order is stable.
std::vector<size_t> ranking(const std::vector<double>& scores) {
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    return order;
}

}  // namespace

RetrievalResult rankAndSelect(RetrievalMethod method, const std::vector<double>& scores,
                              const std::vector<std::map<std::string, double>>& components,
                              const SelectionSettings& settings) {
    if (settings.topK < 0) throw InvalidArgument("top-k must be >= 0");
    RetrievalResult r;
    r.method = method;
    r.facts.resize(scores.size());
    const auto order = ranking(scores);
    int eligibleRank = 0;  // rank among facts that can be chosen by score
    for (size_t pos = 0; pos < order.size(); ++pos) {
        const size_t i = order[pos];
        FactScore& f = r.facts[i];
        f.index = i;
        f.score = scores[i];
        f.rank = static_cast<int>(pos) + 1;
        if (i < components.size()) f.components = components[i];
        if (settings.excluded.count(i)) {
            f.reason = SelectionReason::Excluded;
        } else if (settings.pinned.count(i)) {
            f.reason = SelectionReason::Pinned;
            f.selected = true;
        } else if (settings.disabled.count(i)) {
            f.reason = SelectionReason::Disabled;
        } else if (eligibleRank++ >= settings.topK) {
            f.reason = SelectionReason::NotInTopK;
        } else if (f.score <= settings.threshold) {
            f.reason = SelectionReason::BelowThreshold;
        } else {
            f.reason = SelectionReason::TopK;
            f.selected = true;
        }
        if (f.selected) r.selected.push_back(i);
    }
    return r;
}

std::vector<double> reciprocalRankFusion(const std::vector<std::vector<double>>& scoreLists, double k) {
    if (scoreLists.empty()) return {};
    std::vector<double> fused(scoreLists[0].size(), 0.0);
    for (const auto& scores : scoreLists) {
        if (scores.size() != fused.size()) throw InvalidArgument("fusion: score lists of different lengths");
        const auto order = ranking(scores);
        for (size_t pos = 0; pos < order.size(); ++pos) fused[order[pos]] += 1.0 / (k + double(pos) + 1.0);
    }
    return fused;
}

std::vector<double> minMaxNormalized(const std::vector<double>& scores) {
    if (scores.empty()) return {};
    const auto [lo, hi] = std::minmax_element(scores.begin(), scores.end());
    const double low = *lo, span = *hi - *lo;
    std::vector<double> out(scores.size(), 0.0);
    if (span > 0)
        for (size_t i = 0; i < scores.size(); ++i) out[i] = (scores[i] - low) / span;
    return out;
}

std::vector<double> weightedFusion(const std::vector<double>& dense, const std::vector<double>& sparse, double weight) {
    if (dense.size() != sparse.size()) throw InvalidArgument("fusion: score lists of different lengths");
    if (!(weight >= 0.0 && weight <= 1.0)) throw InvalidArgument("fusion: the weight must be in [0, 1]");
    const auto d = minMaxNormalized(dense), s = minMaxNormalized(sparse);
    std::vector<double> out(d.size());
    for (size_t i = 0; i < d.size(); ++i) out[i] = weight * d[i] + (1.0 - weight) * s[i];
    return out;
}

std::vector<double> hybridScores(const std::vector<double>& dense, const std::vector<double>& bm25, double fusionWeight) {
    return fusionWeight >= 0.0 ? weightedFusion(dense, bm25, fusionWeight) : reciprocalRankFusion({dense, bm25});
}

bool noLexicalMatch(const std::vector<double>& bm25) {
    return std::none_of(bm25.begin(), bm25.end(), [](double s) { return s > 0; });
}

std::vector<double> lexicalFallback(const std::vector<double>& bm25, const std::vector<double>& dense) {
    if (dense.size() != bm25.size()) throw InvalidArgument("fusion: score lists of different lengths");
    return noLexicalMatch(bm25) ? dense : bm25;
}

std::string lexicalQuery(const std::vector<DialogueTurn>& dialogue, int turns) {
    const size_t n = std::min<size_t>(dialogue.size(), static_cast<size_t>(std::max(turns, 1)));
    std::string query;
    for (size_t i = dialogue.size() - n; i < dialogue.size(); ++i) query += dialogue[i].text + " ";
    return query;
}

std::string formatContext(const std::vector<DialogueTurn>& dialogue, int turns) {
    const size_t n = dialogue.size();
    const size_t first = turns > 0 && static_cast<size_t>(turns) < n ? n - static_cast<size_t>(turns) : 0;
    std::string out;
    for (size_t i = first; i < n; ++i) {
        if (!out.empty()) out += ' ';
        out += dialogue[i].fromPersona ? "[P2u] " : "[P1u] ";
        out += dialogue[i].text;
    }
    return out;
}

}  // namespace persona
