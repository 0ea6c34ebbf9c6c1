// A pickle reader for PyTorch state dicts that executes nothing. It understands only the opcodes
// a state dict uses and resolves only an allow-list of globals (collections.OrderedDict,
// torch._utils._rebuild_tensor(_v2), torch._utils._rebuild_parameter(_with_state), the
// torch.*Storage types): the contract of Python's torch.load(weights_only=True). Any other
// opcode or global is refused with a ModelLoadError that names it.
//
// Hardened against hostile input: every read is bounds-checked, the stack, the memo and the
// number of objects are bounded, objects live in an arena (no recursion when they are freed,
// cycles are harmless) and nothing walks the object graph recursively. Memory is bounded in
// bytes, not only in objects: a memoized value is shared, never copied, except where a tensor's
// shape and the state dict's result are copied out, and every allocation (objects, strings,
// item lists, those copies) is charged to a budget fixed by the pickle's own size. A 2 MB pickle
// that references one memoized tuple from a million tensors is refused after a few tens of MB,
// not after tens of GB.
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
    // A tensor's size and stride tuples; torch itself stops at a few dozen dimensions.
    static constexpr size_t kMaxDims = 64;
    // The memory budget of a bare pickle: kBudgetPerByte bytes for each byte of it, plus
    // kBudgetFloor. parseTorchZip() adds the bytes of the archive's storage records: a real
    // state dict's objects take about 30 x its pickle, and the storages are far larger.
    static constexpr size_t kBudgetPerByte = 16;
    static constexpr size_t kBudgetFloor = size_t(4) << 20;
    static size_t defaultBudget(size_t pickleBytes);

    // `label` names the pickle in messages, e.g. "pytorch_model.bin (archive/data.pkl)".
    // `budgetBytes`: what running the pickle may allocate (0: defaultBudget(size)).
    RestrictedUnpickler(const uint8_t* data, size_t size, std::string label,
                        size_t budgetBytes = 0);

    // Runs the pickle; its result must be a dict (or OrderedDict) of name -> tensor. Tensors come
    // back in the dict's order.
    std::vector<PickledTensor> loadStateDict();

private:
    const uint8_t* m_data;
    size_t m_size;
    std::string m_label;
    size_t m_budget;
};

}  // namespace persona::tensorio
