// The fused dequantize-dot row kernels (quant::dotRows) of every instruction set this build has
// and this CPU runs (the others are skipped), for every decodable type, against a double-precision
// dot product over the dequantized weights; on several row lengths and row ranges.
#include "model/decode_kernels.h"
#include "model/quant.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace {

using persona::tensorio::GgmlType;

// Random rows of a type: random bytes, with every half-float scale replaced by a sane value
// (random bytes there would be NaN or 65504 now and then). Plain types from random floats.
std::vector<uint8_t> randomRows(GgmlType type, int64_t rows, int64_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    if (type == GgmlType::F32 || type == GgmlType::F16 || type == GgmlType::BF16) {
        std::vector<float> x(static_cast<size_t>(rows * n));
        for (float& v : x) v = normal(rng);
        return persona::quant::quantizeRows(type, x.data(), rows, n);
    }
    const auto& traits = persona::tensorio::ggmlTypeTraits(type);
    std::vector<uint8_t> bytes(persona::quant::rowBytes(type, n) * static_cast<uint64_t>(rows));
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
    std::vector<int> halfOffsets = {0};
    if (type == GgmlType::Q4_1 || type == GgmlType::Q5_1 || type == GgmlType::Q4_K || type == GgmlType::Q5_K)
        halfOffsets.push_back(2);
    if (type == GgmlType::Q6_K) halfOffsets = {208};
    for (size_t b = 0; b < bytes.size(); b += traits.blockBytes)
        for (int off : halfOffsets) {
            const uint16_t h = persona::detail::floatToHalf(normal(rng) * 0.01f);
            std::memcpy(&bytes[b + static_cast<size_t>(off)], &h, 2);
        }
    return bytes;
}

using Param = std::tuple<std::string, GgmlType, int64_t>;  // kernel set, type, row length

class QuantRows : public ::testing::TestWithParam<Param> {
protected:
    void SetUp() override {
        if (!persona::detail::forceKernelIsa(std::get<0>(GetParam())))
            GTEST_SKIP() << std::get<0>(GetParam()) << " kernels: not in this build or not on this CPU";
    }
    void TearDown() override { persona::detail::forceKernelIsa(""); }
};

TEST_P(QuantRows, MatchADoubleReferenceOverTheDequantizedWeights) {
    const auto [isa, type, n] = GetParam();
    constexpr int64_t kRows = 11;
    const std::vector<uint8_t> W = randomRows(type, kRows, n, 7 + static_cast<uint64_t>(n));
    std::mt19937_64 rng(99);
    std::normal_distribution<float> normal;
    std::vector<float> x(static_cast<size_t>(n));
    for (float& v : x) v = normal(rng);
    const uint64_t rb = persona::quant::rowBytes(type, n);

    std::vector<float> y(kRows, NAN);
    persona::quant::dotRows(type, W.data(), x.data(), n, 0, kRows, y.data());
    ASSERT_EQ(persona::quant::kernelIsa(), isa);
    std::vector<float> w(static_cast<size_t>(n));
    for (int64_t r = 0; r < kRows; ++r) {
        persona::quant::dequantizeRow(type, W.data() + r * rb, w.data(), n);
        double ref = 0, mag = 0;
        for (int64_t j = 0; j < n; ++j) {
            ref += static_cast<double>(w[j]) * x[j];
            mag += std::abs(static_cast<double>(w[j]) * x[j]);
        }
        ASSERT_GT(mag, 0) << "a trivial row";
        EXPECT_NEAR(y[r], ref, 1e-5 * mag) << isa << " " << persona::tensorio::ggmlTypeName(type) << " n=" << n
                                           << " row " << r;
    }
    // A sub-range computes the same values as the whole, and writes nothing outside it.
    std::vector<float> part(kRows, -1.0f);
    persona::quant::dotRows(type, W.data(), x.data(), n, 3, 8, part.data());
    for (int64_t r = 0; r < kRows; ++r) {
        if (r >= 3 && r < 8)
            EXPECT_EQ(part[r], y[r]) << "row " << r;
        else
            EXPECT_EQ(part[r], -1.0f) << "row " << r;
    }
}

std::vector<Param> params() {
    std::vector<Param> out;
    const GgmlType legacy[] = {GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q8_0};
    const GgmlType kTypes[] = {GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};
    const GgmlType plain[] = {GgmlType::F32, GgmlType::F16, GgmlType::BF16};
    for (const char* isa : {"generic", "avx2-fma", "avx512"}) {
        for (GgmlType t : legacy)
            for (int64_t n : {32, 96, 1024}) out.emplace_back(isa, t, n);
        for (GgmlType t : kTypes)
            for (int64_t n : {256, 768, 4096}) out.emplace_back(isa, t, n);
        for (GgmlType t : plain)
            for (int64_t n : {32, 100}) out.emplace_back(isa, t, n);
    }
    return out;
}

std::string name(const ::testing::TestParamInfo<Param>& info) {
    std::string s = std::get<0>(info.param) + "_" + persona::tensorio::ggmlTypeName(std::get<1>(info.param)) + "_" +
                    std::to_string(std::get<2>(info.param));
    for (char& c : s)
        if (c == '-') c = '_';
    return s;
}

INSTANTIATE_TEST_SUITE_P(EveryTypeAndIsa, QuantRows, ::testing::ValuesIn(params()), name);

}  // namespace
