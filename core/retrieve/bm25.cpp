#include "persona/retrieve/bm25.h"

#include "persona/error.h"
#include "persona/retrieve/word_stemmer.h"

#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace persona {
namespace {

// Case-folded code points with whitespace runs collapsed to one space and a space at each end.
std::vector<utf8proc_int32_t> normalize(const std::string& text) {
    std::vector<utf8proc_int32_t> cps{' '};
    for (const utf8proc_int32_t cp : caseFoldedCodePoints(text)) {
        const auto cat = utf8proc_category(cp);
        const bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cat == UTF8PROC_CATEGORY_ZS;
        if (space) {
            if (cps.back() != ' ') cps.push_back(' ');
        } else {
            cps.push_back(cp);
        }
    }
    if (cps.back() != ' ') cps.push_back(' ');
    return cps;
}

std::string encode(const utf8proc_int32_t* cps, size_t n) {
    std::string out;
    utf8proc_uint8_t buf[4];
    for (size_t i = 0; i < n; ++i) out.append(reinterpret_cast<char*>(buf), utf8proc_encode_char(cps[i], buf));
    return out;
}

std::vector<std::pair<std::string, int>> countTerms(const std::vector<std::string>& grams) {
    std::map<std::string, int> counts;
    for (const auto& g : grams) ++counts[g];
    return {counts.begin(), counts.end()};
}

}  // namespace

std::vector<std::string> Bm25Index::ngrams(const std::string& text, int n) {
    if (n < 1) throw InvalidArgument("BM25: n-gram size must be >= 1");
    const auto cps = normalize(text);
    std::vector<std::string> out;
    if (cps.size() <= 2) return out;  // only the padding: empty text
    if (cps.size() < static_cast<size_t>(n)) {
        out.push_back(encode(cps.data(), cps.size()));
        return out;
    }
    for (size_t i = 0; i + n <= cps.size(); ++i) out.push_back(encode(cps.data() + i, n));
    return out;
}

Bm25Options ngramOnlyBm25() {
    Bm25Options o;
    o.wordWeight = 0.0;
    return o;
}

Bm25Options wordOnlyBm25() {
    Bm25Options o;
    o.ngramWeight = 0.0;
    return o;
}

void Bm25Index::Field::add(uint32_t doc, const std::vector<std::string>& terms) {
    for (const auto& [term, count] : countTerms(terms)) postings[term].push_back({doc, count});
    lengths.push_back(static_cast<double>(terms.size()));
}

void Bm25Index::Field::finish() {
    double total = 0;
    for (double l : lengths) total += l;
    avgLength = lengths.empty() ? 0 : total / static_cast<double>(lengths.size());
}

void Bm25Index::Field::score(const std::vector<std::string>& query, double weight, const Bm25Options& o,
                             std::vector<double>& scores) const {
    const double N = static_cast<double>(lengths.size());
    for (const auto& term : query) {  // a repeated query term counts again, as in the seed
        const auto it = postings.find(term);
        if (it == postings.end()) continue;
        const double n = static_cast<double>(it->second.size());
        const double idf = std::log((N - n + 0.5) / (n + 0.5) + 1.0);  // non-negative (Lucene)
        for (const Posting& p : it->second) {
            const double norm = avgLength > 0 ? lengths[p.doc] / avgLength : 1.0;
            scores[p.doc] += weight * idf * p.tf * (o.k1 + 1) / (p.tf + o.k1 * (1 - o.b + o.b * norm));
        }
    }
}

Bm25Index::Bm25Index(std::vector<std::string> documents, Bm25Options options) : m_options(options) {
    if (!(options.ngramWeight >= 0 && std::isfinite(options.ngramWeight)) ||
        !(options.wordWeight >= 0 && std::isfinite(options.wordWeight)))
        throw InvalidArgument("BM25: the field weights must be finite and >= 0");
    if (options.ngram < 1) throw InvalidArgument("BM25: n-gram size must be >= 1");
    m_size = documents.size();
    for (size_t d = 0; d < documents.size(); ++d) {
        const auto doc = static_cast<uint32_t>(d);
        if (options.ngramWeight > 0) m_ngrams.add(doc, ngrams(documents[d], options.ngram));
        if (options.wordWeight > 0) m_words.add(doc, stemmedWords(documents[d]));
    }
    m_ngrams.finish();
    m_words.finish();
}

std::vector<double> Bm25Index::score(const std::string& query) const {
    std::vector<double> scores(m_size, 0.0);
    if (m_size == 0) return scores;
    if (m_options.ngramWeight > 0) m_ngrams.score(ngrams(query, m_options.ngram), m_options.ngramWeight, m_options, scores);
    if (m_options.wordWeight > 0) m_words.score(stemmedWords(query), m_options.wordWeight, m_options, scores);
    return scores;
}

}  // namespace persona
