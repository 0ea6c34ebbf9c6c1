// Deeply nested JSON and overflowing shapes: a clear ModelLoadError, never a stack overflow or
// signed overflow. nlohmann's parser does not recurse, but dump(), copies and comparisons do, so
// every reader bounds the nesting depth before parsing.
#include "common/json_guard.h"
#include "persona/error.h"
#include "persona/tensorio/tensor_archive.h"
#include "tensorio/safetensors_reader.h"
#include "tensorio/tensor_layout.h"
#include "tensorio_test_util.h"

#include <gtest/gtest.h>

namespace persona {
namespace {

const std::string kDeep = std::string(100000, '[') + std::string(100000, ']');

// A safetensors file with this header, padded with spaces to 8 bytes, and `data` after it.
std::vector<uint8_t> safetensors(std::string header, const std::string& data = "") {
    while (header.size() % 8 != 0)
        header += ' ';
    std::vector<uint8_t> out(8);
    for (size_t i = 0; i < 8; ++i)
        out[i] = static_cast<uint8_t>((uint64_t(header.size()) >> (8 * i)) & 0xff);
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

std::string refusal(const std::function<void()>& f) {
    try {
        f();
    } catch (const ModelLoadError& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(JsonGuard, MeasuresDepthOutsideStrings) {
    EXPECT_EQ(jsonNestingError("[[[]]]", 3), "");
    EXPECT_EQ(jsonNestingError("[[[[]]]]", 3), "JSON nested deeper than 3 levels (byte 4)");
    EXPECT_EQ(jsonNestingError(R"({"a":"[[[[[\"[[[["})", 2), "");  // brackets in strings
    EXPECT_EQ(jsonNestingError(std::string(200, '{')),
              "JSON nested deeper than 128 levels (byte 129)");
    EXPECT_EQ(jsonNestingError("[]]]]][[", 2), "");  // stray closers never go below 0
}

TEST(JsonGuard, PreviewIsShortAndFlat) {
    using nlohmann::json;
    EXPECT_EQ(jsonPreview(json(2.5)), "2.5");
    EXPECT_EQ(jsonPreview(json::parse("[0, 12]")), "[0,12]");
    EXPECT_EQ(jsonPreview(json::parse("[[1], 2]")), "an array of 2 items");
    EXPECT_EQ(jsonPreview(json::parse(R"({"a": {}})")), "an object of 1 key");
    EXPECT_EQ(jsonPreview(json(std::string(100, 'x')), 10), "\"xxxxxxxxxx\"... (100 bytes)");
    // Cut at a character boundary: "я" is two bytes.
    EXPECT_EQ(jsonPreview(json(std::string("яяя")), 3), "\"я\"... (6 bytes)");
}

TEST(HostileJson, DeeplyNestedSafetensorsHeaderIsRefused) {
    const auto bytes = safetensors(R"({"a":)" + kDeep + "}");
    const std::string what = refusal([&] {
        tensorio::parseSafetensors(bytes.data(), bytes.size(), "deep.safetensors");
    });
    EXPECT_EQ(what,
              "deep.safetensors: invalid safetensors file: the header is JSON nested deeper than "
              "128 levels (byte 133)");
}

TEST(HostileJson, DeeplyNestedShapeOrOffsetsNeverReachDump) {
    // Within the depth limit, but an error message used to dump() the whole value.
    const std::string nested = std::string(100, '[') + std::string(100, ']');
    auto bytes = safetensors(R"({"a":{"dtype":"F32","shape":[)" + nested +
                             R"(],"data_offsets":[0,0]}})");
    EXPECT_NE(refusal([&] { tensorio::parseSafetensors(bytes.data(), bytes.size(), "s"); })
                  .find("shape[0] is a array (an array of 1 item)"),
              std::string::npos);
    bytes = safetensors(R"({"a":{"dtype":"F32","shape":[],"data_offsets":)" + nested + "}}");
    EXPECT_NE(refusal([&] { tensorio::parseSafetensors(bytes.data(), bytes.size(), "s"); })
                  .find("data_offsets is an array of 1 item, expected [begin, end]"),
              std::string::npos);
}

TEST(HostileJson, DeeplyNestedShardIndexIsRefused) {
    test::TempDir dir;
    const std::string path = dir.file("model.safetensors.index.json");
    const std::string text = R"({"weight_map":{"a":)" + kDeep + "}}";
    test::writeBytes(path, std::vector<uint8_t>(text.begin(), text.end()));
    const std::string what = refusal([&] { TensorArchive::open(path); });
    EXPECT_EQ(what, path + ": invalid shard index: JSON nested deeper than 128 levels (byte 146)");
}

TEST(HostileJson, ShardIndexErrorsShowAPreviewNotTheValue) {
    test::TempDir dir;
    const std::string path = dir.file("model.safetensors.index.json");
    const std::string text = R"({"weight_map":{"a":)" + std::string(100, '[') +
                             std::string(100, ']') + "}}";
    test::writeBytes(path, std::vector<uint8_t>(text.begin(), text.end()));
    EXPECT_NE(refusal([&] { TensorArchive::open(path); })
                  .find("tensor 'a' maps to an array of 1 item, expected a file name"),
              std::string::npos);
}

// ---- overflow-safe shapes ---------------------------------------------------------------------

TEST(TensorLayout, ContiguousStrides) {
    EXPECT_EQ(*tensorio::contiguousStrides({2, 3, 4}), (std::vector<int64_t>{12, 4, 1}));
    EXPECT_EQ(*tensorio::contiguousStrides({3, 0, 5}), (std::vector<int64_t>{5, 5, 1}));
    EXPECT_EQ(*tensorio::contiguousStrides({}), (std::vector<int64_t>{}));
    // A huge first dimension is never multiplied in.
    EXPECT_EQ(*tensorio::contiguousStrides({int64_t(1) << 62, 2}),
              (std::vector<int64_t>{2, 1}));
    // Beside a zero-size dimension the others can be anything; 2^80 does not fit (it was
    // signed overflow).
    EXPECT_FALSE(tensorio::contiguousStrides({0, int64_t(1) << 40, int64_t(1) << 40}));
    EXPECT_FALSE(tensorio::contiguousStrides({0, INT64_MAX, 2}));
}

TEST(TensorLayout, EmptySafetensorsTensorWithOverflowingStridesIsRefused) {
    const auto bytes = safetensors(
        R"({"e":{"dtype":"F32","shape":[0,1099511627776,1099511627776],"data_offsets":[0,0]}})");
    EXPECT_NE(refusal([&] { tensorio::parseSafetensors(bytes.data(), bytes.size(), "e"); })
                  .find("tensor 'e': shape [0, 1099511627776, 1099511627776] has strides that "
                        "overflow a 64-bit element count"),
              std::string::npos);
}

TEST(TensorLayout, NumelIsChecked) {
    TensorData t;
    t.name = "t";
    t.shape = {int64_t(1) << 40, int64_t(1) << 40, 0};
    EXPECT_EQ(t.numel(), 0);  // empty: no product is formed (it was signed overflow)
    t.shape = {3, 4};
    EXPECT_EQ(t.numel(), 12);
    t.shape = {int64_t(1) << 31, int64_t(1) << 32};
    try {
        t.numel();
        FAIL() << "2^63 elements counted";
    } catch (const InvalidArgument& e) {
        EXPECT_EQ(std::string(e.what()),
                  "tensor 't': shape [2147483648, 4294967296] has more than 2^63 - 1 elements");
    }
    t.shape = {int64_t(1) << 40, int64_t(1) << 40};
    EXPECT_THROW(t.numel(), InvalidArgument);
}

}  // namespace
}  // namespace persona
