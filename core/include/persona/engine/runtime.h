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

// Lets the C heap keep freed tensor memory for reuse (glibc: allocations up to 32 MB come from the
// heap, and up to 512 MB of free heap is kept instead of being returned to the kernel); elsewhere
// a no-op. Why: a pass over many rows (influence, prefill, training) allocates tens of MB of
// temporaries per layer; by default glibc maps each one fresh and unmaps it when freed, so every
// page is faulted in again on the next layer, which on this project's virtual machines cost more
// than a third of the influence pass (bench influence prints the page faults). Call once at
// start-up, before any tensor exists.
void keepFreedTensorMemory();

// Computes sum(A·B) for two n×n matrices filled with a fixed pattern; used by self-checks that
// prove the tensor runtime works in a process that also loaded other libraries.
double runtimeSelfCheck(int n);

}  // namespace persona
