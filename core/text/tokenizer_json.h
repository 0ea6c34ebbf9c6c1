// Reading HuggingFace's tokenizer.json, a file from the internet: its size, its nesting and the
// number of JSON values in it are bounded before a document is built, so a file of 10 million
// merges or 100,000 nested brackets is refused with a message instead of exhausting memory.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace persona::detail {

// Larger than any real tokenizer.json (Gemma 3's is 33 MB, Llama 3's 9 MB, Qwen's 11 MB).
inline constexpr std::size_t kMaxTokenizerJsonBytes = 256u << 20;
// Vocabulary, merges and added tokens together; Gemma 3 holds about 0.8 million.
inline constexpr std::size_t kMaxTokenizerJsonValues = 3'000'000;
inline constexpr std::size_t kMaxVocabSize = 1'000'000;
inline constexpr std::size_t kMaxMerges = 2'000'000;

// Parses text that came from `file` (named in messages). Throws TokenizerError.
nlohmann::json parseTokenizerJson(std::string_view text, const std::string& file);
// Reads and parses the file, refusing one larger than kMaxTokenizerJsonBytes before reading it.
nlohmann::json readTokenizerJson(const std::filesystem::path& file);

// model.type ("BPE", "Unigram", "WordPiece", "WordLevel"), or "" when absent.
std::string tokenizerJsonModelType(const nlohmann::json& doc);

}  // namespace persona::detail
