#include "persona/engine/runtime.h"

#include "persona/error.h"

#include <algorithm>
#include <thread>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace persona {

RuntimeInfo runtimeInfo() {
    RuntimeInfo info;
    info.torchVersion = TORCH_VERSION;
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDeviceCount = info.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
    info.intraOpThreads = at::get_num_threads();
    info.parallelInfo = at::get_parallel_info();
    return info;
}

void setIntraOpThreads(int n) {
    if (n <= 0) n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(n);
}

void keepFreedTensorMemory() {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest: past it, a chunk is always mapped
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
}

double runtimeSelfCheck(int n) {
    if (n <= 0) throw InvalidArgument("runtimeSelfCheck: n must be positive");
    c10::InferenceMode guard;
    auto a = torch::arange(n * n, torch::kFloat64).reshape({n, n}).remainder(7);  // (n, n)
    auto b = torch::eye(n, torch::kFloat64) * 2;                                  // (n, n)
    return torch::mm(a, b).sum().item<double>();
}

}  // namespace persona
