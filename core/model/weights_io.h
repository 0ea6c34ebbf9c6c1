// Moving weights between checkpoint files (TensorArchive, no torch) and torch modules, strictly.
#pragma once

#include "persona/model/compute.h"
#include "persona/tensorio/tensor_archive.h"

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

namespace persona::detail {

torch::ScalarType toTorch(DType dtype);
DType fromTorch(torch::ScalarType type);  // throws for types safetensors cannot hold
torch::Device toTorch(DeviceKind device);
torch::ScalarType toTorch(WeightDType dtype);

struct WeightMapping {
    // Prefixes stripped from checkpoint names (the first that matches), e.g. "transformer.".
    std::vector<std::string> prefixes;
    // Checkpoint names (after stripping) that are known and deliberately not loaded: buffers such
    // as "h.0.attn.bias", heads the module does not have. Anything else unmatched is an error.
    std::function<bool(const std::string&)> ignore;
};

// Copies every parameter and buffer of `module` from `archive`. Collects every problem (missing,
// unexpected, wrong shape, non-float data for a float parameter) and throws one ModelLoadError
// listing them, each naming the file, the tensor, what was expected and what was found.
void loadWeights(torch::nn::Module& module, const TensorArchive& archive, const WeightMapping& mapping,
                 const std::string& origin);

// Writes the parameters of `module` to a safetensors file as contiguous CPU tensors, with
// `prefix` prepended to each name.
void saveWeights(const torch::nn::Module& module, const std::string& path, const std::string& prefix,
                 torch::ScalarType storage = torch::kFloat32);

// Moves a module to the device and dtype of `options` (checking that they are available), puts
// it in eval mode, and reports where it now lives.
void placeModule(torch::nn::Module& module, const ComputeOptions& options, torch::Device& device,
                 torch::ScalarType& dtype);

// A (T, C) tensor as T rows of floats on the CPU.
std::vector<std::vector<float>> toRows(const torch::Tensor& t);

// Reads a whole file; throws IoError naming it.
std::string readTextFile(const std::string& path);
// Writes a whole file through a temporary and a rename.
void writeTextFile(const std::string& path, const std::string& text);

}  // namespace persona::detail
