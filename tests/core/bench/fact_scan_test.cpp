// FactScan (the retrieval benchmark's top-k scan) against sorting every score, and the bench
// commands' contracts (JSON keys, error text) on sizes small enough for a test.
#include "bench/fact_scan.h"
#include "cli.h"
#include "persona/error.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

namespace {

TEST(FactScan, TopKEqualsSortingAllCosines) {
    const int64_t rows = 1000;
    const int dim = 13;
    std::mt19937_64 rng(3);
    std::normal_distribution<float> normal;
    persona::bench::FactScan scan(rows, dim);
    std::vector<std::vector<float>> vectors(rows, std::vector<float>(dim));
    for (int64_t r = 0; r < rows; ++r) {
        for (auto& x : vectors[r]) x = normal(rng);
        scan.setRow(r, vectors[r].data());
    }
    std::vector<float> q(dim);
    for (auto& x : q) x = normal(rng);
    std::vector<std::pair<double, int64_t>> all;
    for (int64_t r = 0; r < rows; ++r) {
        double dot = 0, nq = 0, nv = 0;
        for (int j = 0; j < dim; ++j) dot += double(q[j]) * vectors[r][j], nq += double(q[j]) * q[j], nv += double(vectors[r][j]) * vectors[r][j];
        all.push_back({dot / std::sqrt(nq * nv), r});
    }
    std::sort(all.begin(), all.end(), [](auto a, auto b) { return a.first > b.first; });
    for (int threads : {1, 2}) {
        const auto best = scan.topK(q.data(), 7, threads);
        ASSERT_EQ(best.size(), 7u);
        for (size_t i = 0; i < best.size(); ++i) {
            EXPECT_EQ(best[i].second, all[i].second) << "rank " << i;
            EXPECT_NEAR(best[i].first, all[i].first, 1e-5);
        }
    }
}

TEST(FactScan, HalfPrecisionRanksAlikeWithinItsPrecision) {
    const int64_t rows = 500;
    const int dim = 37;
    std::mt19937_64 rng(9);
    std::normal_distribution<float> normal;
    persona::bench::FactScan full(rows, dim), half(rows, dim, /*halfPrecision=*/true);
    std::vector<float> v(dim);
    for (int64_t r = 0; r < rows; ++r) {
        for (auto& x : v) x = normal(rng);
        full.setRow(r, v.data());
        half.setRow(r, v.data());
    }
    EXPECT_EQ(half.bytes() * 2, full.bytes());
    for (auto& x : v) x = normal(rng);
    const auto a = full.topK(v.data(), 20, 2), b = half.topK(v.data(), 20, 2);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i].first, b[i].first, 2e-3) << "rank " << i;
    EXPECT_EQ(a[0].second, b[0].second);
}

TEST(FactScan, TiesGoToTheEarlierRowAndKIsCapped) {
    persona::bench::FactScan scan(4, 2);
    const float a[2] = {1, 0}, b[2] = {0, 1};
    scan.setRow(0, b);
    scan.setRow(1, a);
    scan.setRow(2, b);
    scan.setRow(3, a);
    const auto best = scan.topK(a, 10, 1);
    ASSERT_EQ(best.size(), 4u);
    EXPECT_EQ(best[0].second, 1);
    EXPECT_EQ(best[1].second, 3);
    EXPECT_EQ(best[2].second, 0);
    EXPECT_THROW(persona::bench::FactScan(0, 3), persona::InvalidArgument);
}

struct CliRun {
    int status;
    std::string out, err;
};

CliRun runCli(std::vector<std::string> args) {
    args.insert(args.begin(), "persona-cli");
    std::ostringstream out, err;
    const int status = persona::cli::run(args, out, err);
    return {status, out.str(), err.str()};
}

TEST(BenchCommands, RetrievalPrintsItsKeys) {
    const auto r = runCli({"bench", "retrieval", "--facts", "300", "--dim", "16", "--queries", "5",
                           "--encode-facts", "0", "--threads", "1"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"query_ms_p50", "query_ms_p95", "facts", "dim", "encode_facts_per_s", "index_bytes"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["facts"], 300);
    EXPECT_EQ(j["index_bytes"], 300 * 16 * 4);
    EXPECT_LE(j["query_ms_p50"].get<double>(), j["query_ms_p95"].get<double>());
}

struct BadBench {
    std::vector<std::string> args;
    std::string message;
};

class BenchErrors : public ::testing::TestWithParam<BadBench> {};

TEST_P(BenchErrors, FailWithAMessage) {
    const auto r = runCli(GetParam().args);
    EXPECT_NE(r.status, 0);
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Rows, BenchErrors,
    ::testing::Values(BadBench{{"bench", "decode", "--kernel", "fast"}, "unknown --kernel \"fast\""},
                      BadBench{{"bench", "decode", "--config", "gpt5", "--no-bandwidth"}, "unknown model preset \"gpt5\""},
                      BadBench{{"bench", "decode", "--prompt-tokens", "1000", "--new-tokens", "100"}, "exceed n_positions"},
                      BadBench{{"bench", "decode", "--dtype", "f8"}, "unknown dtype \"f8\""},
                      BadBench{{"bench", "retrieval", "--facts", "0"}, "must be at least 1"},
                      BadBench{{"bench", "retrieval", "--storage", "int4"}, "unknown --storage \"int4\""},
                      BadBench{{"bench"}, "subcommand"}));

}  // namespace
