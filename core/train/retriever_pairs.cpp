// Pairs for retriever pre-training that need no gk labels (issue 15), from the training split of
// the dialogues and from plain corpora. Every anchor is formatted as a one-turn context, as the
// gold task's contexts are, and every positive is a plain text, as facts are.
#include "persona/train/training.h"

#include "persona/data/seed_dialogs.h"
#include "persona/retrieve/bm25.h"
#include "persona/retrieve/retrieval.h"

#include <algorithm>
#include <random>
#include <sstream>

namespace persona {
namespace {

constexpr size_t kMinChars = 12;
constexpr size_t kMaxChars = 300;
// A reply's best-matching fact is a silver label only above this BM25 score.
constexpr double kSilverMinScore = 2.0;

std::string anchorOf(const std::string& text) { return formatContext({{false, text}}, 1); }

bool usable(const std::string& s) { return s.size() >= kMinChars && s.size() <= kMaxChars; }

std::string noised(const std::string& fact, double noise, std::mt19937_64& rng) {
    std::istringstream in(fact);
    std::vector<std::string> words, kept;
    for (std::string w; in >> w;) words.push_back(w);
    std::bernoulli_distribution drop(noise);
    for (const auto& w : words)
        if (!drop(rng)) kept.push_back(w);
    if (kept.empty() && !words.empty()) kept.push_back(words[std::uniform_int_distribution<size_t>(0, words.size() - 1)(rng)]);
    if (kept.size() > 2 && drop(rng)) {  // and sometimes two neighbours swapped
        const size_t i = std::uniform_int_distribution<size_t>(0, kept.size() - 2)(rng);
        std::swap(kept[i], kept[i + 1]);
    }
    std::string out;
    for (const auto& w : kept) out += (out.empty() ? "" : " ") + w;
    return out;
}

// Sentences of a text: cut after . ! ? or a line break.
std::vector<std::string> sentencesOf(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        const auto b = cur.find_first_not_of(" \t\r");
        out.push_back(b == std::string::npos ? std::string() : cur.substr(b));
        cur.clear();
    };
    for (char c : text) {
        if (c == '\n') {
            flush();
            continue;
        }
        cur += c;
        if (c == '.' || c == '!' || c == '?') flush();
    }
    flush();
    return out;
}

void addDialogPairs(const data::SeedDialog& d, const RetrieverPretrainOptions& o, std::mt19937_64& rng,
                    std::vector<RetrievalPair>& turnNext, std::vector<RetrievalPair>& facts,
                    std::vector<RetrievalPair>& silver) {
    for (size_t k = 0; k + 1 < d.turns.size(); ++k) {
        const auto& prev = d.turns[k];
        const auto& next = d.turns[k + 1];
        if (usable(prev.text) && usable(next.text)) turnNext.push_back({anchorOf(prev.text), next.text, "turn_next"});
        // Silver label: the fact of the next speaker that its reply matches best, when no gold label exists.
        const auto& personFacts = d.persons[static_cast<size_t>(next.person)].facts;
        if (!next.gk.empty() || personFacts.empty() || prev.text.empty()) continue;
        const auto scores = Bm25Index(personFacts).score(next.text);
        const auto best = std::max_element(scores.begin(), scores.end());
        if (*best >= kSilverMinScore)
            silver.push_back({anchorOf(prev.text), personFacts[static_cast<size_t>(best - scores.begin())], "reply_fact"});
    }
    for (const auto& p : d.persons)
        for (const auto& f : p.facts) facts.push_back({anchorOf(noised(f, o.noise, rng)), f, "fact_noised"});
}

void takeSome(std::vector<RetrievalPair>& from, int most, std::mt19937_64& rng, std::vector<RetrievalPair>& into) {
    std::shuffle(from.begin(), from.end(), rng);
    if (most >= 0 && from.size() > static_cast<size_t>(most)) from.resize(static_cast<size_t>(most));
    into.insert(into.end(), from.begin(), from.end());
}

}  // namespace

std::vector<RetrievalPair> unlabelledPairs(const RetrieverPretrainOptions& o) {
    std::mt19937_64 rng(o.seed);
    std::vector<RetrievalPair> turnNext, facts, silver, sentences;
    for (const auto& file : o.dialogFiles) {
        const auto dialogs = data::readSeedDialogs(file);
        for (size_t i = 0; i < dialogs.size(); ++i)
            if (data::splitOf(i) == data::Split::Train) addDialogPairs(dialogs[i], o, rng, turnNext, facts, silver);
    }
    for (const auto& file : o.textFiles) {
        const auto all = sentencesOf(corpusText(file));
        for (size_t k = 0; k + 1 < all.size(); ++k)
            if (usable(all[k]) && usable(all[k + 1])) sentences.push_back({anchorOf(all[k]), all[k + 1], "sentence_next"});
    }
    std::vector<RetrievalPair> out;
    for (auto* kind : {&turnNext, &facts, &silver, &sentences}) takeSome(*kind, o.maxPairsPerKind, rng, out);
    std::shuffle(out.begin(), out.end(), rng);
    return out;
}

}  // namespace persona
