#include "text/byte_level.h"

#include "persona/error.h"
#include "text/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
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

void ByteLevelVocab::load(const nlohmann::json& obj, const std::string& where, long long maxId) {
    if (!obj.is_object() || obj.empty()) throw TokenizerError(where + ": expected a non-empty object of token: id");
    for (const auto& [token, value] : obj.items()) {
        if (!value.is_number_integer() || value.get<long long>() < 0 || value.get<long long>() > maxId)
            throw TokenizerError(where + ": the id of \"" + token + "\" must be an integer from 0 to " +
                                 std::to_string(maxId));
        const int id = value.get<int>();
        if (id >= static_cast<int>(m_tokens.size())) {
            m_tokens.resize(id + 1);
            m_bytes.resize(id + 1);
            m_present.resize(id + 1, false);
        }
        if (m_present[id])
            throw TokenizerError(where + ": id " + std::to_string(id) + " is used by both \"" + m_tokens[id] +
                                 "\" and \"" + token + "\"");
        m_present[id] = true;
        m_tokens[id] = token;
        m_bytes[id] = byteLevelToBytes(token);
        m_ids.emplace(token, id);
    }
    for (int b = 0; b < 256; ++b) {
        const std::string ch = bytesToByteLevel(std::string(1, static_cast<char>(b)));
        auto it = m_ids.find(ch);
        if (it == m_ids.end()) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", b);
            throw TokenizerError(where + ": no byte-level token \"" + ch + "\" for byte " + hex +
                                 " (not a byte-level vocabulary)");
        }
        m_byteIds[b] = it->second;
    }
}

std::optional<int> ByteLevelVocab::find(std::string_view token) const {
    auto it = m_ids.find(std::string(token));
    if (it == m_ids.end()) return std::nullopt;
    return it->second;
}

VocabLookup ByteLevelVocab::lookup(std::string file) const {
    return VocabLookup{std::move(file), [this](std::string_view s) { return find(s); },
                       [this](int id) -> std::optional<std::string> {
                           if (!inVocab(id)) return std::nullopt;
                           return m_tokens[id];
                       }};
}

void ByteLevelVocab::checkId(int id) const {
    if (!inVocab(id) && !m_added.byId(id))
        throw TokenizerError("token id " + std::to_string(id) + " is not in the vocabulary (size " +
                             std::to_string(size()) + ")");
}

std::string ByteLevelVocab::decode(const std::vector<int>& ids, bool skipSpecial, bool onlySpecial) const {
    std::string bytes;
    bytes.reserve(ids.size() * 4);
    for (int id : ids) {
        checkId(id);
        if (const AddedToken* t = m_added.byId(id)) {
            if (!(skipSpecial && (t->special || !onlySpecial))) bytes += t->content;
        } else {
            bytes += m_bytes[id];
        }
    }
    return sanitizeUtf8(bytes);
}

std::string ByteLevelVocab::tokenString(int id) const {
    checkId(id);
    if (inVocab(id)) return m_tokens[id];
    return m_added.byId(id)->content;
}

std::string ByteLevelVocab::tokenBytes(int id) const {
    checkId(id);
    if (const AddedToken* t = m_added.byId(id)) return t->content;
    return m_bytes[id];
}

int ByteLevelVocab::size() const { return std::max(static_cast<int>(m_tokens.size()), m_added.maxId() + 1); }

std::optional<int> ByteLevelVocab::tokenId(std::string_view token) const {
    if (const AddedToken* t = m_added.byContent(token)) return t->id;
    return find(token);
}

}  // namespace persona::detail
