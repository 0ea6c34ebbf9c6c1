#include "tensorio/zip_reader.h"

#include "persona/error.h"
#include "tensorio/byte_order.h"

namespace persona::tensorio {

namespace {

constexpr uint32_t kLocalHeaderSig = 0x04034b50;
constexpr uint32_t kCentralHeaderSig = 0x02014b50;
constexpr uint32_t kEndOfDirSig = 0x06054b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr uint32_t kZip64EndOfDirSig = 0x06064b50;
constexpr size_t kEndOfDirSize = 22;
constexpr size_t kZip64LocatorSize = 20;
constexpr size_t kZip64EndOfDirSize = 56;
constexpr size_t kCentralHeaderSize = 46;
constexpr size_t kLocalHeaderSize = 30;
constexpr size_t kMaxCommentSize = 0xFFFF;

// True when [offset, offset + length) lies inside a buffer of `size` bytes (no overflow).
bool inside(uint64_t offset, uint64_t length, uint64_t size) {
    return offset <= size && length <= size - offset;
}

const char* methodName(uint16_t method) {
    switch (method) {
        case 8:
            return "deflate";
        case 9:
            return "deflate64";
        case 12:
            return "bzip2";
        case 14:
            return "lzma";
        case 93:
            return "zstd";
        default:
            return "unknown";
    }
}

}  // namespace

ZipReader::ZipReader(const uint8_t* data, size_t size, std::string file)
    : m_data(data), m_size(size), m_file(std::move(file)) {
    readCentralDirectory(readEndOfCentralDirectory());
}

void ZipReader::fail(const std::string& what) const {
    throw ModelLoadError(m_file + ": invalid PyTorch zip checkpoint: " + what);
}

const ZipEntry* ZipReader::find(const std::string& name) const {
    auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_entries[it->second];
}

ZipReader::Directory ZipReader::readEndOfCentralDirectory() const {
    if (m_size < kEndOfDirSize)
        fail("truncated: " + std::to_string(m_size) + " bytes, too short for a ZIP archive");
    // The record sits at the end, followed only by a comment of at most 64 KiB.
    size_t pos = m_size - kEndOfDirSize;
    const size_t lowest = pos > kMaxCommentSize ? pos - kMaxCommentSize : 0;
    for (;; --pos) {
        if (readLe32(m_data + pos) == kEndOfDirSig &&
            pos + kEndOfDirSize + readLe16(m_data + pos + 20) <= m_size)
            break;
        if (pos == lowest)
            fail("no end-of-central-directory record (truncated file?)");
    }
    const uint8_t* eocd = m_data + pos;
    Directory dir;
    dir.entries = readLe16(eocd + 10);
    dir.size = readLe32(eocd + 12);
    dir.offset = readLe32(eocd + 16);
    const bool multiDisk = readLe16(eocd + 4) != 0 || readLe16(eocd + 6) != 0;

    // ZIP64: a locator right before the record points at the 64-bit end-of-directory record.
    if (pos >= kZip64LocatorSize &&
        readLe32(m_data + pos - kZip64LocatorSize) == kZip64LocatorSig) {
        const uint8_t* locator = m_data + pos - kZip64LocatorSize;
        const uint64_t recordOffset = readLe64(locator + 8);
        if (!inside(recordOffset, kZip64EndOfDirSize, pos - kZip64LocatorSize))
            fail("the ZIP64 end-of-central-directory offset " + std::to_string(recordOffset) +
                 " is outside the file");
        const uint8_t* record = m_data + recordOffset;
        if (readLe32(record) != kZip64EndOfDirSig)
            fail("no ZIP64 end-of-central-directory record at offset " +
                 std::to_string(recordOffset));
        if (readLe32(record + 16) != 0 || readLe32(record + 20) != 0)
            fail("multi-disk archives are not supported");
        dir.entries = readLe64(record + 32);
        dir.size = readLe64(record + 40);
        dir.offset = readLe64(record + 48);
    } else if (multiDisk) {
        fail("multi-disk archives are not supported");
    }
    if (!inside(dir.offset, dir.size, m_size))
        fail("the central directory [" + std::to_string(dir.offset) + ", +" +
             std::to_string(dir.size) + ") is outside the " + std::to_string(m_size) +
             "-byte file (truncated file?)");
    if (dir.entries > dir.size / kCentralHeaderSize)
        fail(std::to_string(dir.entries) + " entries cannot fit in a " + std::to_string(dir.size) +
             "-byte central directory");
    return dir;
}

void ZipReader::readCentralDirectory(const Directory& dir) {
    const uint8_t* p = m_data + dir.offset;
    const uint8_t* const end = p + dir.size;
    m_entries.reserve(static_cast<size_t>(dir.entries));
    for (uint64_t i = 0; i < dir.entries; ++i) {
        if (static_cast<size_t>(end - p) < kCentralHeaderSize || readLe32(p) != kCentralHeaderSig)
            fail("central directory entry " + std::to_string(i) + " is damaged");
        const uint16_t flags = readLe16(p + 8);
        const uint16_t method = readLe16(p + 10);
        uint64_t compressed = readLe32(p + 20);
        uint64_t uncompressed = readLe32(p + 24);
        const size_t nameLength = readLe16(p + 28);
        const size_t extraLength = readLe16(p + 30);
        const size_t commentLength = readLe16(p + 32);
        uint64_t localOffset = readLe32(p + 42);
        const size_t total = kCentralHeaderSize + nameLength + extraLength + commentLength;
        if (static_cast<size_t>(end - p) < total)
            fail("central directory entry " + std::to_string(i) + " is truncated");
        ZipEntry entry;
        entry.name.assign(reinterpret_cast<const char*>(p + kCentralHeaderSize), nameLength);

        // ZIP64 extended information: the 64-bit values of the fields that hold 0xFFFFFFFF.
        const uint8_t* extra = p + kCentralHeaderSize + nameLength;
        const uint8_t* const extraEnd = extra + extraLength;
        while (extraEnd - extra >= 4) {
            const uint16_t id = readLe16(extra);
            const size_t length = readLe16(extra + 2);
            const uint8_t* field = extra + 4;
            if (static_cast<size_t>(extraEnd - field) < length)
                fail("entry '" + entry.name + "' has a damaged extra field");
            if (id == 0x0001) {
                const uint8_t* const fieldEnd = field + length;
                for (uint64_t* value : {&uncompressed, &compressed, &localOffset}) {
                    if (*value != 0xFFFFFFFFu)
                        continue;
                    if (fieldEnd - field < 8)
                        fail("entry '" + entry.name + "' has a short ZIP64 extra field");
                    *value = readLe64(field);
                    field += 8;
                }
            }
            extra += 4 + length;
        }

        if (flags & 0x1)
            fail("entry '" + entry.name + "' is encrypted");
        if (method != 0)
            fail("entry '" + entry.name + "' is compressed (method " + std::to_string(method) +
                 ", " + methodName(method) + "); torch.save writes entries stored, uncompressed");
        if (compressed != uncompressed)
            fail("stored entry '" + entry.name + "' has compressed size " +
                 std::to_string(compressed) + " != uncompressed size " +
                 std::to_string(uncompressed));
        if (!inside(localOffset, kLocalHeaderSize, m_size) ||
            readLe32(m_data + localOffset) != kLocalHeaderSig)
            fail("entry '" + entry.name + "': no local header at offset " +
                 std::to_string(localOffset));
        const uint8_t* local = m_data + localOffset;
        const uint64_t localName = readLe16(local + 26);
        const uint64_t localExtra = readLe16(local + 28);
        const uint64_t dataOffset = localOffset + kLocalHeaderSize + localName + localExtra;
        if (localName != nameLength || !inside(localOffset + kLocalHeaderSize, localName, m_size) ||
            entry.name.compare(0, std::string::npos,
                               reinterpret_cast<const char*>(local + kLocalHeaderSize),
                               localName) != 0)
            fail("entry '" + entry.name + "': the local header names a different file");
        if (!inside(dataOffset, uncompressed, m_size))
            fail("entry '" + entry.name + "' [" + std::to_string(dataOffset) + ", +" +
                 std::to_string(uncompressed) + ") reaches past the end of the " +
                 std::to_string(m_size) + "-byte file (truncated file?)");
        entry.offset = dataOffset;
        entry.size = uncompressed;
        if (!m_index.emplace(entry.name, m_entries.size()).second)
            fail("entry '" + entry.name + "' appears twice");
        m_entries.push_back(std::move(entry));
        p += total;
    }
}

}  // namespace persona::tensorio
