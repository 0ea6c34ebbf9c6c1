// Reading and writing checkpoint tensors without libtorch: safetensors (single and sharded) and
// PyTorch's zip format (pytorch_model.bin) through a restricted unpickler that executes nothing.
// core/model/ turns TensorData into torch tensors; nothing here knows about torch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace persona {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

size_t dtypeSize(DType dtype);
// The safetensors name: "F32", "F16", "BF16", "I64", ...
const char* dtypeName(DType dtype);

// One tensor as stored. `data` points at its first element (storage offset already applied) and
// stays valid while the TensorArchive that produced it lives. `strides` are in elements; they are
// the contiguous row-major strides for safetensors, and whatever the pickle recorded for .bin.
struct TensorData {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    std::vector<int64_t> strides;
    const void* data = nullptr;
    size_t nbytes = 0;  // bytes spanned from data to the last element, inclusive

    int64_t numel() const;
    bool isContiguous() const;
};

// The tensors of one checkpoint, memory-mapped. Every file is validated before any tensor is
// exposed; a bad file throws ModelLoadError naming the file, the tensor and what is wrong.
class TensorArchive {
public:
    // path: a *.safetensors file, a model.safetensors.index.json (shards), or a PyTorch zip
    // checkpoint (pytorch_model.bin / *.pt). The format is chosen by content, not by name.
    static TensorArchive open(const std::string& path);
    // The weights of a HuggingFace model folder: model.safetensors, else
    // model.safetensors.index.json, else pytorch_model.bin. Throws when none exists.
    static TensorArchive openFolder(const std::string& dir);

    TensorArchive(TensorArchive&&) noexcept;
    TensorArchive& operator=(TensorArchive&&) noexcept;
    ~TensorArchive();

    const TensorData* find(const std::string& name) const;  // nullptr when absent
    std::vector<std::string> names() const;                 // sorted
    const std::vector<TensorData>& tensors() const;
    std::string fileOf(const std::string& name) const;       // the file holding it (for messages)
    const std::map<std::string, std::string>& metadata() const;  // safetensors __metadata__

private:
    struct Impl;
    explicit TensorArchive(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Writes a safetensors file as HuggingFace writes it: header keys sorted, header padded with
// spaces to 8 bytes, data widest dtype first (then by name) so every tensor is aligned to its
// element size. `metadata` becomes __metadata__, with "format": "pt" added when absent (HF's
// loader checks it). Each tensor must be contiguous (empty strides count as contiguous;
// InvalidArgument otherwise). Written to a
// temporary file beside `path`, fsync()ed, then renamed; IoError when that fails.
void writeSafetensors(const std::string& path, const std::vector<TensorData>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace persona
