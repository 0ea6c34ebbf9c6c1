#include "tensorio/tensor_layout.h"

#include <limits>

namespace persona::tensorio {

std::optional<DType> dtypeFromName(const std::string& name) {
    static const DType kAll[] = {DType::F64, DType::F32, DType::F16, DType::BF16, DType::I64,
                                 DType::I32, DType::I16, DType::I8,  DType::U8,   DType::Bool};
    for (DType d : kAll)
        if (name == dtypeName(d))
            return d;
    return std::nullopt;
}

std::optional<std::vector<int64_t>> contiguousStrides(const std::vector<int64_t>& shape) {
    std::vector<int64_t> strides(shape.size(), 1);
    uint64_t acc = 1;  // the stride of dimension i: the product of the sizes after it
    for (size_t i = shape.size(); i-- > 0;) {
        if (acc > uint64_t(std::numeric_limits<int64_t>::max()))
            return std::nullopt;
        strides[i] = static_cast<int64_t>(acc);
        if (i > 0 && shape[i] > 0) {
            const auto next = checkedMul(acc, static_cast<uint64_t>(shape[i]));
            if (!next)
                return std::nullopt;
            acc = *next;
        }
    }
    return strides;
}

std::optional<uint64_t> checkedMul(uint64_t a, uint64_t b) {
    if (a != 0 && b > std::numeric_limits<uint64_t>::max() / a)
        return std::nullopt;
    return a * b;
}

std::optional<uint64_t> checkedNumel(const std::vector<int64_t>& shape) {
    uint64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0)
            return std::nullopt;
        auto next = checkedMul(n, static_cast<uint64_t>(d));
        if (!next)
            return std::nullopt;
        n = *next;
    }
    return n;
}

std::string shapeToString(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i > 0)
            s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

}  // namespace persona::tensorio
