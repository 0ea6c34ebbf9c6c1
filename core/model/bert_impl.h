// The state behind persona::BertModel, for other core translation units (retrieval, training).
#pragma once

#include "model/bert.h"
#include "persona/model/bert_model.h"

namespace persona {

struct BertModel::Impl {
    BertConfig config;
    ComputeOptions options;
    detail::Bert net{nullptr};
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat32;
};

}  // namespace persona
