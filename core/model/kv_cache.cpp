#include "model/kv_cache.h"

#include "persona/error.h"

namespace persona::detail {

KvCache::KvCache(int layers, int64_t batch, int64_t heads, int64_t capacity, int64_t headSize,
                 const torch::TensorOptions& options)
    : m_capacity(capacity) {
    if (batch == 1) m_tokens.reserve(static_cast<size_t>(capacity));
    m_keys.reserve(layers);
    m_values.reserve(layers);
    for (int i = 0; i < layers; ++i) {
        m_keys.push_back(torch::zeros({batch, heads, capacity, headSize}, options));
        m_values.push_back(torch::zeros({batch, heads, capacity, headSize}, options));
    }
}

void KvCache::truncate(int64_t length) {
    if (length < 0 || length > m_length)
        throw InvalidArgument("KV cache: cannot truncate to " + std::to_string(length) +
                              " positions (holds " + std::to_string(m_length) + ")");
    m_length = length;
    if (static_cast<int64_t>(m_tokens.size()) > length) m_tokens.resize(static_cast<size_t>(length));
}

int64_t KvCache::sharedPrefix(const std::vector<int>& ids) const {
    size_t n = 0;
    while (n < m_tokens.size() && n < ids.size() && m_tokens[n] == ids[n]) ++n;
    return static_cast<int64_t>(n);
}

void KvCache::recordTokens(const int64_t* ids, int64_t n) {
    // Only while every earlier position is known: a gap would misplace the ids.
    if (static_cast<int64_t>(m_tokens.size()) + n != m_length) return;
    for (int64_t i = 0; i < n; ++i) m_tokens.push_back(static_cast<int>(ids[i]));
}

void KvCache::checkRoom(int64_t t) const {
    if (m_length + t > m_capacity)
        throw InvalidArgument("KV cache full: " + std::to_string(m_length) + " + " +
                              std::to_string(t) + " positions exceed its capacity of " +
                              std::to_string(m_capacity));
}

std::pair<torch::Tensor, torch::Tensor> KvCache::append(int layer, const torch::Tensor& k,
                                                        const torch::Tensor& v) {
    const int64_t t = k.size(2);
    checkRoom(t);
    m_keys[layer].narrow(2, m_length, t).copy_(k);
    m_values[layer].narrow(2, m_length, t).copy_(v);
    return {m_keys[layer].narrow(2, 0, m_length + t), m_values[layer].narrow(2, 0, m_length + t)};
}

void KvCache::advance(int64_t steps) { m_length += steps; }

}  // namespace persona::detail
