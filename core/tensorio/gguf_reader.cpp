#include "tensorio/gguf_reader.h"

#include "persona/error.h"
#include "tensorio/byte_order.h"
#include "tensorio/tensor_layout.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>

namespace persona::tensorio {

namespace {

[[noreturn]] void fail(const std::string& file, const std::string& what) {
    throw ModelLoadError(file + ": invalid GGUF file: " + what);
}

constexpr uint64_t kNoLimit = std::numeric_limits<uint64_t>::max();  // only the file's end

std::string str(uint64_t v) {
    return std::to_string(v);
}

// Sequential reads with bounds checks; every failure names what was being read and where.
class Cursor {
public:
    Cursor(const uint8_t* data, size_t size, const std::string& file, const GgufLimits& limits)
        : m_data(data), m_size(size), m_file(file), limits(limits) {}

    uint64_t pos() const { return m_pos; }
    uint64_t left() const { return m_size - m_pos; }
    const uint8_t* here() const { return m_data + m_pos; }
    const std::string& file() const { return m_file; }

    [[noreturn]] void error(const std::string& what) const {
        fail(m_file, what + " (at byte " + str(m_pos) + ")");
    }
    void need(uint64_t n, const std::string& what) const {
        if (n > left())
            error("truncated: " + what + " needs " + str(n) + " bytes, " + str(left()) +
                  " are left in the " + str(m_size) + "-byte file");
    }
    const uint8_t* take(uint64_t n, const std::string& what) {
        need(n, what);
        const uint8_t* p = here();
        m_pos += n;
        return p;
    }
    uint32_t u32(const std::string& what) { return readLe32(take(4, what)); }
    uint64_t u64(const std::string& what) { return readLe64(take(8, what)); }
    std::string_view string(const std::string& what, uint64_t maxBytes) {
        const uint64_t n = u64(what + " length");
        if (n > maxBytes)
            error(what + " is " + str(n) + " bytes long, the limit is " + str(maxBytes));
        const uint8_t* p = take(n, what + " (" + str(n) + " bytes)");
        return {reinterpret_cast<const char*>(p), static_cast<size_t>(n)};
    }
    // Refuses a count of items of at least `minBytes` each that cannot fit in what is left.
    void checkCount(uint64_t count, uint64_t minBytes, const std::string& what) const {
        if (count > left() / minBytes)
            error(what + ": " + str(count) + " items of at least " + str(minBytes) +
                  " bytes each cannot fit in the " + str(left()) + " bytes left");
    }
    void spendItems(uint64_t n, const std::string& what) {
        m_items += n;
        if (m_items > limits.maxArrayItems)
            error(what + ": the metadata holds more than " + str(limits.maxArrayItems) +
                  " strings and arrays in arrays, the limit");
    }

private:
    const uint8_t* m_data;
    uint64_t m_size;
    uint64_t m_pos = 0;
    const std::string& m_file;
    uint64_t m_items = 0;

public:
    const GgufLimits& limits;
};

uint64_t minValueBytes(GgufValueType t) {
    if (t == GgufValueType::String)
        return 8;
    if (t == GgufValueType::Array)
        return 12;
    return ggufScalarSize(t);
}

GgufValueType readValueType(Cursor& c, const std::string& what) {
    const uint32_t t = c.u32(what + " type");
    if (t >= kGgufValueTypeCount)
        c.error(what + " has unknown value type " + str(t) + " (known: 0-" +
                str(kGgufValueTypeCount - 1) + ")");
    return static_cast<GgufValueType>(t);
}

void readValue(Cursor& c, GgufValue& v, const std::string& what, uint32_t depth);

void readArray(Cursor& c, GgufValue& v, const std::string& what, uint32_t depth) {
    if (depth >= c.limits.maxArrayDepth)
        c.error(what + ": arrays nested deeper than " + str(c.limits.maxArrayDepth));
    v.elemType = readValueType(c, what + " element");
    v.count = c.u64(what + " element count");
    c.checkCount(v.count, minValueBytes(v.elemType), what);
    if (v.elemType == GgufValueType::String) {
        c.spendItems(v.count, what);
        v.strings.reserve(static_cast<size_t>(v.count));
        for (uint64_t i = 0; i < v.count; ++i)
            v.strings.push_back(c.string(what + "[" + str(i) + "]", kNoLimit));
    } else if (v.elemType == GgufValueType::Array) {
        c.spendItems(v.count, what);
        v.items.resize(static_cast<size_t>(v.count));
        for (uint64_t i = 0; i < v.count; ++i) {
            v.items[i].type = GgufValueType::Array;
            readArray(c, v.items[i], what + "[" + str(i) + "]", depth + 1);
        }
    } else {
        const uint32_t size = ggufScalarSize(v.elemType);
        v.raw = c.take(v.count * size, what + " (" + str(v.count) + " elements)");
        if (v.elemType == GgufValueType::Bool)
            for (uint64_t i = 0; i < v.count; ++i)
                if (v.raw[i] > 1)
                    c.error(what + "[" + str(i) + "] is a bool of value " + str(v.raw[i]));
    }
}

void readValue(Cursor& c, GgufValue& v, const std::string& what, uint32_t depth) {
    switch (v.type) {
        case GgufValueType::String: v.text = c.string(what, kNoLimit); return;
        case GgufValueType::Array: readArray(c, v, what, depth); return;
        default: break;
    }
    const uint32_t size = ggufScalarSize(v.type);
    v.bits = readLe(c.take(size, what), size);
    if (v.type == GgufValueType::Bool && v.bits > 1)
        c.error(what + " is a bool of value " + str(v.bits));
}

void readMetadata(Cursor& c, uint64_t count, GgufContents& out) {
    if (count > c.limits.maxMetadata)
        c.error("the header declares " + str(count) + " metadata entries, the limit is " +
                str(c.limits.maxMetadata));
    c.checkCount(count, 8 + 1 + 4 + 1, "metadata entries");
    out.metadata.reserve(static_cast<size_t>(count));
    std::set<std::string_view> seen;
    for (uint64_t i = 0; i < count; ++i) {
        const std::string_view key = c.string("metadata key " + str(i), c.limits.maxKeyBytes);
        if (key.empty())
            c.error("metadata key " + str(i) + " is empty");
        const std::string name(key);
        if (!seen.insert(key).second)
            c.error("metadata key '" + name + "' appears twice");
        GgufValue v;
        v.type = readValueType(c, "metadata '" + name + "'");
        readValue(c, v, "metadata '" + name + "'", 0);
        out.metadata.emplace_back(name, std::move(v));
    }
}

uint32_t readAlignment(const GgufContents& out) {
    const GgufValue* a = out.find("general.alignment");
    if (a == nullptr)
        return kGgufDefaultAlignment;
    if (a->type != GgufValueType::U32)
        fail(out.file, "general.alignment is a " + ggufValueTypeName(static_cast<uint32_t>(a->type)) +
                           ", expected uint32");
    const uint64_t v = a->bits;
    if (v == 0 || (v & (v - 1)) != 0)
        fail(out.file, "general.alignment is " + str(v) + ", expected a power of two");
    return static_cast<uint32_t>(v);
}

// Elements and bytes of a tensor, overflow-checked; refuses rows that are not whole blocks.
void sizeTensor(Cursor& c, GgufTensorInfo& t, const GgmlTypeTraits& traits) {
    const std::string what = "tensor '" + t.name + "'";
    uint64_t numel = 1;
    for (uint64_t d : t.ne) {
        const auto next = checkedMul(numel, d);
        if (!next || *next > uint64_t(std::numeric_limits<int64_t>::max()))
            c.error(what + ": shape " + [&] {
                std::string s;
                for (uint64_t x : t.ne) s += (s.empty() ? "" : " x ") + str(x);
                return s;
            }() + " overflows a 63-bit element count");
        numel = *next;
    }
    if (t.ne[0] % traits.blockElems != 0)
        c.error(what + ": rows of " + str(t.ne[0]) + " elements are not whole " + traits.name +
                " blocks of " + str(traits.blockElems));
    t.numel = numel;
    const auto bytes = checkedMul(numel / traits.blockElems, traits.blockBytes);
    if (!bytes)
        c.error(what + ": its byte size overflows 64 bits");
    t.nbytes = *bytes;
}

GgufTensorInfo readTensorInfo(Cursor& c, uint64_t index, uint32_t alignment) {
    GgufTensorInfo t;
    t.name = std::string(c.string("tensor " + str(index) + " name", kNoLimit));
    if (t.name.empty())
        c.error("tensor " + str(index) + " has an empty name");
    if (t.name.size() > kGgufMaxNameBytes)
        c.error("tensor " + str(index) + " name is " + str(t.name.size()) + " bytes, llama.cpp's limit is " +
                str(kGgufMaxNameBytes));
    const std::string what = "tensor '" + t.name + "'";
    const uint32_t dims = c.u32(what + " n_dims");
    if (dims < 1 || dims > kGgufMaxDims)
        c.error(what + " has " + str(dims) + " dimensions, expected 1 to " + str(kGgufMaxDims));
    for (uint32_t d = 0; d < dims; ++d)
        t.ne.push_back(c.u64(what + " ne[" + str(d) + "]"));
    const uint32_t type = c.u32(what + " type");
    const GgmlTypeTraits* traits = ggmlTypeTraits(type);
    if (traits == nullptr)
        c.error(what + " has unknown ggml type " + str(type));
    t.type = traits->type;
    t.offset = c.u64(what + " offset");
    if (t.offset % alignment != 0)
        c.error(what + " offset " + str(t.offset) + " is not a multiple of the alignment " + str(alignment));
    sizeTensor(c, t, *traits);
    return t;
}

// Places the tensors in the data section: inside it, and no two overlapping.
void placeTensors(const uint8_t* data, uint64_t size, GgufContents& out) {
    const uint64_t dataSize = out.dataOffset <= size ? size - out.dataOffset : 0;
    std::vector<const GgufTensorInfo*> order;
    for (GgufTensorInfo& t : out.tensors) {
        if (out.dataOffset > size || t.offset > dataSize || t.nbytes > dataSize - t.offset)
            fail(out.file, "tensor '" + t.name + "' at [" + str(t.offset) + ", +" + str(t.nbytes) +
                               ") reaches past the end of the " + str(dataSize) + "-byte data section");
        t.data = data + out.dataOffset + t.offset;
        order.push_back(&t);
    }
    std::sort(order.begin(), order.end(),
              [](const GgufTensorInfo* a, const GgufTensorInfo* b) { return a->offset < b->offset; });
    for (size_t i = 1; i < order.size(); ++i) {
        const GgufTensorInfo& p = *order[i - 1];
        const GgufTensorInfo& t = *order[i];
        if (p.nbytes > 0 && t.nbytes > 0 && t.offset < p.offset + p.nbytes)
            fail(out.file, "tensor '" + t.name + "' at [" + str(t.offset) + ", " + str(t.offset + t.nbytes) +
                               ") overlaps tensor '" + p.name + "' at [" + str(p.offset) + ", " +
                               str(p.offset + p.nbytes) + ")");
    }
}

void readHeader(Cursor& c, GgufContents& out, uint64_t& tensorCount, uint64_t& kvCount) {
    const uint8_t* magic = c.take(4, "the magic");
    if (std::memcmp(magic, "GGUF", 4) != 0)
        fail(out.file, "does not start with the magic 'GGUF'");
    out.version = c.u32("the version");
    if (out.version == 1)
        fail(out.file, "GGUF version 1 (2023, 32-bit counts) is not supported; convert it again with llama.cpp");
    if (out.version != 2 && out.version != 3) {
        const bool swapped = (out.version & 0xffff) == 0 && (out.version >> 24) <= 3;
        fail(out.file, "unsupported GGUF version " + str(out.version) +
                           (swapped ? " (a big-endian file? only little-endian files are read)" : " (expected 2 or 3)"));
    }
    tensorCount = c.u64("the tensor count");
    kvCount = c.u64("the metadata count");
}

}  // namespace

GgufContents parseGguf(const uint8_t* data, size_t size, const std::string& file, const GgufLimits& limits) {
    GgufContents out;
    out.file = file;
    Cursor c(data, size, file, limits);
    uint64_t tensorCount = 0, kvCount = 0;
    readHeader(c, out, tensorCount, kvCount);
    if (tensorCount > limits.maxTensors)
        c.error("the header declares " + str(tensorCount) + " tensors, the limit is " + str(limits.maxTensors));
    readMetadata(c, kvCount, out);
    out.buildIndex();
    out.alignment = readAlignment(out);
    c.checkCount(tensorCount, 8 + 1 + 4 + 8 + 4 + 8, "tensor infos");
    out.tensors.reserve(static_cast<size_t>(tensorCount));
    std::set<std::string> names;
    for (uint64_t i = 0; i < tensorCount; ++i) {
        out.tensors.push_back(readTensorInfo(c, i, out.alignment));
        if (!names.insert(out.tensors.back().name).second)
            c.error("tensor '" + out.tensors.back().name + "' is named twice");
    }
    const uint64_t a = out.alignment;
    out.dataOffset = c.pos() % a == 0 ? c.pos() : c.pos() + (a - c.pos() % a);
    placeTensors(data, size, out);
    out.buildIndex();
    return out;
}

void GgufContents::buildIndex() {
    m_keys.clear();
    m_tensors.clear();
    for (size_t i = 0; i < metadata.size(); ++i) m_keys.emplace(metadata[i].first, i);
    for (size_t i = 0; i < tensors.size(); ++i) m_tensors.emplace(tensors[i].name, i);
}

bool looksLikeGguf(const uint8_t* data, size_t size) {
    return size >= 4 && std::memcmp(data, "GGUF", 4) == 0;
}

std::shared_ptr<const GgufFile> GgufFile::open(const std::string& path, const GgufLimits& limits) {
    auto map = MappedFile::open(path);
    GgufContents contents = parseGguf(map->data(), map->size(), path, limits);
    return std::shared_ptr<const GgufFile>(new GgufFile(std::move(map), std::move(contents)));
}

}  // namespace persona::tensorio
