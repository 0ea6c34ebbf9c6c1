// Reads a PyTorch zip checkpoint (torch.save since 1.6: pytorch_model.bin, *.pt) held in memory:
// <archive>/data.pkl through the RestrictedUnpickler, the tensors' bytes from the STORED records
// <archive>/data/<key>, used in place. Refuses big-endian archives.
#pragma once

#include "persona/tensorio/tensor_archive.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace persona::tensorio {

// Tensors in the state dict's order; `data` points into the buffer (storage offset applied,
// strides as recorded). Tensors that share a storage share bytes. Throws ModelLoadError naming
// `file` (and the tensor) when anything is wrong.
std::vector<TensorData> parseTorchZip(const uint8_t* data, size_t size, const std::string& file);

// True when the buffer starts like the legacy (pre-1.6, non-zip) torch.save format: a pickle of
// the magic number 0x1950a86a20f9469cfc6c.
bool isLegacyTorchPickle(const uint8_t* data, size_t size);

}  // namespace persona::tensorio
