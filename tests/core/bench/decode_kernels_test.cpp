// The decode kernels (core/model/decode_kernels.h), portable and AVX2, against a double-precision
// reference over awkward shapes and row ranges.
#include "model/decode_kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <tuple>
#include <vector>

namespace {

using persona::detail::forceGenericKernels;

std::vector<float> randomVector(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    std::vector<float> v(n);
    for (auto& x : v) x = normal(rng);
    return v;
}

// in, out, and a range [begin, end) (columns, or rows for dotRows)
using Shape = std::tuple<int64_t, int64_t, int64_t, int64_t>;

class KernelTest : public ::testing::TestWithParam<std::tuple<bool, Shape>> {
protected:
    void SetUp() override { forceGenericKernels(std::get<0>(GetParam())); }
    void TearDown() override { forceGenericKernels(false); }
};

TEST_P(KernelTest, AccumulateColumnsMatchesTheReference) {
    // (in, out, o0, o1): columns o0..o1 of W [in, out], clamped to out.
    const auto [in, out, o0raw, o1raw] = std::get<1>(GetParam());
    const int64_t o0 = std::min(o0raw, out), o1 = std::min(o1raw, out);
    const auto x = randomVector(in, 1), W = randomVector(in * out, 2);
    std::vector<float> y(out + 3, 123.0f);  // garbage in, and a guard after `out`
    persona::detail::accumulateColumns(x.data(), W.data(), out, in, o0, o1, y.data());
    for (int64_t o = 0; o < out; ++o) {
        if (o < o0 || o >= o1) {
            EXPECT_EQ(y[o], 123.0f) << "column " << o << " is outside the range and must be untouched";
            continue;
        }
        double ref = 0;
        for (int64_t i = 0; i < in; ++i) ref += double(x[i]) * W[i * out + o];
        EXPECT_NEAR(y[o], ref, 1e-4 * (1 + std::abs(ref))) << "column " << o;
    }
    EXPECT_EQ(y[out], 123.0f) << "wrote past the end";
}

// Splitting the columns or rows between threads must not change a single bit.
TEST_P(KernelTest, RangesDoNotChangeResults) {
    const auto [in, out, cut0, cut1] = std::get<1>(GetParam());
    const auto x = randomVector(in, 7), W = randomVector(in * out, 8);
    std::vector<float> whole(out), pieces(out);
    persona::detail::accumulateColumns(x.data(), W.data(), out, in, 0, out, whole.data());
    const int64_t a = std::min(cut0, out), b = std::max(a, std::min(cut1, out));
    persona::detail::accumulateColumns(x.data(), W.data(), out, in, 0, a, pieces.data());
    persona::detail::accumulateColumns(x.data(), W.data(), out, in, a, b, pieces.data());
    persona::detail::accumulateColumns(x.data(), W.data(), out, in, b, out, pieces.data());
    EXPECT_EQ(whole, pieces);
    // dotRows over W read as [out, in]
    persona::detail::dotRows(W.data(), x.data(), in, 0, out, whole.data());
    persona::detail::dotRows(W.data(), x.data(), in, 0, a, pieces.data());
    persona::detail::dotRows(W.data(), x.data(), in, a, b, pieces.data());
    persona::detail::dotRows(W.data(), x.data(), in, b, out, pieces.data());
    EXPECT_EQ(whole, pieces);
}

TEST_P(KernelTest, DotRowsMatchesTheReference) {
    // Rows of W [out, in]: the same shape table, read as (rows = out, n = in, rows i0..i1 of out).
    const auto [n, rows, r0raw, r1raw] = std::get<1>(GetParam());
    const int64_t r0 = std::min(r0raw, rows), r1 = std::min(r1raw, rows);
    const auto x = randomVector(n, 3), W = randomVector(rows * n, 4);
    std::vector<float> y(rows + 1, 77.0f);
    persona::detail::dotRows(W.data(), x.data(), n, r0, r1, y.data());
    for (int64_t r = 0; r < rows; ++r) {
        if (r < r0 || r >= r1) {
            EXPECT_EQ(y[r], 77.0f) << "row " << r << " is outside the range and must be untouched";
            continue;
        }
        double ref = 0;
        for (int64_t j = 0; j < n; ++j) ref += double(W[r * n + j]) * x[j];
        EXPECT_NEAR(y[r], ref, 1e-4 * (1 + std::abs(ref))) << "row " << r;
    }
    EXPECT_EQ(y[rows], 77.0f);
}

std::string shapeName(const ::testing::TestParamInfo<std::tuple<bool, Shape>>& info) {
    const Shape& s = std::get<1>(info.param);
    return std::string(std::get<0>(info.param) ? "generic_" : "best_") + std::to_string(std::get<0>(s)) + "x" +
           std::to_string(std::get<1>(s)) + "_" + std::to_string(std::get<2>(s)) + "to" + std::to_string(std::get<3>(s));
}

INSTANTIATE_TEST_SUITE_P(Shapes, KernelTest,
                         ::testing::Combine(::testing::Bool(),
                                            ::testing::Values(Shape{1, 1, 0, 1}, Shape{7, 5, 0, 7}, Shape{16, 16, 0, 16},
                                                              Shape{33, 47, 3, 30}, Shape{64, 2304, 0, 64},
                                                              Shape{768, 31, 5, 9}, Shape{100, 200, 50, 50},
                                                              Shape{9, 24, 1, 8})),
                         shapeName);

TEST_P(KernelTest, DotRowsF16MatchesTheReference) {
    const auto [n, rows, r0raw, r1raw] = std::get<1>(GetParam());
    const int64_t r0 = std::min(r0raw, rows), r1 = std::min(r1raw, rows);
    const auto x = randomVector(n, 5), Wf = randomVector(rows * n, 6);
    std::vector<uint16_t> W(Wf.size());
    for (size_t i = 0; i < W.size(); ++i) W[i] = persona::detail::floatToHalf(Wf[i]);
    std::vector<float> y(rows, 77.0f);
    persona::detail::dotRowsF16(W.data(), x.data(), n, r0, r1, y.data());
    for (int64_t r = r0; r < r1; ++r) {
        double ref = 0;  // over the rounded halves: the kernel must add exactly those
        for (int64_t j = 0; j < n; ++j) ref += double(persona::detail::halfToFloat(W[r * n + j])) * x[j];
        EXPECT_NEAR(y[r], ref, 1e-4 * (1 + std::abs(ref))) << "row " << r;
    }
}

struct HalfCase {
    float value;
    uint16_t bits;
};

class HalfConversion : public ::testing::TestWithParam<HalfCase> {};

TEST_P(HalfConversion, RoundsToNearestEvenAndBack) {
    EXPECT_EQ(persona::detail::floatToHalf(GetParam().value), GetParam().bits);
    // Back: the half's own value, which is the input itself whenever the input was representable.
    const float back = persona::detail::halfToFloat(GetParam().bits);
    if (std::isinf(back)) EXPECT_TRUE(std::isinf(GetParam().value) || std::abs(GetParam().value) >= 65520.0f);
    else EXPECT_NEAR(back, GetParam().value, std::abs(GetParam().value) / 1024);
}

INSTANTIATE_TEST_SUITE_P(Values, HalfConversion,
                         ::testing::Values(HalfCase{0.0f, 0x0000}, HalfCase{-0.0f, 0x8000}, HalfCase{1.0f, 0x3c00},
                                           HalfCase{-2.0f, 0xc000}, HalfCase{65504.0f, 0x7bff},
                                           HalfCase{65520.0f, 0x7c00},                 // rounds up to inf
                                           HalfCase{1.0f + 1.0f / 2048, 0x3c00},       // tie to even (down)
                                           HalfCase{1.0f + 3.0f / 2048, 0x3c02},       // tie to even (up)
                                           HalfCase{5.9604645e-08f, 0x0001},           // smallest subnormal
                                           HalfCase{6.1035156e-05f, 0x0400},           // smallest normal
                                           HalfCase{INFINITY, 0x7c00}, HalfCase{-INFINITY, 0xfc00}));

TEST(HalfConversion, EveryHalfSurvivesTheRoundTrip) {
    for (uint32_t h = 0; h < 0x10000; ++h) {
        if ((h & 0x7c00u) == 0x7c00u && (h & 0x3ffu)) continue;  // NaNs: payloads may change
        ASSERT_EQ(persona::detail::floatToHalf(persona::detail::halfToFloat(static_cast<uint16_t>(h))), h) << h;
    }
}

TEST(KernelIsa, NamesWhatRuns) {
    forceGenericKernels(true);
    EXPECT_EQ(persona::detail::decodeKernelIsa(), "generic");
    forceGenericKernels(false);
#if defined(__x86_64__)
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                        __builtin_cpu_supports("avx512vl");
    EXPECT_EQ(persona::detail::decodeKernelIsa(), avx512 ? "avx512" : avx2 ? "avx2-fma" : "generic");
#endif
    const auto isas = persona::detail::decodeKernelIsas();
    ASSERT_FALSE(isas.empty());
    EXPECT_EQ(isas.front(), "generic");
    EXPECT_EQ(isas.back(), persona::detail::decodeKernelIsa()) << "the best set is the default";
    for (const auto& isa : isas) {
        EXPECT_TRUE(persona::detail::forceKernelIsa(isa));
        EXPECT_EQ(persona::detail::decodeKernelIsa(), isa);
    }
    EXPECT_FALSE(persona::detail::forceKernelIsa("avx1024"));
    EXPECT_TRUE(persona::detail::forceKernelIsa(""));
    EXPECT_EQ(persona::detail::decodeKernelIsa(), isas.back());
}

}  // namespace
