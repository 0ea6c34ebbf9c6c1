// Facts about the tensor runtime (libtorch) this build uses, and its process-wide settings.
#pragma once

#include <string>

namespace persona {

struct RuntimeInfo {
    std::string torchVersion;   // e.g. "1.13.1"
    bool cudaAvailable = false;
    int cudaDeviceCount = 0;
    int intraOpThreads = 0;     // at::get_num_threads()
    std::string parallelInfo;   // at::get_parallel_info(): OpenMP, MKL/BLAS threading
};

RuntimeInfo runtimeInfo();

// Sets libtorch's intra-op thread count; call once at start-up (ARCHITECTURE.md, threads).
// n <= 0 means one per hardware thread. (Debian's libtorch starts with OpenMP's default, which
// was measured here at 1 on a 2-core machine, so programs call this explicitly.)
void setIntraOpThreads(int n);

// Computes sum(A·B) for two n×n matrices filled with a fixed pattern; used by self-checks that
// prove the tensor runtime works in a process that also loaded other libraries.
double runtimeSelfCheck(int n);

}  // namespace persona
