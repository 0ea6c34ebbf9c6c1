// A brute-force top-k scan over fact vectors held in one contiguous (N, D) float matrix, rows
// L2-normalised so that a dot product is the cosine: what a fact index does per query. No torch.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace persona::bench {

class FactScan {
public:
    // halfPrecision: rows stored as IEEE F16 (half the bytes per query; scores within ~1e-3).
    FactScan(int64_t rows, int dim, bool halfPrecision = false);
    // Copies and normalises one vector into row `row`.
    void setRow(int64_t row, const float* vector);
    int64_t rows() const { return m_rows; }
    int dim() const { return m_dim; }
    bool halfPrecision() const { return m_half; }
    int64_t bytes() const {
        return static_cast<int64_t>(m_half ? m_matrix16.size() * sizeof(uint16_t) : m_matrix.size() * sizeof(float));
    }

    // The k best (score, row) pairs for query q (normalised here), best first, ties by row.
    // Scores are computed by `threads` threads into a buffer kept between calls.
    std::vector<std::pair<float, int64_t>> topK(const float* q, int k, int threads) const;

private:
    int64_t m_rows;
    int m_dim;
    bool m_half;
    std::vector<float> m_matrix;          // (N, D) F32 storage
    std::vector<uint16_t> m_matrix16;     // (N, D) F16 storage
    mutable std::vector<float> m_scores;  // (N)
    mutable std::vector<float> m_query;   // (D)
};

}  // namespace persona::bench
