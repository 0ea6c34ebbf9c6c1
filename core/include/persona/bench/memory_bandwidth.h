// Memory bandwidth as STREAM measures it: the triad a[i] = b[i] + s·c[i] over three double arrays
// far larger than the last-level cache, best of several passes, 3 × 8 bytes counted per element.
#pragma once

#include <cstdint>

namespace persona::bench {

struct BandwidthResult {
    double triadGBs = 0;      // 1e9 bytes per second
    int64_t arrayBytes = 0;   // each of the three arrays
    int threads = 0;
};

// arrayBytes <= 0: four times the last-level cache (from sysfs), at least 256 MiB per array.
// threads <= 0: one.
BandwidthResult measureTriadBandwidth(int threads, int64_t arrayBytes = 0, int passes = 5);

// The last-level cache size the kernel reports (bytes), or 0 when unknown.
int64_t lastLevelCacheBytes();

// Peak resident set: resetPeakRss() clears VmHWM (Linux: /proc/self/clear_refs "5"), peakRssBytes()
// reads it. Both are no-ops / 0 elsewhere.
void resetPeakRss();
int64_t peakRssBytes();

}  // namespace persona::bench
