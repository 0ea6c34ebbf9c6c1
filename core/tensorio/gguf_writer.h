// A GGUF (version 3, little-endian) writer: metadata in the order added, tensor infos in the
// order added, each tensor's data at the next multiple of the alignment, as llama.cpp's own
// writer (gguf-py GGUFWriter) lays a file out. Used by `persona-cli convert` and by the tests.
#pragma once

#include "tensorio/gguf_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace persona::tensorio {

class GgufWriter {
public:
    // alignment: a power of two; written as general.alignment when it is not the default 32.
    explicit GgufWriter(uint32_t alignment = 32);

    void addUint32(const std::string& key, uint32_t v);
    void addInt32(const std::string& key, int32_t v);
    void addUint64(const std::string& key, uint64_t v);
    void addFloat32(const std::string& key, float v);
    void addBool(const std::string& key, bool v);
    void addString(const std::string& key, const std::string& v);
    void addStringArray(const std::string& key, const std::vector<std::string>& v);
    void addInt32Array(const std::string& key, const std::vector<int32_t>& v);
    void addFloat32Array(const std::string& key, const std::vector<float>& v);

    // ne[0] innermost (a torch [out, in] matrix is ne = {in, out}); `bytes` must be exactly
    // the type's size of that shape (InvalidArgument otherwise).
    void addTensor(const std::string& name, GgmlType type, const std::vector<uint64_t>& ne,
                   std::vector<uint8_t> bytes);

    std::vector<uint8_t> toBytes() const;
    // Written to a temporary file beside `path`, then renamed; IoError when that fails.
    void write(const std::string& path) const;

private:
    struct Tensor {
        std::string name;
        GgmlType type;
        std::vector<uint64_t> ne;
        std::vector<uint8_t> bytes;
    };
    void key(const std::string& k, GgufValueType t);
    std::string header() const;

    uint32_t m_alignment;
    uint64_t m_kvCount = 0;
    std::string m_kv;  // the serialized key/value pairs
    std::vector<Tensor> m_tensors;
};

}  // namespace persona::tensorio
