// A pickle reader for PyTorch state dicts that executes nothing. It understands only the opcodes
// a state dict uses and resolves only an allow-list of globals (collections.OrderedDict,
// torch._utils._rebuild_tensor(_v2), torch._utils._rebuild_parameter(_with_state), the
// torch.*Storage types): the contract of Python's torch.load(weights_only=True). Any other
// opcode or global is refused with a ModelLoadError that names it.
//
// Hardened against hostile input: every read is bounds-checked, the stack, the memo and the
// number of objects are bounded, objects live in an arena (no recursion when they are freed,
// cycles are harmless) and nothing walks the object graph recursively.
#pragma once

#include "persona/tensorio/tensor_archive.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace persona::tensorio {

// The persistent id torch.save writes for a storage: ('storage', torch.FloatStorage, key,
// location, numel). The bytes are the zip record <archive>/data/<key>.
struct PickledStorage {
    DType dtype = DType::F32;
    std::string key;
    uint64_t numel = 0;
};

// One tensor of the state dict as _rebuild_tensor_v2 describes it (all counts in elements).
struct PickledTensor {
    std::string name;
    PickledStorage storage;
    int64_t storageOffset = 0;
    std::vector<int64_t> shape;
    std::vector<int64_t> strides;
};

class RestrictedUnpickler {
public:
    static constexpr size_t kMaxStack = size_t(1) << 20;
    static constexpr size_t kMaxObjects = size_t(1) << 20;

    // `label` names the pickle in messages, e.g. "pytorch_model.bin (archive/data.pkl)".
    RestrictedUnpickler(const uint8_t* data, size_t size, std::string label);

    // Runs the pickle; its result must be a dict (or OrderedDict) of name -> tensor. Tensors come
    // back in the dict's order.
    std::vector<PickledTensor> loadStateDict();

private:
    const uint8_t* m_data;
    size_t m_size;
    std::string m_label;
};

}  // namespace persona::tensorio
