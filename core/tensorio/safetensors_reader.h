// Parses and fully validates one safetensors file held in memory (normally a MappedFile).
// Format: an 8-byte little-endian header length N, N bytes of JSON, then the data section.
// The JSON object maps tensor names to {"dtype", "shape", "data_offsets": [begin, end]} (offsets
// relative to the data section) and may hold "__metadata__": {string: string}.
#pragma once

#include "persona/tensorio/tensor_archive.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace persona::tensorio {

// The largest header we accept, as the safetensors library does (100 MB).
inline constexpr uint64_t kMaxSafetensorsHeader = 100'000'000;

struct SafetensorsContents {
    std::vector<TensorData> tensors;  // in data-offset order; `data` points into the buffer
    std::map<std::string, std::string> metadata;
};

// Validates everything (header length, JSON, each entry's fields and types, known dtype,
// shape x dtype size == byte range, ranges inside the data section, not overlapping and
// covering it without holes) before
// returning any tensor. Throws ModelLoadError naming `file`, the tensor, what was expected and
// what was found.
SafetensorsContents parseSafetensors(const uint8_t* data, size_t size, const std::string& file);

}  // namespace persona::tensorio
