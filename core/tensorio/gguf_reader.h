// A strict reader of GGUF files (versions 2 and 3, little-endian), the single-file model format of
// llama.cpp (docs/gguf.md in the ggml repository):
//   magic "GGUF", uint32 version, uint64 tensor_count, uint64 metadata_kv_count,
//   metadata: { string key, uint32 value_type, value }*, value types of gguf_type incl. arrays
//             (uint32 element type, uint64 count, elements) that may nest,
//   tensor infos: { string name, uint32 n_dims, uint64 ne[n_dims], uint32 ggml_type,
//                   uint64 offset (relative to the data section, a multiple of the alignment) }*,
//   padding to general.alignment (uint32, default 32), then the data section.
// Strings are uint64 length + bytes (no terminator). ne[0] is the innermost (contiguous) dimension.
//
// Everything is checked before anything is allocated or exposed: every count against the bytes
// left (each item takes at least a known number of bytes) and a hard limit, every size and offset
// in overflow-checked 64-bit arithmetic, tensors inside the data section, aligned and not
// overlapping. Values and tensor bytes are views into the buffer: nothing is copied, so opening a
// 4 GB file through GgufFile (a memory mapping) costs the header's size in RAM.
#pragma once

#include "tensorio/gguf_types.h"
#include "tensorio/mapped_file.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace persona::tensorio {

inline constexpr uint32_t kGgufDefaultAlignment = 32;
inline constexpr uint32_t kGgufMaxDims = 4;       // GGML_MAX_DIMS
inline constexpr uint64_t kGgufMaxNameBytes = 63; // GGML_MAX_NAME - 1: llama.cpp refuses longer

struct GgufLimits {
    uint64_t maxMetadata = 65536;        // key/value pairs (real files: 20-60)
    uint64_t maxTensors = 1u << 20;      // tensor infos (a 70 B model: ~ 720)
    uint64_t maxKeyBytes = 65535;        // the spec's limit on a key
    uint64_t maxArrayItems = 1u << 24;   // strings + nested arrays, over the whole header
    uint32_t maxArrayDepth = 4;          // arrays of arrays of ...
};

// One metadata value. Scalars keep their raw little-endian bits; strings and numeric arrays are
// views into the parsed buffer (valid while it lives).
struct GgufValue {
    GgufValueType type = GgufValueType::U8;
    uint64_t bits = 0;                   // scalar types: the value's bytes, zero-extended
    std::string_view text;               // String
    // Array:
    GgufValueType elemType = GgufValueType::U8;
    uint64_t count = 0;
    const uint8_t* raw = nullptr;        // numeric/bool elements: count * size bytes, little-endian
    std::vector<std::string_view> strings;  // String elements
    std::vector<GgufValue> items;        // Array elements

    bool isInteger() const;  // U8..I64 (not Bool)
    bool isFloat() const;    // F32, F64
    // Numeric scalars converted (signed/unsigned kept exact; callers check ranges).
    int64_t asInt() const;
    uint64_t asUint() const;
    double asDouble() const;
    // Element i of a numeric array, the same conversions.
    int64_t intAt(uint64_t i) const;
    double doubleAt(uint64_t i) const;
};

struct GgufTensorInfo {
    std::string name;
    std::vector<uint64_t> ne;     // ne[0] innermost; a torch [out, in] weight is ne = {in, out}
    GgmlType type = GgmlType::F32;
    uint64_t offset = 0;          // in the data section
    uint64_t numel = 0;
    uint64_t nbytes = 0;
    const uint8_t* data = nullptr;

    uint64_t rowElems() const { return ne.empty() ? 1 : ne[0]; }
    uint64_t rows() const { return ne.empty() || ne[0] == 0 ? 0 : numel / ne[0]; }
    uint64_t rowBytes() const;    // bytes of one ne[0] row
};

class GgufContents {
public:
    std::string file;
    uint32_t version = 0;
    uint32_t alignment = kGgufDefaultAlignment;
    uint64_t dataOffset = 0;  // where the data section starts in the buffer
    std::vector<std::pair<std::string, GgufValue>> metadata;  // in file order
    std::vector<GgufTensorInfo> tensors;                      // in file order

    const GgufValue* find(const std::string& key) const;
    const GgufTensorInfo* findTensor(const std::string& name) const;
    // Typed reads; ModelLoadError naming the file and key when the key is absent (unless a
    // fallback is given) or holds another type (integers of any width convert when in range).
    uint64_t getUint(const std::string& key) const;
    uint64_t getUint(const std::string& key, uint64_t fallback) const;
    double getFloat(const std::string& key) const;
    double getFloat(const std::string& key, double fallback) const;
    std::string getString(const std::string& key) const;
    std::string getString(const std::string& key, const std::string& fallback) const;
    bool getBool(const std::string& key, bool fallback) const;

    void buildIndex();  // after parsing: the lookup maps

private:
    std::map<std::string, size_t, std::less<>> m_keys;
    std::map<std::string, size_t, std::less<>> m_tensors;
};

// Validates a whole GGUF file held in memory; ModelLoadError naming `file` and the problem.
GgufContents parseGguf(const uint8_t* data, size_t size, const std::string& file,
                       const GgufLimits& limits = {});

// A GGUF file memory-mapped and parsed; the views in contents() point into the mapping.
class GgufFile {
public:
    static std::shared_ptr<const GgufFile> open(const std::string& path, const GgufLimits& limits = {});
    const GgufContents& contents() const { return m_contents; }
    const std::string& path() const { return m_map->path(); }
    uint64_t fileBytes() const { return m_map->size(); }

private:
    GgufFile(std::shared_ptr<const MappedFile> map, GgufContents contents)
        : m_map(std::move(map)), m_contents(std::move(contents)) {}
    std::shared_ptr<const MappedFile> m_map;
    GgufContents m_contents;
};

// True when the first four bytes are "GGUF" (for choosing a reader by content).
bool looksLikeGguf(const uint8_t* data, size_t size);

}  // namespace persona::tensorio
