// Compiled with -fopenmp (bench/sources.cmake); the dot products use the decode kernels' dotRows
// (AVX2 + FMA when the CPU has them).
#include "bench/fact_scan.h"

#include "model/decode_kernels.h"
#include "persona/error.h"

#include <omp.h>

#include <algorithm>
#include <cmath>

namespace persona::bench {

namespace {

void normalise(const float* in, float* out, int dim) {
    double sq = 0;
    for (int j = 0; j < dim; ++j) sq += double(in[j]) * in[j];
    const float inv = sq > 0 ? static_cast<float>(1.0 / std::sqrt(sq)) : 0.0f;
    for (int j = 0; j < dim; ++j) out[j] = in[j] * inv;
}

}  // namespace

FactScan::FactScan(int64_t rows, int dim, bool halfPrecision) : m_rows(rows), m_dim(dim), m_half(halfPrecision) {
    if (rows <= 0 || dim <= 0) throw InvalidArgument("fact scan: rows and dim must be positive");
    if (m_half)
        m_matrix16.resize(static_cast<size_t>(rows) * dim);
    else
        m_matrix.resize(static_cast<size_t>(rows) * dim);
    m_scores.resize(rows);
    m_query.resize(dim);
}

void FactScan::setRow(int64_t row, const float* vector) {
    if (row < 0 || row >= m_rows) throw InvalidArgument("fact scan: row " + std::to_string(row) + " out of range");
    if (!m_half) {
        normalise(vector, m_matrix.data() + row * m_dim, m_dim);
        return;
    }
    normalise(vector, m_query.data(), m_dim);  // m_query as scratch
    for (int j = 0; j < m_dim; ++j) m_matrix16[row * m_dim + j] = detail::floatToHalf(m_query[j]);
}

std::vector<std::pair<float, int64_t>> FactScan::topK(const float* q, int k, int threads) const {
    normalise(q, m_query.data(), m_dim);
    const float* matrix = m_matrix.data();
    const uint16_t* matrix16 = m_matrix16.data();
    const bool half = m_half;
    const float* query = m_query.data();
    float* scores = m_scores.data();
    const int64_t rows = m_rows;
    const int64_t dim = m_dim;
#pragma omp parallel num_threads(std::max(1, threads))
    {
        const int64_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        if (half)
            detail::dotRowsF16(matrix16, query, dim, rows * t / nt, rows * (t + 1) / nt, scores);
        else
            detail::dotRows(matrix, query, dim, rows * t / nt, rows * (t + 1) / nt, scores);
    }
    // Selection: a sorted window of the k best seen so far (k is small).
    k = static_cast<int>(std::min<int64_t>(std::max(k, 0), rows));
    std::vector<std::pair<float, int64_t>> best;
    best.reserve(k + 1);
    auto better = [](const std::pair<float, int64_t>& a, const std::pair<float, int64_t>& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    };
    for (int64_t r = 0; r < rows && k > 0; ++r) {
        if (static_cast<int>(best.size()) == k && scores[r] <= best.back().first) continue;
        const std::pair<float, int64_t> item{scores[r], r};
        best.insert(std::upper_bound(best.begin(), best.end(), item, better), item);
        if (static_cast<int>(best.size()) > k) best.pop_back();
    }
    return best;
}

}  // namespace persona::bench
