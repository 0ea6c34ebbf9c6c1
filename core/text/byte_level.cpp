#include "text/byte_level.h"

#include "text/utf8.h"

#include <array>
#include <functional>
#include <queue>

namespace persona::detail {

namespace {

struct ByteTable {
    std::array<char32_t, 256> byteToChar{};
    std::unordered_map<char32_t, unsigned char> charToByte;
    ByteTable() {
        int shifted = 0;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
            byteToChar[b] = printable ? static_cast<char32_t>(b) : static_cast<char32_t>(256 + shifted++);
            charToByte[byteToChar[b]] = static_cast<unsigned char>(b);
        }
    }
};

const ByteTable& byteTable() {
    static const ByteTable table;
    return table;
}

struct HeapEntry {
    std::uint32_t rank;
    int pos;    // index of the left symbol
    int left;   // the ids the pair had when pushed; a stale entry no longer matches
    int right;
    bool operator>(const HeapEntry& o) const {
        return rank != o.rank ? rank > o.rank : pos > o.pos;
    }
};

}  // namespace

char32_t byteToUnicode(unsigned char byte) { return byteTable().byteToChar[byte]; }

std::string byteLevelToBytes(std::string_view token) {
    const auto& table = byteTable();
    std::string out;
    for (std::size_t pos = 0; pos < token.size();) {
        const Utf8Step step = decodeUtf8(token, pos);
        auto it = table.charToByte.find(step.cp);
        if (step.status == Utf8Status::Valid && it != table.charToByte.end())
            out.push_back(static_cast<char>(it->second));
        else
            out.append(token.substr(pos, step.length));
        pos += step.length;
    }
    return out;
}

std::string bytesToByteLevel(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) appendUtf8(out, byteToUnicode(static_cast<unsigned char>(c)));
    return out;
}

const BpeMerges::Merge* BpeMerges::find(int left, int right) const {
    auto it = m_merges.find(key(left, right));
    return it == m_merges.end() ? nullptr : &it->second;
}

void BpeMerges::apply(const std::vector<int>& symbols, std::vector<int>& out) const {
    struct Symbol {
        int id;
        int prev;
        int next;
    };
    const int n = static_cast<int>(symbols.size());
    if (n == 0) return;
    std::vector<Symbol> syms(n);
    for (int i = 0; i < n; ++i) syms[i] = {symbols[i], i - 1, i + 1 < n ? i + 1 : -1};

    std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<HeapEntry>> heap;
    const auto pushPair = [&](int left) {
        const int right = syms[left].next;
        if (right < 0) return;
        if (const Merge* m = find(syms[left].id, syms[right].id))
            heap.push({m->rank, left, syms[left].id, syms[right].id});
    };
    for (int i = 0; i + 1 < n; ++i) pushPair(i);

    while (!heap.empty()) {
        const HeapEntry top = heap.top();
        heap.pop();
        Symbol& s = syms[top.pos];
        if (s.id != top.left || s.next < 0 || syms[s.next].id != top.right) continue;  // stale
        const Symbol removed = syms[s.next];
        s.id = find(top.left, top.right)->merged;
        syms[s.next].id = -1;
        s.next = removed.next;
        if (s.next >= 0) syms[s.next].prev = top.pos;
        if (s.prev >= 0) pushPair(s.prev);
        pushPair(top.pos);
    }
    for (int i = 0; i >= 0; i = syms[i].next) out.push_back(syms[i].id);
}

}  // namespace persona::detail
