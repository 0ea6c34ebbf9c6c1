// The metrics panel of validation mode, computed from the store: every labelled persona turn of a
// scope (one chat, one persona's chats, all chats; the selected path of each) is scored again by
// each retrieval method over the facts of the revision it was held with and the dialogue before
// it, and compared with the labeller's ticks (persona/retrieve/label_metrics.h). Also the mean
// ratings (logical / specific / personal) per persona and per generator model.
#pragma once

#include "persona/retrieve/label_metrics.h"
#include "persona/retrieve/retrieval.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace persona {

class BiEncoder;

namespace store {
class Database;
}

enum class LabelScope { Chat, Persona, All };

struct LabelQuery {
    LabelScope scope = LabelScope::All;
    int64_t chatId = 0;     // LabelScope::Chat
    int64_t personaId = 0;  // LabelScope::Persona: chats held with it as the persona
    int k = 3;
    int contextTurns = 0;   // as AgentSettings::contextTurns
};

struct MethodLabelMetrics {
    RetrievalMethod method = RetrievalMethod::Bm25;
    // For BM25's fields alone (LabelReport::lexicalFields): "ngrams" or "words"; else empty.
    std::string variant;
    LabelMetrics mean;
    std::vector<LabelMetrics> running;  // after each labelled turn, in order
};

// Mean of the yes/no marks (1 = yes) over the messages that have the mark; absent when none has.
struct MeanRatings {
    std::string name;  // the persona's name or the generator model's
    int rated = 0;     // messages with a rating
    std::optional<double> logical, specific, personal;
};

struct LabelReport {
    int labelledTurns = 0;
    std::vector<int64_t> messageIds;          // the labelled persona messages, in order
    std::vector<MethodLabelMetrics> methods;  // BM25, then bi-encoder and hybrid when one is loaded
    // BM25's character n-gram field alone and its stemmed-word field alone, on the same query.
    std::vector<MethodLabelMetrics> lexicalFields;
    std::vector<MeanRatings> byPersona;
    std::vector<MeanRatings> byModel;         // "generator" of the message's settings
};

// retriever may be null: then BM25 alone. Throws Cancelled when *cancel turns true.
LabelReport evaluateLabels(store::Database& db, std::shared_ptr<const BiEncoder> retriever, const LabelQuery& query,
                           const std::atomic_bool* cancel = nullptr);

// The scope's chats as the panel and the exports read them.
std::vector<int64_t> chatsInScope(store::Database& db, const LabelQuery& query);

}  // namespace persona
