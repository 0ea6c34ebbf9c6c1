// persona-cli bench retrieval: top-k query latency over cached fact vectors, and the rate at
// which the demo retriever's encoder turns facts into vectors.
#pragma once

#include <cstdint>
#include <string>

namespace persona::bench {

struct RetrievalBenchOptions {
    int64_t facts = 100000;
    int dim = 312;
    int queries = 200;
    int topK = 5;
    bool halfPrecision = false; // fact vectors stored as F16 (half the bytes each query reads)
    int encodeFacts = 256;      // facts encoded for the throughput figure (0 = skip)
    int factTokens = 16;        // token length of each encoded fact
    bool lexical = true;        // also BM25 over as many synthetic facts (runLexicalBench)
    uint64_t seed = 1;
};

// BM25 with the default fields (n-grams and Snowball-stemmed words) over `facts` synthetic Russian
// facts indexed once: the latency of one query (stemming, scoring, top-k), and the build time.
struct LexicalBenchResult {
    double ngramWeight = 0, wordWeight = 0;
    double buildS = 0;
    double queryMsP50 = 0, queryMsP95 = 0;        // wall clock
    double queryCpuMsP50 = 0, queryCpuMsP95 = 0;  // the thread's CPU time (waiting excluded)
    double checksum = 0;
};
struct RetrievalBenchResult {
    int64_t facts = 0;
    int dim = 0, topK = 0, queries = 0, threads = 0;
    std::string storage;            // "f32" or "f16"
    double queryMsP50 = 0, queryMsP95 = 0;
    double scanGBs = 0;             // fact-matrix bytes / p50 query time
    int64_t indexBytes = 0;
    std::string encoder;            // what encoded facts (shapes, weights)
    double encodeFactsPerS = 0;
    int encodedFacts = 0;
    bool lexical = false;
    LexicalBenchResult bm25;
};

RetrievalBenchResult runRetrievalBench(const RetrievalBenchOptions& options);

LexicalBenchResult runLexicalBench(int64_t facts, int queries, int topK, uint64_t seed);

}  // namespace persona::bench
