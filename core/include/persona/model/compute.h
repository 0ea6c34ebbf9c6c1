// Where a model runs and in which precision its weights are held.
#pragma once

#include <string>

namespace persona {

enum class DeviceKind { Cpu, Cuda };
enum class WeightDType { F32, F16, BF16 };

struct ComputeOptions {
    DeviceKind device = DeviceKind::Cpu;
    WeightDType dtype = WeightDType::F32;
};

// "cpu" / "cuda" and "f32" / "f16" / "bf16"; throws InvalidArgument naming the accepted values.
DeviceKind parseDevice(const std::string& name);
WeightDType parseWeightDType(const std::string& name);
std::string toString(DeviceKind device);
std::string toString(WeightDType dtype);

// Throws InvalidArgument when the device is not available in this build (e.g. CUDA on a
// CPU-only libtorch), with a message that says so.
void checkAvailable(const ComputeOptions& options);

}  // namespace persona
