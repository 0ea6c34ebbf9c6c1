#include "persona/io/png_chunks.h"

#include "persona/error.h"

#include <array>

namespace persona::io {

namespace {

constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
constexpr std::uint32_t kMaxChunkBytes = 0x7FFFFFFF;  // the PNG limit, 2^31 - 1

std::uint32_t readBe32(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return (std::uint32_t(u[0]) << 24) | (std::uint32_t(u[1]) << 16) | (std::uint32_t(u[2]) << 8) |
           u[3];
}

void writeBe32(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>(v >> 24));
    out.push_back(static_cast<char>(v >> 16));
    out.push_back(static_cast<char>(v >> 8));
    out.push_back(static_cast<char>(v));
}

std::uint32_t adler32(std::string_view bytes) {
    std::uint32_t a = 1, b = 0;
    for (unsigned char c : bytes) {
        a = (a + c) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

}  // namespace

std::uint32_t crc32(std::string_view bytes, std::uint32_t crc) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (unsigned char b : bytes)
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

bool isPng(std::string_view bytes) {
    return bytes.substr(0, kSignature.size()) == kSignature;
}

std::vector<PngChunk> readPngChunks(std::string_view bytes, const std::string& fileName) {
    if (!isPng(bytes))
        throw ImportError(fileName + ": not a PNG file (bad signature)");
    std::vector<PngChunk> chunks;
    size_t pos = kSignature.size();
    while (pos < bytes.size()) {
        const std::string at = fileName + ": chunk " + std::to_string(chunks.size() + 1) +
                               " at byte " + std::to_string(pos) + ": ";
        if (bytes.size() - pos < 12)
            throw ImportError(at + "truncated chunk header");
        const std::uint32_t length = readBe32(bytes.data() + pos);
        if (length > kMaxChunkBytes)
            throw ImportError(at + "length " + std::to_string(length) + " exceeds 2^31-1");
        if (bytes.size() - pos - 12 < length)
            throw ImportError(at + "length " + std::to_string(length) +
                              " runs past the end of the file");
        PngChunk c;
        c.type = std::string(bytes.substr(pos + 4, 4));
        for (char ch : c.type)
            if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')))
                throw ImportError(at + "invalid chunk type");
        c.data = std::string(bytes.substr(pos + 8, length));
        const std::uint32_t stored = readBe32(bytes.data() + pos + 8 + length);
        if (crc32(bytes.substr(pos + 4, 4 + length)) != stored)
            throw ImportError(at + "CRC mismatch in " + c.type + " chunk (the file is damaged)");
        pos += 12 + length;
        const bool end = c.type == "IEND";
        chunks.push_back(std::move(c));
        if (end)
            break;
    }
    if (chunks.empty() || chunks.front().type != "IHDR")
        throw ImportError(fileName + ": PNG does not start with IHDR");
    if (chunks.back().type != "IEND")
        throw ImportError(fileName + ": PNG has no IEND chunk (truncated file)");
    return chunks;
}

std::string writePng(const std::vector<PngChunk>& chunks) {
    std::string out(kSignature);
    for (const auto& c : chunks) {
        writeBe32(out, static_cast<std::uint32_t>(c.data.size()));
        const std::string typeAndData = c.type + c.data;
        out += typeAndData;
        writeBe32(out, crc32(typeAndData));
    }
    return out;
}

std::optional<std::string> pngTextChunk(const std::vector<PngChunk>& chunks,
                                        const std::string& keyword) {
    const std::string prefix = keyword + std::string(1, '\0');
    for (const auto& c : chunks)
        if (c.type == "tEXt" && c.data.compare(0, prefix.size(), prefix) == 0)
            return c.data.substr(prefix.size());
    return std::nullopt;
}

void setPngTextChunk(std::vector<PngChunk>& chunks, const std::string& keyword,
                     const std::string& text) {
    const std::string prefix = keyword + std::string(1, '\0');
    for (auto it = chunks.begin(); it != chunks.end();) {
        if (it->type == "tEXt" && it->data.compare(0, prefix.size(), prefix) == 0)
            it = chunks.erase(it);
        else
            ++it;
    }
    auto iend = chunks.end();
    if (!chunks.empty() && chunks.back().type == "IEND")
        iend = chunks.end() - 1;
    chunks.insert(iend, PngChunk{"tEXt", prefix + text});
}

std::string minimalPng() {
    std::string ihdr;
    writeBe32(ihdr, 1);  // width
    writeBe32(ihdr, 1);  // height
    ihdr += std::string("\x08\x00\x00\x00\x00",
                        5);  // 8-bit greyscale, deflate, no filter, no interlace
    // zlib stream holding one stored deflate block: filter byte 0, one grey pixel.
    const std::string raw("\x00\x80", 2);
    std::string idat("\x78\x01", 2);
    idat += std::string("\x01\x02\x00\xFD\xFF", 5);  // final stored block, LEN=2, NLEN=~2
    idat += raw;
    writeBe32(idat, adler32(raw));
    return writePng({{"IHDR", ihdr}, {"IDAT", idat}, {"IEND", {}}});
}

}  // namespace persona::io
