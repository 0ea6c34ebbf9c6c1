// The pieces of byte-level BPE that GPT-2's vocab.json + merges.txt and HuggingFace's
// tokenizer.json share: GPT-2's bytes_to_unicode() table, and merges applied lowest rank first.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace persona::detail {

// GPT-2's bytes_to_unicode(): printable Latin-1 bytes stand for themselves, the other 68 bytes
// (controls, space, DEL, NBSP, soft hyphen...) are shifted to U+0100 and up, in byte order.
char32_t byteToUnicode(unsigned char byte);
// The bytes a byte-level vocabulary string stands for. A character outside the table (never in a
// byte-level vocabulary) stands for its own UTF-8 bytes.
std::string byteLevelToBytes(std::string_view token);
// The byte-level vocabulary string of raw bytes ("Ġhello" for " hello").
std::string bytesToByteLevel(std::string_view bytes);

// Merge ranks over token ids.
class BpeMerges {
public:
    struct Merge {
        std::uint32_t rank;
        int merged;  // the id of the merged token
    };

    // As HuggingFace's (a map built from the list), a repeated pair keeps its last rank.
    void set(int left, int right, Merge merge) { m_merges[key(left, right)] = merge; }
    const Merge* find(int left, int right) const;
    std::size_t size() const { return m_merges.size(); }
    bool empty() const { return m_merges.empty(); }
    void reserve(std::size_t n) { m_merges.reserve(n); }

    // Merges the symbols of one piece, the lowest-ranked adjacent pair first and, among equal
    // ranks, the leftmost (GPT-2's bpe() loop and HuggingFace's Word::merge_all), with a heap over
    // a linked list so a long piece stays O(n log n). Appends the result to out.
    void apply(const std::vector<int>& symbols, std::vector<int>& out) const;

private:
    static std::uint64_t key(int a, int b) {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) |
               static_cast<std::uint32_t>(b);
    }
    std::unordered_map<std::uint64_t, Merge> m_merges;
};

// Per-piece BPE results: prompts repeat words, and a piece's BPE is the costly part. Thread-safe.
class BpeCache {
public:
    static constexpr std::size_t kMaxEntries = 200000;
    static constexpr std::size_t kMaxPieceBytes = 256;

    // Appends the ids of piece to out: from the cache, or from compute(piece, out), which appends
    // them and whose result is then kept.
    template <class Compute>
    void encode(std::string_view piece, std::vector<int>& out, Compute&& compute) const {
        if (piece.size() > kMaxPieceBytes) {
            compute(piece, out);
            return;
        }
        std::string key(piece);
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (auto it = m_entries.find(key); it != m_entries.end()) {
                out.insert(out.end(), it->second.begin(), it->second.end());
                return;
            }
        }
        const std::size_t start = out.size();
        compute(piece, out);
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_entries.size() >= kMaxEntries) m_entries.clear();
        m_entries.emplace(std::move(key), std::vector<int>(out.begin() + start, out.end()));
    }

private:
    mutable std::mutex m_mutex;
    mutable std::unordered_map<std::string, std::vector<int>> m_entries;
};

}  // namespace persona::detail
