// STREAM-style triad and peak-RSS helpers (persona/bench/memory_bandwidth.h). Compiled with
// -fopenmp (bench/sources.cmake): the same libgomp pool the decode step runs on.
#include "persona/bench/memory_bandwidth.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace persona::bench {

int64_t lastLevelCacheBytes() {
    int64_t best = 0;
    for (int index = 0; index < 8; ++index) {
        std::ifstream in("/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/size");
        std::string text;
        if (!(in >> text) || text.empty()) continue;
        int64_t value = std::atoll(text.c_str());
        if (text.back() == 'K') value <<= 10;
        if (text.back() == 'M') value <<= 20;
        best = std::max(best, value);
    }
    return best;
}

BandwidthResult measureTriadBandwidth(int threads, int64_t arrayBytes, int passes) {
    threads = std::max(1, threads);
    if (arrayBytes <= 0) arrayBytes = std::max<int64_t>(int64_t{256} << 20, 4 * lastLevelCacheBytes());
    const int64_t n = arrayBytes / static_cast<int64_t>(sizeof(double));
    struct Free {
        void operator()(double* p) const { std::free(p); }
    };
    auto alloc = [n] { return std::unique_ptr<double[], Free>(static_cast<double*>(std::aligned_alloc(64, n * sizeof(double)))); };
    auto a = alloc(), b = alloc(), c = alloc();
    double *pa = a.get(), *pb = b.get(), *pc = c.get();
    // First touch by the threads that will use the pages.
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t i = 0; i < n; ++i) pa[i] = 0.0, pb[i] = 1.0, pc[i] = 2.0;
    double best = 1e30;
    for (int pass = 0; pass < std::max(1, passes); ++pass) {
        const auto t0 = std::chrono::steady_clock::now();
#pragma omp parallel for num_threads(threads) schedule(static)
        for (int64_t i = 0; i < n; ++i) pa[i] = pb[i] + 3.0 * pc[i];
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    // Keep the result observable so the loop is not optimised away.
    volatile double sink = pa[n / 2];
    (void)sink;
    BandwidthResult r;
    r.triadGBs = 3.0 * static_cast<double>(n) * sizeof(double) / best / 1e9;
    r.arrayBytes = n * static_cast<int64_t>(sizeof(double));
    r.threads = threads;
    return r;
}

void resetPeakRss() {
    std::ofstream clear("/proc/self/clear_refs");
    if (clear) clear << "5";
}

int64_t peakRssBytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            std::istringstream fields(line.substr(6));
            int64_t kb = 0;
            fields >> kb;
            return kb * 1024;
        }
    }
    return 0;
}

}  // namespace persona::bench
