// Helpers shared by the readers and the writer: dtype names, strides, overflow-checked sizes.
#pragma once

#include "persona/tensorio/tensor_archive.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace persona::tensorio {

// "F32" -> DType::F32, ...; nullopt for names we do not know (e.g. "F8_E4M3", "U16").
std::optional<DType> dtypeFromName(const std::string& name);

// Row-major strides in elements for a shape (a dimension of 0 counts as 1, as in torch), or
// nullopt when one does not fit in int64_t: possible only beside a zero-size dimension (the
// tensor is empty, its other dimensions can be anything), e.g. [0, 2^40, 2^40].
std::optional<std::vector<int64_t>> contiguousStrides(const std::vector<int64_t>& shape);

// a * b, or nullopt when the product does not fit in uint64_t.
std::optional<uint64_t> checkedMul(uint64_t a, uint64_t b);

// The number of elements of a shape with non-negative dims, or nullopt on overflow.
std::optional<uint64_t> checkedNumel(const std::vector<int64_t>& shape);

// "[2, 3]" for messages.
std::string shapeToString(const std::vector<int64_t>& shape);

}  // namespace persona::tensorio
