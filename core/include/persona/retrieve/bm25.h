// BM25, the lexical retriever, over two fields of each text scored together:
//   - character n-grams (case-folded, whitespace collapsed): robust to inflection without a
//     dictionary ("Москве" / "Москва" share most 4-grams);
//   - words reduced by the Snowball stemmer (persona/retrieve/word_stemmer.h): catches forms
//     that share no 4-gram ("учишься" / "учусь" are both "уч").
// score = ngramWeight * BM25(n-grams) + wordWeight * BM25(words); a weight of 0 leaves its field
// out. The default weights are the combination that measured best on the validation split
// (resources/models/README.md, "Word forms in BM25").
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace persona {

struct Bm25Options {
    int ngram = 4;
    double k1 = 1.5;
    double b = 0.75;
    double ngramWeight = 1.0;
    double wordWeight = 1.0;
};

// The options of the n-gram-only BM25 that was the default before stemming (for comparisons).
Bm25Options ngramOnlyBm25();
// Stemmed words only.
Bm25Options wordOnlyBm25();

class Bm25Index {
public:
    // Throws InvalidArgument for invalid UTF-8, n < 1, or a negative or non-finite weight.
    explicit Bm25Index(std::vector<std::string> documents, Bm25Options options = {});
    // One score per document, in the documents' order.
    std::vector<double> score(const std::string& query) const;
    size_t size() const { return m_size; }
    const Bm25Options& options() const { return m_options; }

    // The n-grams of text as the index sees it: case-folded, whitespace collapsed, padded with
    // one space at each end; a text shorter than n gives itself.
    static std::vector<std::string> ngrams(const std::string& text, int n);

private:
    // An inverted index of one field: the cost of a query is the length of its terms' postings,
    // not the number of documents.
    struct Field {
        struct Posting {
            uint32_t doc;
            int tf;
        };
        std::unordered_map<std::string, std::vector<Posting>> postings;
        std::vector<double> lengths;
        double avgLength = 0;
        void add(uint32_t doc, const std::vector<std::string>& terms);
        void finish();
        void score(const std::vector<std::string>& query, double weight, const Bm25Options& o,
                   std::vector<double>& scores) const;
    };
    Bm25Options m_options;
    size_t m_size = 0;
    Field m_ngrams, m_words;
};

}  // namespace persona
