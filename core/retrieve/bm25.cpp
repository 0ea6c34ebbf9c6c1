#include "persona/retrieve/bm25.h"

#include "persona/error.h"

#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace persona {
namespace {

// Case-folded code points with whitespace runs collapsed to one space and a space at each end.
std::vector<utf8proc_int32_t> normalize(const std::string& text) {
    utf8proc_uint8_t* folded = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                static_cast<utf8proc_ssize_t>(text.size()), &folded,
                                static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE |
                                                               UTF8PROC_STABLE | UTF8PROC_IGNORE));
    if (n < 0) throw InvalidArgument(std::string("BM25: text is not valid UTF-8: ") + utf8proc_errmsg(n));
    std::vector<utf8proc_int32_t> cps{' '};
    utf8proc_ssize_t pos = 0;
    while (pos < n) {
        utf8proc_int32_t cp = 0;
        pos += utf8proc_iterate(folded + pos, n - pos, &cp);
        const auto cat = utf8proc_category(cp);
        const bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cat == UTF8PROC_CATEGORY_ZS;
        if (space) {
            if (cps.back() != ' ') cps.push_back(' ');
        } else {
            cps.push_back(cp);
        }
    }
    std::free(folded);
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

int lookup(const std::vector<std::pair<std::string, int>>& sorted, const std::string& key) {
    auto it = std::lower_bound(sorted.begin(), sorted.end(), key,
                               [](const auto& e, const std::string& k) { return e.first < k; });
    return it != sorted.end() && it->first == key ? it->second : 0;
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

Bm25Index::Bm25Index(std::vector<std::string> documents, Bm25Options options) : m_options(options) {
    std::map<std::string, int> df;
    double total = 0;
    for (const auto& d : documents) {
        const auto grams = ngrams(d, options.ngram);
        Doc doc{countTerms(grams), static_cast<double>(grams.size())};
        for (const auto& [term, count] : doc.terms) ++df[term];
        total += doc.length;
        m_docs.push_back(std::move(doc));
    }
    m_avgLength = m_docs.empty() ? 0 : total / m_docs.size();
    m_docFreq.assign(df.begin(), df.end());
}

std::vector<double> Bm25Index::score(const std::string& query) const {
    std::vector<double> scores(m_docs.size(), 0.0);
    if (m_docs.empty()) return scores;
    const double N = static_cast<double>(m_docs.size());
    const double k1 = m_options.k1, b = m_options.b;
    for (const auto& term : ngrams(query, m_options.ngram)) {
        const int n = lookup(m_docFreq, term);
        if (n == 0) continue;
        const double idf = std::log((N - n + 0.5) / (n + 0.5) + 1.0);  // non-negative (Lucene)
        for (size_t d = 0; d < m_docs.size(); ++d) {
            const int tf = lookup(m_docs[d].terms, term);
            if (tf == 0) continue;
            const double norm = m_avgLength > 0 ? m_docs[d].length / m_avgLength : 1.0;
            scores[d] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * norm));
        }
    }
    return scores;
}

}  // namespace persona
