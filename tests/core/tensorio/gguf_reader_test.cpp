// The GGUF reader (core/tensorio/gguf_reader.h) and writer: files written by llama.cpp's own
// writer (tests/golden/tensorio/gguf/make_fixtures.py, generated), our writer's files read back by
// us and by llama.cpp's reader, and the hostile files of the safetensors suite, each refused with
// a message that names the problem.
#include "gguf_test_util.h"
#include "persona/error.h"
#include "tensorio/gguf_reader.h"
#include "tensorio/gguf_writer.h"
#include "tensorio_test_util.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

namespace {

namespace fs = std::filesystem;
using persona::ModelLoadError;
using persona::test::GgufBytes;
using namespace persona::tensorio;

std::string fixture(const std::string& name) { return persona::test::goldenPath("gguf/" + name); }

nlohmann::json fixtureJson() {
    std::ifstream in(fixture("llamacpp_types.json"));
    return nlohmann::json::parse(in);
}

GgufContents parse(const std::vector<uint8_t>& bytes, const GgufLimits& limits = {}) {
    return parseGguf(bytes.data(), bytes.size(), "test.gguf", limits);
}

// The message of the ModelLoadError parsing `bytes` throws ("" when it does not throw).
std::string refusal(const std::vector<uint8_t>& bytes, const GgufLimits& limits = {}) {
    try {
        parse(bytes, limits);
    } catch (const ModelLoadError& e) {
        return e.what();
    }
    return "";
}

TEST(GgufLlamaCpp, ReadsTheMetadataLlamaCppWrote) {
    const auto map = GgufFile::open(fixture("llamacpp_types.gguf"));
    const GgufContents& c = map->contents();
    const auto expected = fixtureJson();
    EXPECT_EQ(c.version, 3u);
    for (const auto& m : expected["metadata"]) {
        const std::string key = m["key"];
        const GgufValue* v = c.find(key);
        ASSERT_NE(v, nullptr) << key;
        EXPECT_EQ(ggufValueTypeName(static_cast<uint32_t>(v->type)), m["type"].get<std::string>()) << key;
        if (m["type"] == "string") {
            EXPECT_EQ(c.getString(key), m["value"].get<std::string>());
        } else if (m["type"] == "array") {
            EXPECT_EQ(ggufValueTypeName(static_cast<uint32_t>(v->elemType)), m["elem"].get<std::string>());
            ASSERT_EQ(v->count, m["value"].size()) << key;
            for (size_t i = 0; i < v->count; ++i) {
                if (m["elem"] == "string")
                    EXPECT_EQ(std::string(v->strings[i]), m["value"][i].get<std::string>());
                else
                    EXPECT_DOUBLE_EQ(v->doubleAt(i), m["value"][i].get<double>()) << key << "[" << i << "]";
            }
        } else if (m["type"] == "bool") {
            EXPECT_EQ(c.getBool(key, false), m["value"].get<bool>());
        } else if (m["type"] == "float32" || m["type"] == "float64") {
            EXPECT_DOUBLE_EQ(c.getFloat(key), m["value"].get<double>()) << key;
        } else if (m["value"].is_number_unsigned()) {
            EXPECT_EQ(v->asUint(), m["value"].get<uint64_t>()) << key;
        } else {
            EXPECT_EQ(v->asInt(), m["value"].get<int64_t>()) << key;
        }
    }
}

TEST(GgufLlamaCpp, FindsTheTensorsWhereLlamaCppPutThem) {
    const auto map = GgufFile::open(fixture("llamacpp_types.gguf"));
    const GgufContents& c = map->contents();
    const auto expected = fixtureJson();
    EXPECT_EQ(c.alignment, expected["alignment"].get<uint32_t>());
    EXPECT_EQ(c.dataOffset, expected["data_offset"].get<uint64_t>());
    ASSERT_EQ(c.tensors.size(), expected["tensors"].size());
    for (size_t i = 0; i < c.tensors.size(); ++i) {
        const GgufTensorInfo& t = c.tensors[i];
        EXPECT_EQ(t.name, expected["tensors"][i]["name"].get<std::string>());
        EXPECT_EQ(t.offset, expected["tensors"][i]["offset"].get<uint64_t>()) << t.name;
        EXPECT_EQ(t.ne, (std::vector<uint64_t>{expected["n_per_row"], expected["rows"]})) << t.name;
        const std::string type = t.name == "src" || t.name.rfind("ref.", 0) == 0 ? "f32" : t.name.substr(2);
        EXPECT_EQ(static_cast<uint32_t>(t.type), expected["types"][type].get<uint32_t>()) << t.name;
        EXPECT_EQ(t.nbytes, t.rows() * t.rowBytes());
    }
}

GgufWriter sampleWriter(uint32_t alignment) {
    GgufWriter w(alignment);
    w.addString("general.architecture", "llama");
    w.addString("general.name", "Проверка");
    w.addUint32("llama.block_count", 2);
    w.addInt32("test.negative", -7);
    w.addUint64("test.big", uint64_t{1} << 40);
    w.addFloat32("llama.rope.freq_base", 10000.5f);
    w.addBool("test.flag", true);
    w.addStringArray("tokenizer.ggml.tokens", {"<s>", "при", "вет", ""});
    w.addInt32Array("tokenizer.ggml.token_type", {3, 1, 1, 1});
    w.addFloat32Array("tokenizer.ggml.scores", {0.f, -1.5f, -2.5f, 1e-3f});
    std::vector<uint8_t> f32(4 * 6 * 2);
    for (size_t i = 0; i < f32.size(); ++i) f32[i] = static_cast<uint8_t>(i * 7);
    w.addTensor("a.weight", GgmlType::F32, {6, 2}, f32);
    w.addTensor("b.weight", GgmlType::Q8_0, {64, 3}, std::vector<uint8_t>(34 * 2 * 3, 5));
    w.addTensor("c.weight", GgmlType::Q4_K, {256, 1}, std::vector<uint8_t>(144, 9));
    return w;
}

TEST(GgufWriter, RoundTripsEveryValueAndTensor) {
    for (uint32_t alignment : {32u, 64u, 8u}) {
        const auto bytes = sampleWriter(alignment).toBytes();
        const GgufContents c = parse(bytes);
        EXPECT_EQ(c.alignment, alignment);
        EXPECT_EQ(c.getString("general.name"), "Проверка");
        EXPECT_EQ(c.getUint("llama.block_count"), 2u);
        EXPECT_EQ(c.find("test.negative")->asInt(), -7);
        EXPECT_EQ(c.getUint("test.big"), uint64_t{1} << 40);
        EXPECT_FLOAT_EQ(static_cast<float>(c.getFloat("llama.rope.freq_base")), 10000.5f);
        EXPECT_TRUE(c.getBool("test.flag", false));
        const GgufValue* tokens = c.find("tokenizer.ggml.tokens");
        ASSERT_NE(tokens, nullptr);
        ASSERT_EQ(tokens->strings.size(), 4u);
        EXPECT_EQ(tokens->strings[1], "при");
        EXPECT_EQ(c.find("tokenizer.ggml.token_type")->intAt(0), 3);
        EXPECT_FLOAT_EQ(static_cast<float>(c.find("tokenizer.ggml.scores")->doubleAt(2)), -2.5f);
        ASSERT_EQ(c.tensors.size(), 3u);
        const GgufTensorInfo* a = c.findTensor("a.weight");
        ASSERT_NE(a, nullptr);
        EXPECT_EQ(a->nbytes, 48u);
        EXPECT_EQ(a->data[5], 35);
        for (const GgufTensorInfo& t : c.tensors) {
            EXPECT_EQ(t.offset % alignment, 0u);
            EXPECT_EQ(reinterpret_cast<uintptr_t>(t.data) - reinterpret_cast<uintptr_t>(bytes.data()),
                      c.dataOffset + t.offset);
        }
        EXPECT_EQ(c.findTensor("b.weight")->rows(), 3u);
        EXPECT_EQ(c.findTensor("c.weight")->data[143], 9);
    }
}

TEST(GgufWriter, WrongTypesOfMetadataNameTheKey) {
    const GgufContents c = parse(sampleWriter(32).toBytes());
    EXPECT_THROW(c.getUint("general.name"), ModelLoadError);
    EXPECT_THROW(c.getUint("test.negative"), ModelLoadError);
    EXPECT_EQ(c.getUint("absent.key", 17), 17u);
    try {
        c.getString("llama.block_count");
        FAIL();
    } catch (const ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("'llama.block_count' is a uint32, expected a string"), std::string::npos)
            << e.what();
    }
}

// Where the tests find llama.cpp's libggml-base (tests/node, installed by build.sh test).
std::string libggmlBase() {
    const std::string p = std::string(PERSONA_SOURCE_DIR) +
                          "/tests/node/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libggml-base.so";
    return fs::exists(p) && fs::exists("/usr/bin/python3") ? p : "";
}

nlohmann::json readWithLlamaCpp(const std::string& file) {
    const std::string cmd = "/usr/bin/python3 " + fixture("llamacpp_read.py") + " " + libggmlBase() + " " + file;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    std::string out;
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, pipe.get())) out.append(buf, n);
    return nlohmann::json::parse(out);
}

TEST(GgufWriter, LlamaCppReadsWhatWeWrite) {
    if (libggmlBase().empty()) GTEST_SKIP() << "llama.cpp's libggml-base not installed (packaging/install-node-refs.sh)";
    const fs::path dir = fs::temp_directory_path() / ("gguf_writer_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (uint32_t alignment : {32u, 64u}) {
        const std::string file = (dir / ("w" + std::to_string(alignment) + ".gguf")).string();
        sampleWriter(alignment).write(file);
        const auto ours = GgufFile::open(file);
        const auto theirs = readWithLlamaCpp(file);
        ASSERT_FALSE(theirs.contains("error")) << theirs.dump();
        EXPECT_EQ(theirs["alignment"].get<uint32_t>(), alignment);
        EXPECT_EQ(theirs["data_offset"].get<uint64_t>(), ours->contents().dataOffset);
        ASSERT_EQ(theirs["kv"].size(), ours->contents().metadata.size());
        for (size_t i = 0; i < theirs["kv"].size(); ++i) {
            const auto& [key, value] = ours->contents().metadata[i];
            EXPECT_EQ(theirs["kv"][i]["key"].get<std::string>(), key);
            EXPECT_EQ(theirs["kv"][i]["type"].get<uint32_t>(), static_cast<uint32_t>(value.type)) << key;
            if (value.type == GgufValueType::String) {
                EXPECT_EQ(theirs["kv"][i]["value"].get<std::string>(), std::string(value.text));
            }
            if (value.type == GgufValueType::Array) {
                EXPECT_EQ(theirs["kv"][i]["n"].get<uint64_t>(), value.count) << key;
            }
        }
        ASSERT_EQ(theirs["tensors"].size(), ours->contents().tensors.size());
        for (size_t i = 0; i < theirs["tensors"].size(); ++i) {
            const GgufTensorInfo& t = ours->contents().tensors[i];
            EXPECT_EQ(theirs["tensors"][i]["name"].get<std::string>(), t.name);
            EXPECT_EQ(theirs["tensors"][i]["offset"].get<uint64_t>(), t.offset);
            EXPECT_EQ(theirs["tensors"][i]["size"].get<uint64_t>(), t.nbytes);
            EXPECT_EQ(theirs["tensors"][i]["type"].get<uint32_t>(), static_cast<uint32_t>(t.type));
        }
    }
    fs::remove_all(dir);
}

TEST(GgufReader, AcceptsVersion2AndNestedArrays) {
    auto bytes = sampleWriter(32).toBytes();
    bytes[4] = 2;
    EXPECT_EQ(parse(bytes).version, 2u);
    // [[1, 2], ["x"]]: an array of two arrays.
    GgufBytes g;
    g.header(0, 1).str("test.nested").u32(9).u32(9).u64(2);
    g.u32(4).u64(2).u32(1).u32(2);
    g.u32(8).u64(1).str("x");
    const GgufContents c = parse(g.b);
    const GgufValue* v = c.find("test.nested");
    ASSERT_NE(v, nullptr);
    ASSERT_EQ(v->items.size(), 2u);
    EXPECT_EQ(v->items[0].intAt(1), 2);
    EXPECT_EQ(v->items[1].strings.at(0), "x");
}

TEST(GgufReader, EveryTruncationIsRefused) {
    const auto bytes = sampleWriter(32).toBytes();
    const GgufContents whole = parse(bytes);
    const GgufTensorInfo& last = whole.tensors.back();
    const size_t end = whole.dataOffset + last.offset + last.nbytes;  // then only the padding
    for (size_t n = 0; n < end; n += (n < 600 ? 1 : 7)) {
        const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(n));
        const std::string why = refusal(cut);
        EXPECT_FALSE(why.empty()) << "a " << n << "-byte prefix was accepted";
        EXPECT_TRUE(why.find("truncated") != std::string::npos || why.find("reaches past") != std::string::npos ||
                    why.find("cannot fit") != std::string::npos || why.find("does not start") != std::string::npos)
            << why;
    }
}

struct Hostile {
    const char* name;
    GgufBytes bytes;
    const char* message;
};

std::vector<Hostile> hostileFiles() {
    std::vector<Hostile> h;
    auto add = [&h](const char* name, GgufBytes b, const char* msg) { h.push_back({name, std::move(b), msg}); };
    add("bad magic", GgufBytes().u32(0x46554746).u32(3).u64(0).u64(0), "magic 'GGUF'");
    add("version 1", GgufBytes().header(0, 0, 1), "version 1");
    add("version 4", GgufBytes().header(0, 0, 4), "unsupported GGUF version 4");
    add("big-endian", GgufBytes().header(0, 0, 0x03000000u), "big-endian");
    add("10 M metadata entries", GgufBytes().header(0, 10'000'000), "10000000 metadata entries, the limit");
    add("2^40 tensors", GgufBytes().header(uint64_t{1} << 40, 0), "tensors, the limit");
    add("huge key length", GgufBytes().header(0, 1).u64(uint64_t{1} << 62).zeros(16), "limit is 65535");
    add("huge string value", GgufBytes().header(0, 1).str("k").u32(8).u64(uint64_t{1} << 40), "truncated");
    add("huge array", GgufBytes().header(0, 1).str("k").u32(9).u32(4).u64(uint64_t{1} << 40), "cannot fit");
    add("huge string array", GgufBytes().header(0, 1).str("k").u32(9).u32(8).u64(uint64_t{1} << 59), "cannot fit");
    add("unknown value type", GgufBytes().header(0, 1).str("k").u32(13).u32(0), "unknown value type 13");
    add("unknown array element type", GgufBytes().header(0, 1).str("k").u32(9).u32(77).u64(0), "unknown value type 77");
    add("bool of value 2", GgufBytes().header(0, 1).str("k").u32(7).u8(2), "bool of value 2");
    add("duplicate key", GgufBytes().header(0, 2).kvU32("k", 1).kvU32("k", 2), "'k' appears twice");
    add("empty key", GgufBytes().header(0, 1).kvU32("", 1), "is empty");
    add("alignment not a power of two", GgufBytes().header(0, 1).kvU32("general.alignment", 24), "power of two");
    add("alignment zero", GgufBytes().header(0, 1).kvU32("general.alignment", 0), "power of two");
    add("alignment as a string", GgufBytes().header(0, 1).str("general.alignment").u32(8).str("32"), "expected uint32");
    add("misaligned offset", GgufBytes().header(1, 0).tensor("t", {4}, 0, 16).pad(32).zeros(64), "not a multiple of the alignment 32");
    add("unknown tensor type", GgufBytes().header(1, 0).tensor("t", {4}, 99, 0).pad(32).zeros(32), "unknown ggml type 99");
    add("removed tensor type 4", GgufBytes().header(1, 0).tensor("t", {32}, 4, 0).pad(32).zeros(32), "unknown ggml type 4");
    add("2^60 elements", GgufBytes().header(1, 0).tensor("t", {uint64_t{1} << 30, uint64_t{1} << 30}, 0, 0).pad(32).zeros(32), "reaches past the end");
    add("2^96 elements", GgufBytes().header(1, 0).tensor("t", {uint64_t{1} << 32, uint64_t{1} << 32, uint64_t{1} << 32}, 0, 0), "overflows");
    add("byte size overflow", GgufBytes().header(1, 0).tensor("t", {uint64_t{1} << 62}, 0, 0), "overflows 64 bits");
    add("offset past the end", GgufBytes().header(1, 0).tensor("t", {4}, 0, uint64_t{1} << 63).pad(32).zeros(32), "reaches past the end");
    add("overlapping tensors", GgufBytes().header(2, 0).tensor("a", {16}, 0, 0).tensor("b", {16}, 0, 32).pad(32).zeros(96), "overlaps tensor 'a'");
    add("same tensor twice", GgufBytes().header(2, 0).tensor("a", {8}, 0, 0).tensor("a", {8}, 0, 32).pad(32).zeros(64), "named twice");
    add("no dimensions", GgufBytes().header(1, 0).tensor("t", {}, 0, 0).pad(32).zeros(32), "0 dimensions");
    add("five dimensions", GgufBytes().header(1, 0).tensor("t", {1, 1, 1, 1, 1}, 0, 0).pad(32).zeros(32), "5 dimensions");
    add("rows not whole blocks", GgufBytes().header(1, 0).tensor("t", {48, 2}, 8, 0).pad(32).zeros(128), "not whole q8_0 blocks");
    add("long tensor name", GgufBytes().header(1, 0).tensor(std::string(64, 'n'), {4}, 0, 0).pad(32).zeros(32), "llama.cpp's limit is 63");
    // Arrays of arrays five deep.
    GgufBytes deep = GgufBytes().header(0, 1).str("k").u32(9);
    for (int i = 0; i < 5; ++i) deep.u32(9).u64(1);
    add("arrays nested 5 deep", deep.u32(4).u64(0), "nested deeper than 4");
    return h;
}

TEST(GgufReader, HostileFilesAreRefusedWithAMessage) {
    for (const Hostile& h : hostileFiles()) {
        const std::string why = refusal(h.bytes.b);
        EXPECT_NE(why.find(h.message), std::string::npos) << h.name << ": got \"" << why << "\"";
        EXPECT_NE(why.find("test.gguf: invalid GGUF file: "), std::string::npos) << h.name << ": " << why;
    }
}

TEST(GgufReader, CountsAreCheckedAgainstTheFileEvenUnderAHigherLimit) {
    GgufLimits generous;
    generous.maxMetadata = 100'000'000;
    const std::string why = refusal(GgufBytes().header(0, 10'000'000).b, generous);
    EXPECT_NE(why.find("cannot fit in the 0 bytes left"), std::string::npos) << why;
}

TEST(GgufReader, TooManyStringsInArraysAreRefused) {
    GgufLimits small;
    small.maxArrayItems = 3;
    GgufBytes g = GgufBytes().header(0, 1).str("k").u32(9).u32(8).u64(4);
    for (int i = 0; i < 4; ++i) g.str("s");
    EXPECT_NE(refusal(g.b, small).find("more than 3 strings"), std::string::npos);
}

// Opening maps the file: a 2 GB sparse tensor costs its header in memory, not its size.
TEST(GgufFile, OpeningABigFileReadsOnlyItsHeader) {
    const std::string file = (fs::temp_directory_path() / ("big_" + std::to_string(::getpid()) + ".gguf")).string();
    GgufBytes g = GgufBytes().header(1, 0).tensor("huge", {uint64_t{1} << 29}, 0, 0).pad(32);
    const uint64_t total = g.b.size() + (uint64_t{1} << 31);
    persona::test::writeBytes(file, g.b);
    fs::resize_file(file, total);
    const auto rss = [] {
        std::ifstream s("/proc/self/statm");
        long pages = 0, resident = 0;
        s >> pages >> resident;
        return resident * 4096L;
    };
    const long before = rss();
    const auto map = GgufFile::open(file);
    EXPECT_EQ(map->contents().findTensor("huge")->nbytes, uint64_t{1} << 31);
    EXPECT_LT(rss() - before, 64L << 20);
    fs::remove(file);
}

}  // namespace
