#include "model/kv_cache.h"

#include "persona/error.h"

namespace persona::detail {

KvCache::KvCache(int layers, int64_t batch, int64_t heads, int64_t capacity, int64_t headSize,
                 const torch::TensorOptions& options)
    : m_capacity(capacity) {
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
