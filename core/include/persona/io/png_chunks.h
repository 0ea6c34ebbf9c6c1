// Just enough PNG to carry a character card: split a file into chunks (checking the signature,
// every length and every CRC) and join chunks back into a file. Pixels are never decoded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace persona::io {

struct PngChunk {
    std::string type;  // four ASCII letters: "IHDR", "tEXt", "IEND"...
    std::string data;
};

// Throws ImportError "<fileName>: ..." for a bad signature, a chunk running past the end, a CRC
// mismatch, a missing IHDR/IEND.
std::vector<PngChunk> readPngChunks(std::string_view bytes, const std::string& fileName);
std::string writePng(const std::vector<PngChunk>& chunks);

// The text of the first tEXt chunk with this keyword (Latin-1 keyword, NUL, text), if any.
std::optional<std::string> pngTextChunk(const std::vector<PngChunk>& chunks,
                                        const std::string& keyword);
// Replaces (or adds, before IEND) the tEXt chunk with this keyword.
void setPngTextChunk(std::vector<PngChunk>& chunks, const std::string& keyword,
                     const std::string& text);

// A valid 1x1 grey PNG, for cards of personas without a PNG avatar.
std::string minimalPng();

std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0);
bool isPng(std::string_view bytes);

}  // namespace persona::io
