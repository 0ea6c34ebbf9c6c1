// The state behind persona::Gpt2Model, for other core translation units (generation, training).
#pragma once

#include "model/gpt2.h"
#include "persona/model/decode_weights.h"
#include "persona/model/gpt2_model.h"

namespace persona {

struct Gpt2Model::Impl {
    Gpt2Config config;
    ComputeOptions options;
    detail::Gpt2 net{nullptr};
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat32;
    DecodeWeights checkpointWeights = DecodeWeights::F32;  // the dtype of the file's matrices
};

}  // namespace persona
