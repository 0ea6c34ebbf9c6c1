#include "persona/model/compute.h"

#include "persona/error.h"

#include <torch/torch.h>

namespace persona {

DeviceKind parseDevice(const std::string& name) {
    if (name == "cpu") return DeviceKind::Cpu;
    if (name == "cuda") return DeviceKind::Cuda;
    throw InvalidArgument("unknown device \"" + name + "\" (cpu, cuda)");
}

WeightDType parseWeightDType(const std::string& name) {
    if (name == "f32") return WeightDType::F32;
    if (name == "f16") return WeightDType::F16;
    if (name == "bf16") return WeightDType::BF16;
    throw InvalidArgument("unknown dtype \"" + name + "\" (f32, f16, bf16)");
}

std::string toString(DeviceKind device) { return device == DeviceKind::Cuda ? "cuda" : "cpu"; }

std::string toString(WeightDType dtype) {
    switch (dtype) {
        case WeightDType::F16: return "f16";
        case WeightDType::BF16: return "bf16";
        case WeightDType::F32: break;
    }
    return "f32";
}

void checkAvailable(const ComputeOptions& options) {
    if (options.device == DeviceKind::Cpu && options.dtype == WeightDType::F16)
        throw InvalidArgument("f16 compute needs CUDA: this libtorch has no F16 kernels on the CPU "
                              "(F16 files load fine; compute with --dtype f32 or bf16 on the CPU)");
    if (options.device == DeviceKind::Cuda && !torch::cuda::is_available())
        throw InvalidArgument("CUDA was requested, but this libtorch build has no CUDA or no GPU is "
                              "visible; use --device cpu");
}

}  // namespace persona
