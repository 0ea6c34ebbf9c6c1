// BM25 over character n-grams: the lexical baseline retriever. Robust to Russian inflection
// ("Москве" / "Москва" share most 4-grams) without a stemmer.
#pragma once

#include <string>
#include <vector>

namespace persona {

struct Bm25Options {
    int ngram = 4;
    double k1 = 1.5;
    double b = 0.75;
};

class Bm25Index {
public:
    explicit Bm25Index(std::vector<std::string> documents, Bm25Options options = {});
    // One score per document, in the documents' order.
    std::vector<double> score(const std::string& query) const;
    size_t size() const { return m_docs.size(); }

    // The n-grams of text as the index sees it: case-folded, whitespace collapsed, padded with
    // one space at each end; a text shorter than n gives itself.
    static std::vector<std::string> ngrams(const std::string& text, int n);

private:
    struct Doc {
        std::vector<std::pair<std::string, int>> terms;  // sorted, with counts
        double length = 0;
    };
    Bm25Options m_options;
    std::vector<Doc> m_docs;
    double m_avgLength = 0;
    std::vector<std::pair<std::string, int>> m_docFreq;  // sorted
};

}  // namespace persona
