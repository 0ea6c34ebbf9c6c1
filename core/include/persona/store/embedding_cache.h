// Fact embeddings cached per (retriever model id, fact text), so each fact is encoded once per
// model, not once per turn. Keyed by text: an edited fact simply misses, and PersonaRepo drops
// the entries of texts no persona uses any more.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace persona::store {

class Database;

class EmbeddingCache {
public:
    explicit EmbeddingCache(Database& db);

    std::optional<std::vector<float>> get(const std::string& modelId, const std::string& text);
    // One lookup per text, in order; nullopt where missing.
    std::vector<std::optional<std::vector<float>>> getMany(const std::string& modelId,
                                                           const std::vector<std::string>& texts);
    void put(const std::string& modelId, const std::string& text, const std::vector<float>& vector);
    void putMany(const std::string& modelId,
                 const std::vector<std::pair<std::string, std::vector<float>>>& entries);

    std::size_t size(const std::string& modelId);
    void removeModel(const std::string& modelId);

private:
    Database& m_db;
};

}  // namespace persona::store
