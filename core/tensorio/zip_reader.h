// A minimal reader for the ZIP archives torch.save writes (pytorch_model.bin): the
// end-of-central-directory record (ZIP64 when present), the central directory and each entry's
// local header. Entries must be STORED (uncompressed), which is what torch.save writes; their
// bytes are used in place, without a copy. Every offset is bounds-checked against the buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace persona::tensorio {

struct ZipEntry {
    std::string name;
    uint64_t offset = 0;  // of the entry's data within the buffer
    uint64_t size = 0;
};

class ZipReader {
public:
    // Parses the archive in [data, data + size); throws ModelLoadError naming `file` when it is
    // not a valid archive, or an entry is compressed, encrypted or out of bounds.
    ZipReader(const uint8_t* data, size_t size, std::string file);

    const std::vector<ZipEntry>& entries() const { return m_entries; }
    const ZipEntry* find(const std::string& name) const;  // nullptr when absent
    const uint8_t* dataOf(const ZipEntry& entry) const { return m_data + entry.offset; }

private:
    struct Directory {
        uint64_t entries = 0;
        uint64_t size = 0;
        uint64_t offset = 0;
    };

    [[noreturn]] void fail(const std::string& what) const;
    Directory readEndOfCentralDirectory() const;
    void readCentralDirectory(const Directory& dir);

    const uint8_t* m_data;
    size_t m_size;
    std::string m_file;
    std::vector<ZipEntry> m_entries;
    std::map<std::string, size_t> m_index;
};

}  // namespace persona::tensorio
