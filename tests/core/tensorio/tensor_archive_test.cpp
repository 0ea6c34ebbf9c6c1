// Golden checkpoints written by torch.save (tests/golden/tensorio/make_golden.py) read back with
// our own readers; the safetensors writer's output compared byte for byte with the hand-written
// golden file; shards and model folders.
#include "persona/tensorio/tensor_archive.h"
#include "persona/error.h"
#include "tensorio_test_util.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>

namespace persona {
namespace {

using nlohmann::json;
using test::fromHex;
using test::gatherBytes;
using test::goldenPath;
using test::readBytes;

json expected() {
    const auto bytes = readBytes(goldenPath("good_expected.json"));
    return json::parse(bytes.begin(), bytes.end());
}

float halfToFloat(uint16_t h) {
    const int exponent = (h >> 10) & 0x1f;
    const int mantissa = h & 0x3ff;
    float value;
    if (exponent == 0)
        value = std::ldexp(static_cast<float>(mantissa), -24);
    else if (exponent == 31)
        value = mantissa ? NAN : INFINITY;
    else
        value = std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
    return (h & 0x8000) ? -value : value;
}

float bf16ToFloat(uint16_t b) {
    const uint32_t bits = static_cast<uint32_t>(b) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

// Element i (row-major) of a tensor as a double, for the readable "values" of the golden JSON.
double elementAsDouble(const TensorData& t, size_t i) {
    const std::vector<uint8_t> bytes = gatherBytes(t);
    const uint8_t* p = bytes.data() + i * dtypeSize(t.dtype);
    auto load = [p](auto v) {
        std::memcpy(&v, p, sizeof v);
        return v;
    };
    switch (t.dtype) {
        case DType::F64:
            return load(double());
        case DType::F32:
            return load(float());
        case DType::F16:
            return halfToFloat(load(uint16_t()));
        case DType::BF16:
            return bf16ToFloat(load(uint16_t()));
        case DType::I64:
            return static_cast<double>(load(int64_t()));
        case DType::I32:
            return load(int32_t());
        case DType::I16:
            return load(int16_t());
        case DType::I8:
            return load(int8_t());
        case DType::U8:
            return load(uint8_t());
        case DType::Bool:
            return load(uint8_t());
    }
    return NAN;
}

// Checks every tensor of `archive` against good_expected.json. Strides and storage offsets are
// compared only for .bin (safetensors tensors are contiguous copies).
void expectGoldenTensors(const TensorArchive& archive, bool fromPickle) {
    const json want = expected();
    std::vector<std::string> names;
    for (const auto& [name, info] : want["tensors"].items())
        names.push_back(name);
    EXPECT_EQ(archive.names(), names);  // both sorted
    for (const auto& [name, info] : want["tensors"].items()) {
        SCOPED_TRACE(name);
        const TensorData* t = archive.find(name);
        ASSERT_NE(t, nullptr);
        EXPECT_EQ(t->name, name);
        EXPECT_STREQ(dtypeName(t->dtype), info["dtype"].get<std::string>().c_str());
        EXPECT_EQ(t->shape, info["shape"].get<std::vector<int64_t>>());
        if (fromPickle)
            EXPECT_EQ(t->strides, info["strides"].get<std::vector<int64_t>>());
        else
            EXPECT_TRUE(t->isContiguous());
        EXPECT_EQ(gatherBytes(*t), fromHex(info["hex"].get<std::string>()));
        const auto& values = info["values"];
        for (size_t i = 0; i < values.size(); ++i)
            EXPECT_EQ(elementAsDouble(*t, i), values[i].get<double>()) << "element " << i;
    }
}

TEST(DType, NamesAndSizes) {
    const std::vector<std::tuple<DType, const char*, size_t>> table = {
        {DType::F64, "F64", 8},   {DType::F32, "F32", 4}, {DType::F16, "F16", 2},
        {DType::BF16, "BF16", 2}, {DType::I64, "I64", 8}, {DType::I32, "I32", 4},
        {DType::I16, "I16", 2},   {DType::I8, "I8", 1},   {DType::U8, "U8", 1},
        {DType::Bool, "BOOL", 1}};
    for (const auto& [dtype, name, size] : table) {
        EXPECT_STREQ(dtypeName(dtype), name);
        EXPECT_EQ(dtypeSize(dtype), size);
    }
}

TEST(TensorData, ContiguityFollowsTorch) {
    TensorData t;
    t.shape = {3, 4};
    t.strides = {4, 1};
    EXPECT_TRUE(t.isContiguous());
    t.strides = {1, 3};
    EXPECT_FALSE(t.isContiguous());
    t.shape = {1, 4};
    t.strides = {99, 1};  // a dimension of one may have any stride
    EXPECT_TRUE(t.isContiguous());
    t.shape = {};
    t.strides = {};
    EXPECT_TRUE(t.isContiguous());
    EXPECT_EQ(t.numel(), 1);
    t.shape = {0, 3};
    t.strides = {7, 7};
    EXPECT_TRUE(t.isContiguous());
    EXPECT_EQ(t.numel(), 0);
}

TEST(TorchZip, GoldenStateDictMatchesTorch) {
    const TensorArchive archive = TensorArchive::open(goldenPath("good.bin"));
    expectGoldenTensors(archive, /*fromPickle=*/true);
    EXPECT_EQ(archive.fileOf("weight"), goldenPath("good.bin"));
    EXPECT_EQ(archive.fileOf("nope"), "");
    EXPECT_EQ(archive.find("nope"), nullptr);
}

// Every size and offset in 64-bit extra fields and the ZIP64 end records, as torch.save writes
// checkpoints past 4 GB (torch.load reads this file too: make_golden.py checks).
TEST(TorchZip, Zip64ArchiveMatchesTorch) {
    expectGoldenTensors(TensorArchive::open(goldenPath("good_zip64.bin")), /*fromPickle=*/true);
}

TEST(TorchZip, SharedStoragesShareBytes) {
    const TensorArchive archive = TensorArchive::open(goldenPath("good.bin"));
    const TensorData* a = archive.find("tied_a");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(archive.find("tied_b")->data, a->data);
    EXPECT_EQ(archive.find("transposed")->data, a->data);
    // row1 = base[1]: storage offset 4 elements into the same bytes.
    EXPECT_EQ(static_cast<const uint8_t*>(archive.find("row1")->data),
              static_cast<const uint8_t*>(a->data) + 4 * sizeof(float));
}

TEST(TorchZip, ViewsKeepTheirStridesAndSpan) {
    const TensorArchive archive = TensorArchive::open(goldenPath("good.bin"));
    const TensorData* t = archive.find("transposed");  // (4, 3) with strides (1, 4)
    ASSERT_NE(t, nullptr);
    EXPECT_FALSE(t->isContiguous());
    EXPECT_EQ(t->nbytes, 12 * sizeof(float));
    const TensorData* e = archive.find("every_other");  // (3, 2), strides (4, 2): 0 .. 10
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->strides, (std::vector<int64_t>{4, 2}));
    EXPECT_EQ(e->nbytes, 11 * sizeof(float));
    EXPECT_EQ(archive.find("scalar")->shape, std::vector<int64_t>{});
    EXPECT_EQ(archive.find("scalar")->nbytes, sizeof(float));
    EXPECT_EQ(archive.find("empty")->nbytes, 0u);
}

TEST(TorchZip, HandMadePickleWithAView) {
    const TensorArchive archive = TensorArchive::open(goldenPath("view_ok.bin"));
    const TensorData* w = archive.find("w");
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->shape, (std::vector<int64_t>{3, 4}));
    const auto* f = static_cast<const float*>(w->data);
    for (int i = 0; i < 12; ++i)
        EXPECT_EQ(f[i], static_cast<float>(i));
}

TEST(Safetensors, GoldenFileMatchesTorch) {
    const TensorArchive archive = TensorArchive::open(goldenPath("good.safetensors"));
    expectGoldenTensors(archive, /*fromPickle=*/false);
    EXPECT_EQ(archive.metadata().at("format"), "pt");
}

TEST(Safetensors, ArchiveSurvivesAMove) {
    TensorArchive first = TensorArchive::open(goldenPath("good.safetensors"));
    const void* data = first.find("weight")->data;
    TensorArchive second = std::move(first);
    EXPECT_EQ(second.find("weight")->data, data);
    EXPECT_EQ(gatherBytes(*second.find("weight")).size(), 6 * sizeof(float));
}

// Contiguous copies of every tensor of good.bin; `storage` owns their bytes.
std::vector<TensorData> contiguousCopies(const TensorArchive& archive,
                                         std::vector<std::vector<uint8_t>>& storage) {
    std::vector<TensorData> out;
    storage.reserve(archive.tensors().size());
    for (const TensorData& t : archive.tensors()) {
        storage.push_back(gatherBytes(t));
        TensorData c = t;
        c.strides.clear();
        int64_t acc = 1;
        c.strides.assign(t.shape.size(), 1);
        for (size_t i = t.shape.size(); i-- > 0;) {
            c.strides[i] = acc;
            acc *= std::max<int64_t>(t.shape[i], 1);
        }
        c.data = storage.back().data();
        c.nbytes = storage.back().size();
        out.push_back(c);
    }
    return out;
}

TEST(SafetensorsWriter, OutputEqualsTheSpecWrittenGoldenFileByteForByte) {
    const TensorArchive bin = TensorArchive::open(goldenPath("good.bin"));
    std::vector<std::vector<uint8_t>> storage;
    const std::vector<TensorData> tensors = contiguousCopies(bin, storage);
    test::TempDir dir;
    writeSafetensors(dir.file("model.safetensors"), tensors);
    EXPECT_EQ(readBytes(dir.file("model.safetensors")), readBytes(goldenPath("good.safetensors")));
    // Only the target is left behind, no temporary file.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                            std::filesystem::directory_iterator()),
              1);
}

TEST(SafetensorsWriter, ReadsBackBitIdenticalWithMetadata) {
    const TensorArchive bin = TensorArchive::open(goldenPath("good.bin"));
    std::vector<std::vector<uint8_t>> storage;
    const std::vector<TensorData> tensors = contiguousCopies(bin, storage);
    test::TempDir dir;
    writeSafetensors(dir.file("m.safetensors"), tensors, {{"format", "pt"}, {"step", "42"}});
    const TensorArchive back = TensorArchive::open(dir.file("m.safetensors"));
    EXPECT_EQ(back.metadata().at("step"), "42");
    ASSERT_EQ(back.tensors().size(), tensors.size());
    for (const TensorData& t : bin.tensors()) {
        SCOPED_TRACE(t.name);
        const TensorData* r = back.find(t.name);
        ASSERT_NE(r, nullptr);
        EXPECT_EQ(r->dtype, t.dtype);
        EXPECT_EQ(r->shape, t.shape);
        EXPECT_EQ(gatherBytes(*r), gatherBytes(t));
        // Header padded to 8, widest dtype first: every tensor aligned to its element size.
        EXPECT_EQ(reinterpret_cast<uintptr_t>(r->data) % dtypeSize(r->dtype), 0u);
    }
}

TEST(SafetensorsWriter, RefusesBadTensors) {
    const TensorArchive bin = TensorArchive::open(goldenPath("good.bin"));
    test::TempDir dir;
    const std::string path = dir.file("x.safetensors");
    try {
        writeSafetensors(path, {*bin.find("transposed")});
        FAIL() << "a non-contiguous tensor was written";
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("'transposed': not contiguous"), std::string::npos)
            << e.what();
    }
    TensorData wrongSize = *bin.find("weight");
    wrongSize.nbytes = 4;
    EXPECT_THROW(writeSafetensors(path, {wrongSize}), InvalidArgument);
    EXPECT_THROW(writeSafetensors(path, {*bin.find("weight"), *bin.find("weight")}),
                 InvalidArgument);
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_THROW(writeSafetensors(dir.file("no/such/folder.safetensors"), {*bin.find("bias")}),
                 IoError);
}

TEST(Sharded, IndexOpensEveryShard) {
    const std::string index = goldenPath("sharded/model.safetensors.index.json");
    const TensorArchive archive = TensorArchive::open(index);
    EXPECT_EQ(archive.names(), (std::vector<std::string>{"bias", "bool", "f16", "i64", "weight"}));
    EXPECT_EQ(archive.fileOf("bias"), goldenPath("sharded/model-00001-of-00002.safetensors"));
    EXPECT_EQ(archive.fileOf("i64"), goldenPath("sharded/model-00002-of-00002.safetensors"));
    EXPECT_EQ(archive.metadata().at("total_size"), "79");
    const TensorArchive bin = TensorArchive::open(goldenPath("good.bin"));
    for (const TensorData& t : archive.tensors())
        EXPECT_EQ(gatherBytes(t), gatherBytes(*bin.find(t.name))) << t.name;
}

TEST(Sharded, PytorchBinShardsThroughTheirIndex) {
    test::TempDir dir;
    const std::string shard = "pytorch_model-00001-of-00001.bin";
    std::filesystem::copy_file(goldenPath("good.bin"), dir.file(shard));
    json weightMap = json::object();
    const json want = expected();
    for (const auto& [name, info] : want["tensors"].items())
        weightMap[name] = shard;
    const std::string index =
        json{{"metadata", {{"total_size", 1}}}, {"weight_map", weightMap}}.dump();
    test::writeBytes(dir.file("pytorch_model.bin.index.json"), {index.begin(), index.end()});
    const TensorArchive archive = TensorArchive::openFolder(dir.path().string());
    expectGoldenTensors(archive, /*fromPickle=*/true);
    EXPECT_EQ(archive.fileOf("weight"), dir.file(shard));
}

TEST(Folder, PrefersSafetensorsThenIndexThenBin) {
    test::TempDir dir;
    namespace fs = std::filesystem;
    try {
        TensorArchive::openFolder(dir.path().string());
        FAIL() << "an empty folder opened";
    } catch (const ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("no model weights"), std::string::npos);
    }
    fs::copy_file(goldenPath("good.bin"), dir.file("pytorch_model.bin"));
    EXPECT_EQ(TensorArchive::openFolder(dir.path().string()).fileOf("weight"),
              dir.file("pytorch_model.bin"));
    fs::copy_file(goldenPath("good.safetensors"), dir.file("model.safetensors"));
    EXPECT_EQ(TensorArchive::openFolder(dir.path().string()).fileOf("weight"),
              dir.file("model.safetensors"));
}

TEST(Open, FormatIsChosenByContentNotName) {
    test::TempDir dir;
    std::filesystem::copy_file(goldenPath("good.bin"), dir.file("weights.dat"));
    std::filesystem::copy_file(goldenPath("good.safetensors"), dir.file("other.dat"));
    EXPECT_EQ(TensorArchive::open(dir.file("weights.dat")).tensors().size(), 19u);
    EXPECT_EQ(TensorArchive::open(dir.file("other.dat")).tensors().size(), 19u);
}

}  // namespace
}  // namespace persona
