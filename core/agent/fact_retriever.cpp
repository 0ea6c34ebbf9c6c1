#include "persona/agent/agent.h"

#include "persona/error.h"
#include "persona/retrieve/biencoder.h"
#include "persona/retrieve/bm25.h"
#include "persona/store/embedding_cache.h"
#include "persona/store/store_types.h"

#include <algorithm>
#include <limits>

namespace persona {

FactRetriever::FactRetriever(store::Database& db, std::shared_ptr<const BiEncoder> retriever)
    : m_db(db), m_retriever(std::move(retriever)) {}

RetrievalMethod FactRetriever::method(const AgentSettings& s) const {
    RetrievalMethod m = RetrievalMethod::Bm25;
    if (s.retrieval)
        m = *s.retrieval;
    else if (m_retriever)
        m = m_retriever->options().preferredMethod.empty()
                ? RetrievalMethod::Hybrid
                : parseRetrievalMethod(m_retriever->options().preferredMethod);
    if (m != RetrievalMethod::Bm25 && !m_retriever)
        throw InvalidArgument("retrieval method \"" + toString(m) + "\" needs a bi-encoder, and none is loaded; use bm25");
    return m;
}

// Vectors of the facts from the embedding cache; only facts not cached are encoded.
std::vector<std::vector<float>> FactRetriever::factVectors(const std::vector<std::string>& texts) {
    const BiEncoder& enc = *m_retriever;
    store::EmbeddingCache cache(m_db);
    auto cached = cache.getMany(enc.modelId(), texts);
    std::vector<std::string> missing;
    for (size_t i = 0; i < texts.size(); ++i)
        if (!cached[i] || static_cast<int>(cached[i]->size()) != enc.dimension()) missing.push_back(texts[i]);
    if (!missing.empty()) {
        const auto vectors = enc.encodeFacts(missing);
        std::vector<std::pair<std::string, std::vector<float>>> entries;
        for (size_t i = 0; i < missing.size(); ++i) entries.emplace_back(missing[i], vectors[i]);
        cache.putMany(enc.modelId(), entries);
        // Use what was just encoded, not a second read of the cache: another connection may drop
        // a text's vector in between (a persona edit prunes embeddings no revision uses), which
        // left an empty vector here (found by AgentStress).
        size_t next = 0;
        for (size_t i = 0; i < texts.size(); ++i)
            if (!cached[i] || static_cast<int>(cached[i]->size()) != enc.dimension()) cached[i] = vectors[next++];
    }
    std::vector<std::vector<float>> out;
    for (auto& v : cached) out.push_back(v ? std::move(*v) : std::vector<float>{});
    return out;
}

AgentRetrieval FactRetriever::retrieve(const std::vector<store::Fact>& facts, const std::vector<DialogueTurn>& dialogue,
                                  const AgentSettings& s) {
    AgentRetrieval out;
    out.method = method(s);
    std::vector<std::string> texts;
    SelectionSettings sel;
    sel.topK = s.topK;
    // Hybrid scores are fused ranks or normalized scores (never negative): there the threshold applies to the
    // bi-encoder's score, below, so "threshold 0" means the same for every method.
    sel.threshold = out.method == RetrievalMethod::Hybrid ? -std::numeric_limits<double>::infinity() : s.threshold;
    for (size_t i = 0; i < facts.size(); ++i) {
        texts.push_back(facts[i].text);
        if (!facts[i].enabled) sel.disabled.insert(i);
        if (s.pinnedFactIds.count(facts[i].id)) sel.pinned.insert(i);
        if (s.excludedFactIds.count(facts[i].id)) sel.excluded.insert(i);
    }
    const int bm25Turns = s.contextTurns > 0 ? s.contextTurns : 1;
    std::vector<std::map<std::string, double>> components(facts.size());
    std::vector<double> bm25, dense;
    if (out.method != RetrievalMethod::BiEncoder) {
        const std::string query = lexicalQuery(dialogue, bm25Turns);
        bm25 = Bm25Index(texts).score(query);
        for (size_t i = 0; i < facts.size(); ++i) components[i]["bm25"] = bm25[i];
        out.context = query;
    }
    // BM25 with a retriever whose validation fit chose it: a turn that matches no fact lexically
    // is ranked by the bi-encoder (issue 28).
    const bool fallback = out.method == RetrievalMethod::Bm25 && m_retriever && m_retriever->options().lexicalFallback &&
                          noLexicalMatch(bm25);
    if (out.method != RetrievalMethod::Bm25 || fallback) {
        const BiEncoder& enc = *m_retriever;
        const int turns = s.contextTurns > 0 ? s.contextTurns : enc.options().contextTurns;
        out.context = formatContext(dialogue, turns);
        const auto query = enc.encodeContext(out.context);
        dense = enc.scores(query, factVectors(texts));
        for (size_t i = 0; i < facts.size(); ++i) components[i]["biencoder"] = dense[i];
    }
    std::vector<double> scores;
    if (fallback) {
        scores = dense;
        for (auto& c : components) c["fallback"] = 1.0;
    } else if (out.method == RetrievalMethod::Bm25) {
        scores = bm25;
    } else if (out.method == RetrievalMethod::BiEncoder) {
        scores = dense;
    } else {
        const double weight = m_retriever->options().fusionWeight;
        scores = hybridScores(dense, bm25, weight);
        for (size_t i = 0; i < facts.size(); ++i) components[i][weight >= 0 ? "fused" : "rrf"] = scores[i];
    }
    const RetrievalResult ranked = rankAndSelect(out.method, scores, components, sel);
    for (size_t i = 0; i < facts.size(); ++i) {
        FactRetrieval row{facts[i].id, facts[i].text, facts[i].enabled, ranked.facts[i]};
        if (out.method == RetrievalMethod::Hybrid && row.score.reason == SelectionReason::TopK && dense[i] <= s.threshold) {
            row.score.selected = false;
            row.score.reason = SelectionReason::BelowThreshold;
        }
        out.facts.push_back(std::move(row));
    }
    for (size_t i : ranked.selected)
        if (out.facts[i].score.selected) out.selectedFactIds.push_back(facts[i].id);
    return out;
}

}  // namespace persona
