// The result of scoring a persona's facts for one turn, and how facts are selected from it.
// Every score is kept (not only the selected facts), so the GUI can show why a fact was or was
// not chosen.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace persona {

enum class RetrievalMethod { Bm25, BiEncoder, Hybrid };
std::string toString(RetrievalMethod method);          // "bm25", "biencoder", "hybrid"
RetrievalMethod parseRetrievalMethod(const std::string& name);  // throws InvalidArgument

// Why a fact was or was not selected.
enum class SelectionReason {
    TopK,            // among the top k and at or above the threshold
    Pinned,          // a person pinned it for this turn
    Excluded,        // a person excluded it for this turn
    BelowThreshold,  // within the top k but not above the threshold
    NotInTopK,       // ranked below k
    Disabled,        // the fact is disabled in the persona
};
std::string toString(SelectionReason reason);

struct FactScore {
    size_t index = 0;    // position in the facts given
    double score = 0;    // the method's score (higher is better)
    int rank = 0;        // 1 = best, over all facts
    // Named component scores: "bm25", "biencoder", and for hybrid "fused" (weighted) or "rrf".
    std::map<std::string, double> components;
    bool selected = false;
    SelectionReason reason = SelectionReason::NotInTopK;
};

struct SelectionSettings {
    int topK = 3;              // the seed's default
    double threshold = 0.0;    // the seed's default; a fact needs a score above it
    std::set<size_t> pinned;   // always selected (even if disabled or below the threshold)
    std::set<size_t> excluded; // never selected
    std::set<size_t> disabled; // facts switched off in the persona
};

struct RetrievalResult {
    RetrievalMethod method = RetrievalMethod::Bm25;
    std::vector<FactScore> facts;   // in the order of the facts given
    std::vector<size_t> selected;   // indexes of the selected facts, best first
};

// Ranks facts by score (ties by index) and selects them.
RetrievalResult rankAndSelect(RetrievalMethod method, const std::vector<double>& scores,
                              const std::vector<std::map<std::string, double>>& components,
                              const SelectionSettings& settings);

// Reciprocal-rank fusion of several score lists over the same facts: sum of 1 / (k + rank).
std::vector<double> reciprocalRankFusion(const std::vector<std::vector<double>>& scoreLists, double k = 60.0);

// Each list min-max normalized over the turn's facts to [0, 1] (all equal: all 0).
std::vector<double> minMaxNormalized(const std::vector<double>& scores);
// weight * norm(dense) + (1 - weight) * norm(sparse), weight in [0, 1]: 0 ranks as the sparse
// scores, 1 as the dense ones. The weight is fitted on the validation split (fitFusionWeight).
std::vector<double> weightedFusion(const std::vector<double>& dense, const std::vector<double>& sparse, double weight);
// Hybrid scores of a bi-encoder and BM25: the weighted fusion when a weight is known (>= 0),
// else reciprocal-rank fusion (retrievers trained before the weight was fitted).
std::vector<double> hybridScores(const std::vector<double>& dense, const std::vector<double>& bm25, double fusionWeight);

// True when no fact has a positive score (a turn that shares no term with any fact).
bool noLexicalMatch(const std::vector<double>& bm25);
// The bi-encoder's scores on a turn where BM25 matches nothing, else BM25's.
std::vector<double> lexicalFallback(const std::vector<double>& bm25, const std::vector<double>& dense);

// One turn of a dialogue as retrieval and prompts see it.
struct DialogueTurn {
    bool fromPersona = false;  // said by the persona (the model), [P2u]; else by the user, [P1u]
    std::string text;
};

// BM25's query: the texts of the last `turns` turns (at least one), each followed by a space.
std::string lexicalQuery(const std::vector<DialogueTurn>& dialogue, int turns);

// The seed's context format: "[P1u] text [P2u] text ..." over the last `turns` turns (0 = all).
std::string formatContext(const std::vector<DialogueTurn>& dialogue, int turns);

}  // namespace persona
