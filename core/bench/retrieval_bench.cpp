// persona-cli bench retrieval (persona/bench/retrieval_bench.h). There is no fact index in
// core/retrieve yet, so the query side is FactScan (bench/fact_scan.h): the brute-force cosine
// scan such an index does. The encoder is a random-weight BERT of rubert-tiny2's shapes, since
// no demo retriever ships yet; only its shapes matter for speed.
#include "persona/bench/retrieval_bench.h"

#include "bench/fact_scan.h"
#include "persona/engine/runtime.h"
#include "persona/error.h"
#include "persona/model/bert_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

namespace persona::bench {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    const auto i = static_cast<size_t>(std::lround(q * static_cast<double>(v.size() - 1)));
    return v[std::min(i, v.size() - 1)];
}

BertConfig rubertTiny2Shapes() {
    BertConfig c;
    c.hiddenSize = 312;
    c.numHiddenLayers = 3;
    c.numAttentionHeads = 12;
    c.intermediateSize = 600;
    c.maxPositionEmbeddings = 2048;
    c.vocabSize = 83828;
    return c;
}

}  // namespace

RetrievalBenchResult runRetrievalBench(const RetrievalBenchOptions& o) {
    if (o.facts < 1 || o.dim < 1 || o.queries < 1 || o.topK < 1)
        throw InvalidArgument("bench retrieval: --facts, --dim, --queries and --top-k must be at least 1");
    RetrievalBenchResult r;
    r.facts = o.facts;
    r.dim = o.dim;
    r.topK = o.topK;
    r.queries = o.queries;
    r.threads = runtimeInfo().intraOpThreads;

    // Query latency over cached vectors: random directions (the scan's cost does not depend on
    // the values).
    std::mt19937_64 rng(o.seed);
    std::normal_distribution<float> normal;
    r.storage = o.halfPrecision ? "f16" : "f32";
    FactScan scan(o.facts, o.dim, o.halfPrecision);
    std::vector<float> v(o.dim);
    for (int64_t row = 0; row < o.facts; ++row) {
        for (auto& x : v) x = normal(rng);
        scan.setRow(row, v.data());
    }
    r.indexBytes = scan.bytes();
    std::vector<std::vector<float>> queries(o.queries, std::vector<float>(o.dim));
    for (auto& q : queries)
        for (auto& x : q) x = normal(rng);
    scan.topK(queries[0].data(), o.topK, r.threads);  // warm-up
    std::vector<double> ms;
    for (const auto& q : queries) {
        const auto t0 = Clock::now();
        const auto best = scan.topK(q.data(), o.topK, r.threads);
        ms.push_back(msSince(t0));
        if (static_cast<int64_t>(best.size()) != std::min<int64_t>(o.topK, o.facts))
            throw Error("bench retrieval: the scan returned " + std::to_string(best.size()) + " results");
    }
    r.queryMsP50 = percentile(ms, 0.50);
    r.queryMsP95 = percentile(ms, 0.95);
    r.scanGBs = static_cast<double>(r.indexBytes) / (r.queryMsP50 * 1e-3) / 1e9;
    if (o.lexical) {
        r.lexical = true;
        r.bm25 = runLexicalBench(o.facts, o.queries, o.topK, o.seed);
    }

    // Fact encoding: one fact at a time, as the candidate encoder sees them, mean-pooled.
    if (o.encodeFacts > 0) {
        const BertConfig config = rubertTiny2Shapes();
        r.encoder = "random-weight BERT with rubert-tiny2's shapes (hidden 312, 3 layers, 12 heads, "
                    "intermediate 600, vocab 83828), " + std::to_string(o.factTokens) + " tokens per fact, F32 CPU";
        const BertModel bert = BertModel::random(config, o.seed, /*withPooler=*/false);
        std::uniform_int_distribution<int> token(5, config.vocabSize - 1);
        auto fact = [&] {
            std::vector<int> ids(o.factTokens);
            for (auto& id : ids) id = token(rng);
            return ids;
        };
        bert.forward(fact());  // warm-up
        double checksum = 0;
        const auto t0 = Clock::now();
        for (int i = 0; i < o.encodeFacts; ++i) {
            const BertOutput out = bert.forward(fact());
            std::vector<float> pooled(config.hiddenSize, 0.0f);
            for (const auto& row : out.lastHiddenState)
                for (int j = 0; j < config.hiddenSize; ++j) pooled[j] += row[j] / static_cast<float>(out.lastHiddenState.size());
            checksum += pooled[0];
        }
        r.encodeFactsPerS = o.encodeFacts / (msSince(t0) * 1e-3);
        r.encodedFacts = o.encodeFacts;
        if (!std::isfinite(checksum)) throw Error("bench retrieval: the encoder produced non-finite values");
    }
    return r;
}

}  // namespace persona::bench
