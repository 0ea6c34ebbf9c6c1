// The F16, BF16 and int8 row kernels of the decode step (core/model/decode_kernels.h), portable,
// AVX2 and AVX-512 (each set this CPU runs; the others are skipped), against a double-precision reference over the stored (rounded) weights, on odd sizes
// and row ranges; and the bfloat16 conversions.
#include "model/decode_kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace {

using persona::detail::DecodeMatrix;
using persona::detail::DecodeWeightType;

std::vector<float> randomVector(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    std::vector<float> v(n);
    for (auto& x : v) x = normal(rng);
    return v;
}

// One matrix [rows, n] stored as `type`, with the float value of every stored weight.
struct Stored {
    std::vector<uint16_t> halves;
    std::vector<int8_t> q;
    std::vector<float> scales, values;
    DecodeMatrix matrix;
};

Stored store(DecodeWeightType type, const std::vector<float>& w, int64_t rows, int64_t n) {
    Stored s;
    s.values.resize(w.size());
    if (type == DecodeWeightType::I8) {
        s.q.resize(w.size());
        for (int64_t r = 0; r < rows; ++r) {
            float absMax = 0;
            for (int64_t j = 0; j < n; ++j) absMax = std::max(absMax, std::abs(w[r * n + j]));
            const float scale = absMax > 0 ? absMax / 127 : 1;
            s.scales.push_back(scale);
            for (int64_t j = 0; j < n; ++j) {
                s.q[r * n + j] = static_cast<int8_t>(std::lround(w[r * n + j] / scale));
                s.values[r * n + j] = s.q[r * n + j] * scale;
            }
        }
        s.matrix = {s.q.data(), s.scales.data()};
        return s;
    }
    s.halves.resize(w.size());
    for (size_t i = 0; i < w.size(); ++i) {
        const bool f16 = type == DecodeWeightType::F16;
        s.halves[i] = f16 ? persona::detail::floatToHalf(w[i]) : persona::detail::floatToBf16(w[i]);
        s.values[i] = f16 ? persona::detail::halfToFloat(s.halves[i]) : persona::detail::bf16ToFloat(s.halves[i]);
    }
    s.matrix = {s.halves.data(), nullptr};
    return s;
}

// kernel set, weight type, (n, rows, r0, r1)
using Shape = std::tuple<int64_t, int64_t, int64_t, int64_t>;
using Param = std::tuple<std::string, DecodeWeightType, Shape>;

class NarrowRows : public ::testing::TestWithParam<Param> {
protected:
    void SetUp() override {
        if (!persona::detail::forceKernelIsa(std::get<0>(GetParam())))
            GTEST_SKIP() << std::get<0>(GetParam()) << " kernels: not in this build or not on this CPU";
    }
    void TearDown() override { persona::detail::forceKernelIsa(""); }
};

TEST_P(NarrowRows, MatchTheReferenceOverTheStoredWeights) {
    const auto type = std::get<1>(GetParam());
    const auto [n, rows, r0raw, r1raw] = std::get<2>(GetParam());
    const int64_t r0 = std::min(r0raw, rows), r1 = std::min(r1raw, rows);
    const auto x = randomVector(n, 5);
    const Stored W = store(type, randomVector(rows * n, 6), rows, n);
    std::vector<float> y(rows + 1, 77.0f);
    persona::detail::dotRowsTyped(type, W.matrix, x.data(), n, r0, r1, y.data());
    for (int64_t r = 0; r < rows; ++r) {
        if (r < r0 || r >= r1) {
            EXPECT_EQ(y[r], 77.0f) << "row " << r << " is outside the range and must be untouched";
            continue;
        }
        double ref = 0, magnitude = 0;
        for (int64_t j = 0; j < n; ++j) {
            ref += double(W.values[r * n + j]) * x[j];
            magnitude += std::abs(double(W.values[r * n + j]) * x[j]);
        }
        EXPECT_NEAR(y[r], ref, 1e-5 * (1 + magnitude)) << "row " << r;
    }
    EXPECT_EQ(y[rows], 77.0f) << "wrote past the end";
}

// Splitting the rows between threads must not change a single bit.
TEST_P(NarrowRows, RangesDoNotChangeResults) {
    const auto type = std::get<1>(GetParam());
    const auto [n, rows, cut0, cut1] = std::get<2>(GetParam());
    const auto x = randomVector(n, 7);
    const Stored W = store(type, randomVector(rows * n, 8), rows, n);
    std::vector<float> whole(rows), pieces(rows);
    persona::detail::dotRowsTyped(type, W.matrix, x.data(), n, 0, rows, whole.data());
    const int64_t a = std::min(cut0, rows), b = std::max(a, std::min(cut1, rows));
    persona::detail::dotRowsTyped(type, W.matrix, x.data(), n, 0, a, pieces.data());
    persona::detail::dotRowsTyped(type, W.matrix, x.data(), n, a, b, pieces.data());
    persona::detail::dotRowsTyped(type, W.matrix, x.data(), n, b, rows, pieces.data());
    EXPECT_EQ(whole, pieces);
}

std::string paramName(const ::testing::TestParamInfo<Param>& info) {
    static const char* types[] = {"f32", "f16", "bf16", "i8"};
    const Shape& s = std::get<2>(info.param);
    std::string isa = std::get<0>(info.param);
    std::replace(isa.begin(), isa.end(), '-', '_');
    return isa + "_" + types[static_cast<int>(std::get<1>(info.param))] +
           "_" + std::to_string(std::get<0>(s)) + "x" + std::to_string(std::get<1>(s)) + "_" +
           std::to_string(std::get<2>(s)) + "to" + std::to_string(std::get<3>(s));
}

INSTANTIATE_TEST_SUITE_P(Shapes, NarrowRows,
                         ::testing::Combine(::testing::Values("generic", "avx2-fma", "avx512"),
                                            ::testing::Values(DecodeWeightType::F16, DecodeWeightType::BF16,
                                                              DecodeWeightType::I8),
                                            ::testing::Values(Shape{1, 1, 0, 1}, Shape{7, 5, 0, 7}, Shape{16, 16, 0, 16},
                                                              Shape{33, 47, 3, 30}, Shape{1023, 9, 1, 8},
                                                              Shape{768, 31, 5, 9}, Shape{100, 200, 50, 50},
                                                              Shape{9, 24, 1, 23}, Shape{48, 6, 0, 6},
                                                              Shape{1280, 13, 2, 11})),
                         paramName);

// The int8 kernels really apply each row's scale (a wrong scale fails the reference above too, but
// this names the fault).
TEST(NarrowRowsInt8, EachRowHasItsOwnScale) {
    const std::vector<int8_t> q = {1, 2, 3, 1, 2, 3};
    const std::vector<float> scales = {0.5f, 4.0f}, x = {1, 1, 1};
    for (const std::string& isa : persona::detail::decodeKernelIsas()) {
        SCOPED_TRACE(isa);
        ASSERT_TRUE(persona::detail::forceKernelIsa(isa));
        std::vector<float> y(2);
        persona::detail::dotRowsI8(q.data(), scales.data(), x.data(), 3, 0, 2, y.data());
        EXPECT_EQ(y[0], 3.0f);
        EXPECT_EQ(y[1], 24.0f);
    }
    persona::detail::forceKernelIsa("");
}

uint32_t bits(float f) {
    uint32_t b;
    std::memcpy(&b, &f, 4);
    return b;
}

float fromBits(uint32_t b) {
    float f;
    std::memcpy(&f, &b, 4);
    return f;
}

TEST(Bf16Conversion, RoundsToNearestEven) {
    using persona::detail::floatToBf16;
    EXPECT_EQ(floatToBf16(1.0f), 0x3f80);
    EXPECT_EQ(floatToBf16(-2.0f), 0xc000);
    EXPECT_EQ(floatToBf16(fromBits(0x3f808000u)), 0x3f80);  // tie, even below: stays
    EXPECT_EQ(floatToBf16(fromBits(0x3f818000u)), 0x3f82);  // tie, odd below: up to even
    EXPECT_EQ(floatToBf16(fromBits(0x3f808001u)), 0x3f81);  // above the tie: up
    EXPECT_EQ(floatToBf16(fromBits(0x3f807fffu)), 0x3f80);  // below the tie: down
    EXPECT_EQ(floatToBf16(fromBits(0x7f7fffffu)), 0x7f80);  // the largest float rounds to inf
    EXPECT_TRUE(std::isnan(persona::detail::bf16ToFloat(floatToBf16(std::nanf("")))));
    EXPECT_EQ(floatToBf16(fromBits(0x7f800001u)) & 0x7f80, 0x7f80) << "a signalling NaN stays a NaN";
    EXPECT_NE(floatToBf16(fromBits(0x7f800001u)) & 0x7f, 0);
}

TEST(Bf16Conversion, EveryBf16SurvivesTheRoundTrip) {
    for (uint32_t h = 0; h < 0x10000; ++h) {
        const float f = persona::detail::bf16ToFloat(static_cast<uint16_t>(h));
        if (std::isnan(f)) continue;
        ASSERT_EQ(persona::detail::floatToBf16(f), h) << std::hex << h;
        ASSERT_EQ(bits(f), h << 16);
    }
}

}  // namespace
