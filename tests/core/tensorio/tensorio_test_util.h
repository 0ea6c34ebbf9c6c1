// Helpers shared by the tensorio tests.
#pragma once

#include "persona/tensorio/tensor_archive.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace persona::test {

inline std::string goldenPath(const std::string& name) {
    return std::string(PERSONA_GOLDEN_DIR) + "/" + name;
}

inline std::vector<uint8_t> readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

inline void writeBytes(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

inline std::vector<uint8_t> fromHex(const std::string& hex) {
    std::vector<uint8_t> out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

// The bytes of a tensor's elements in row-major order, following its strides.
inline std::vector<uint8_t> gatherBytes(const TensorData& t) {
    const size_t esize = dtypeSize(t.dtype);
    const int64_t n = t.numel();
    std::vector<uint8_t> out;
    out.reserve(static_cast<size_t>(n) * esize);
    std::vector<int64_t> index(t.shape.size(), 0);
    const auto* base = static_cast<const uint8_t*>(t.data);
    for (int64_t k = 0; k < n; ++k) {
        int64_t offset = 0;
        for (size_t d = 0; d < index.size(); ++d)
            offset += index[d] * t.strides[d];
        const uint8_t* p = base + offset * static_cast<int64_t>(esize);
        out.insert(out.end(), p, p + esize);
        for (size_t d = index.size(); d-- > 0;) {
            if (++index[d] < t.shape[d])
                break;
            index[d] = 0;
        }
    }
    return out;
}

// A fresh, empty folder under the system's temp folder, removed by the destructor.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        m_path = std::filesystem::temp_directory_path() /
                 ("persona-tensorio-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    std::string file(const std::string& name) const { return (m_path / name).string(); }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

}  // namespace persona::test
