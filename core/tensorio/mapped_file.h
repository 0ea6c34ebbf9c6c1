// A read-only memory mapping of one file. TensorArchive keeps these alive for as long as the
// TensorData pointers into them are exposed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace persona::tensorio {

class MappedFile {
public:
    // Maps the whole file read-only. Throws IoError naming the path when it cannot be opened or
    // mapped. An empty file maps to data() == nullptr, size() == 0.
    static std::shared_ptr<const MappedFile> open(const std::string& path);

    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    const uint8_t* data() const { return m_data; }
    size_t size() const { return m_size; }
    const std::string& path() const { return m_path; }

private:
    MappedFile(std::string path, const uint8_t* data, size_t size);

    std::string m_path;
    const uint8_t* m_data = nullptr;
    size_t m_size = 0;
};

}  // namespace persona::tensorio
