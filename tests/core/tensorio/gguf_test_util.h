// Hand-built GGUF bytes for the reader's hostile-file tests (any field may be wrong on purpose).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace persona::test {

struct GgufBytes {
    std::vector<uint8_t> b;

    GgufBytes& u8(uint8_t v) { b.push_back(v); return *this; }
    GgufBytes& u32(uint32_t v) {
        for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
        return *this;
    }
    GgufBytes& u64(uint64_t v) {
        for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
        return *this;
    }
    GgufBytes& str(const std::string& s) {
        u64(s.size());
        b.insert(b.end(), s.begin(), s.end());
        return *this;
    }
    GgufBytes& header(uint64_t tensors, uint64_t kv, uint32_t version = 3) {
        b.insert(b.end(), {'G', 'G', 'U', 'F'});
        return u32(version).u64(tensors).u64(kv);
    }
    // A key with a uint32 value.
    GgufBytes& kvU32(const std::string& key, uint32_t v) { return str(key).u32(4).u32(v); }
    // A tensor info: name, dims, ggml type, offset.
    GgufBytes& tensor(const std::string& name, const std::vector<uint64_t>& ne, uint32_t type, uint64_t offset) {
        str(name).u32(static_cast<uint32_t>(ne.size()));
        for (uint64_t d : ne) u64(d);
        return u32(type).u64(offset);
    }
    GgufBytes& pad(size_t alignment) {
        while (b.size() % alignment) b.push_back(0);
        return *this;
    }
    GgufBytes& zeros(size_t n) {
        b.insert(b.end(), n, 0);
        return *this;
    }
};

}  // namespace persona::test
