#include "persona/store/embedding_cache.h"

#include "persona/error.h"
#include "persona/store/database.h"
#include "persona/store/store_types.h"
#include "store/statement.h"
#include "store/text_check.h"

#include <cstring>

namespace persona::store {

namespace {

// Vectors are stored as the raw float32 bytes of this machine (little-endian on every platform
// the app builds for); `dim` guards against a truncated blob.
std::string toBlob(const std::vector<float>& v) {
    std::string bytes(v.size() * sizeof(float), '\0');
    if (!v.empty())
        std::memcpy(bytes.data(), v.data(), bytes.size());
    return bytes;
}

std::optional<std::vector<float>> fromRow(const Statement& st) {
    const auto dim = static_cast<size_t>(st.getInt(0));
    const std::string bytes = st.getBlob(1);
    if (bytes.size() != dim * sizeof(float))
        return std::nullopt;  // damaged entry: recompute
    std::vector<float> v(dim);
    if (dim)
        std::memcpy(v.data(), bytes.data(), bytes.size());
    return v;
}

}  // namespace

EmbeddingCache::EmbeddingCache(Database& db) : m_db(db) {}

std::optional<std::vector<float>> EmbeddingCache::get(const std::string& modelId,
                                                      const std::string& text) {
    Statement st(m_db.handle(),
                 "SELECT dim, vector FROM embedding_cache WHERE model_id = ? AND text = ?");
    st.bind(1, modelId).bind(2, text);
    if (!st.step())
        return std::nullopt;
    return fromRow(st);
}

std::vector<std::optional<std::vector<float>>> EmbeddingCache::getMany(
    const std::string& modelId, const std::vector<std::string>& texts) {
    Statement st(m_db.handle(),
                 "SELECT dim, vector FROM embedding_cache WHERE model_id = ? AND text = ?");
    std::vector<std::optional<std::vector<float>>> out;
    out.reserve(texts.size());
    for (const auto& t : texts) {
        st.bind(1, modelId).bind(2, t);
        out.push_back(st.step() ? fromRow(st) : std::nullopt);
        st.reset();
    }
    return out;
}

void EmbeddingCache::put(const std::string& modelId, const std::string& text,
                         const std::vector<float>& vector) {
    putMany(modelId, {{text, vector}});
}

void EmbeddingCache::putMany(
    const std::string& modelId,
    const std::vector<std::pair<std::string, std::vector<float>>>& entries) {
    checkText(modelId, "model id", kMaxTextBytes, false);
    for (const auto& e : entries)
        checkText(e.first, "fact text", kMaxTextBytes, true);
    m_db.transaction([&] {
        Statement st(
            m_db.handle(),
            "INSERT OR REPLACE INTO embedding_cache(model_id, text, dim, vector, created_at) "
            "VALUES (?, ?, ?, ?, ?)");
        const auto now = nowMs();
        for (const auto& [text, v] : entries)
            st.bind(1, modelId)
                .bind(2, text)
                .bind(3, static_cast<std::int64_t>(v.size()))
                .bindBlob(4, toBlob(v))
                .bind(5, now)
                .run();
    });
}

std::size_t EmbeddingCache::size(const std::string& modelId) {
    Statement st(m_db.handle(), "SELECT count(*) FROM embedding_cache WHERE model_id = ?");
    st.bind(1, modelId);
    st.step();
    return static_cast<std::size_t>(st.getInt(0));
}

void EmbeddingCache::removeModel(const std::string& modelId) {
    m_db.transaction([&] {
        Statement st(m_db.handle(), "DELETE FROM embedding_cache WHERE model_id = ?");
        st.bind(1, modelId).run();
    });
}

}  // namespace persona::store
