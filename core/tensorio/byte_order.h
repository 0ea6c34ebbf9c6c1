// Little-endian reads from a byte buffer, independent of the host's byte order. Callers check
// bounds first; these only assemble bytes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace persona::tensorio {

inline uint64_t readLe(const uint8_t* p, size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i)
        v |= static_cast<uint64_t>(p[i]) << (8 * i);
    return v;
}

inline uint16_t readLe16(const uint8_t* p) {
    return static_cast<uint16_t>(readLe(p, 2));
}
inline uint32_t readLe32(const uint8_t* p) {
    return static_cast<uint32_t>(readLe(p, 4));
}
inline uint64_t readLe64(const uint8_t* p) {
    return readLe(p, 8);
}

}  // namespace persona::tensorio
