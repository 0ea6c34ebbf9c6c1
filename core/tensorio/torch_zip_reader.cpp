#include "tensorio/torch_zip_reader.h"

#include "persona/error.h"
#include "tensorio/restricted_unpickler.h"
#include "tensorio/tensor_layout.h"
#include "tensorio/zip_reader.h"

#include <algorithm>
#include <cstring>

namespace persona::tensorio {

namespace {

[[noreturn]] void fail(const std::string& file, const std::string& what) {
    throw ModelLoadError(file + ": invalid PyTorch zip checkpoint: " + what);
}

// The archive's folder name: torch.save names every record "<archive>/...", where <archive> is
// the file's stem or "archive"; data.pkl sits directly in it.
std::string findArchivePrefix(const ZipReader& zip, const std::string& file) {
    std::string prefix;
    int found = 0;
    for (const ZipEntry& e : zip.entries()) {
        const std::string suffix = "/data.pkl";
        if (e.name.size() > suffix.size() &&
            e.name.compare(e.name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            const std::string candidate = e.name.substr(0, e.name.size() - suffix.size());
            if (candidate.find('/') != std::string::npos)
                continue;
            prefix = candidate;
            ++found;
        }
    }
    if (found == 0)
        fail(file, "no <archive>/data.pkl record (a ZIP file, but not one written by torch.save)");
    if (found > 1)
        fail(file, "more than one <archive>/data.pkl record");
    return prefix;
}

void checkByteOrder(const ZipReader& zip, const std::string& prefix, const std::string& file) {
    const ZipEntry* entry = zip.find(prefix + "/byteorder");
    if (entry == nullptr)
        return;  // written since torch 1.12-ish; older archives are little-endian
    std::string order(reinterpret_cast<const char*>(zip.dataOf(*entry)),
                      static_cast<size_t>(std::min<uint64_t>(entry->size, 16)));
    while (!order.empty() && (order.back() == '\n' || order.back() == '\r' || order.back() == ' '))
        order.pop_back();
    if (order != "little")
        fail(file, "byteorder is '" + order + "', only 'little' is supported");
}

TensorData makeTensor(const PickledTensor& p, const ZipReader& zip, const std::string& prefix,
                      const std::string& file) {
    const std::string where = "tensor '" + p.name + "': ";
    const std::string recordName = prefix + "/data/" + p.storage.key;
    const ZipEntry* record = zip.find(recordName);
    if (record == nullptr)
        fail(file, where + "its storage record '" + recordName + "' is missing");
    const size_t elementSize = dtypeSize(p.storage.dtype);
    const auto storageBytes = checkedMul(p.storage.numel, elementSize);
    if (!storageBytes || *storageBytes > record->size)
        fail(file, where + "its storage of " + std::to_string(p.storage.numel) + " x " +
                       dtypeName(p.storage.dtype) + " needs more bytes than record '" + recordName +
                       "' holds (" + std::to_string(record->size) + ")");

    TensorData t;
    t.name = p.name;
    t.dtype = p.storage.dtype;
    t.shape = p.shape;
    t.strides = p.strides;
    const uint64_t offset = static_cast<uint64_t>(p.storageOffset);
    if (offset > p.storage.numel)
        fail(file, where + "storage offset " + std::to_string(offset) + " is past the storage's " +
                       std::to_string(p.storage.numel) + " elements");
    t.data = zip.dataOf(*record) + offset * elementSize;

    const auto numel = checkedNumel(p.shape);
    if (!numel || *numel > uint64_t(INT64_MAX))
        fail(file, where + "shape " + shapeToString(p.shape) + " overflows");
    if (*numel == 0)
        return t;  // nbytes stays 0
    // The last element's index within the storage: offset + sum((size - 1) * stride).
    uint64_t last = offset;
    for (size_t i = 0; i < p.shape.size(); ++i) {
        const auto step =
            checkedMul(static_cast<uint64_t>(p.shape[i] - 1), static_cast<uint64_t>(p.strides[i]));
        if (!step || *step >= p.storage.numel || last + *step >= p.storage.numel)
            fail(file, where + "shape " + shapeToString(p.shape) + " with strides " +
                           shapeToString(p.strides) + " from offset " + std::to_string(offset) +
                           " reaches past the storage's " + std::to_string(p.storage.numel) +
                           " elements");
        last += *step;
    }
    t.nbytes = static_cast<size_t>((last - offset + 1) * elementSize);
    return t;
}

}  // namespace

bool isLegacyTorchPickle(const uint8_t* data, size_t size) {
    // PROTO 2, LONG1 of 10 bytes: torch.serialization's MAGIC_NUMBER.
    static const uint8_t kMagic[] = {0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c,
                                     0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};
    return size >= sizeof kMagic && std::memcmp(data, kMagic, sizeof kMagic) == 0;
}

std::vector<TensorData> parseTorchZip(const uint8_t* data, size_t size, const std::string& file) {
    const ZipReader zip(data, size, file);
    const std::string prefix = findArchivePrefix(zip, file);
    checkByteOrder(zip, prefix, file);
    const ZipEntry* pickle = zip.find(prefix + "/data.pkl");
    // The unpickler's memory budget: 16 x the pickle plus the bytes of the storage records the
    // archive really holds. A real state dict needs about 30 x its pickle (a checkpoint with
    // thousands of tensors would not fit 16 x alone) and always comes with far more storage than
    // that; a hostile pickle gets no more memory than the file's own size, whatever it declares.
    const std::string dataFolder = prefix + "/data/";
    uint64_t storageBytes = 0;  // at most the file's size: records cannot hold more
    for (const ZipEntry& e : zip.entries())
        if (e.name.compare(0, dataFolder.size(), dataFolder) == 0)
            storageBytes = std::min<uint64_t>(storageBytes + std::min<uint64_t>(e.size, size), size);
    const size_t pickleBytes = static_cast<size_t>(pickle->size);
    const size_t budget =
        RestrictedUnpickler::defaultBudget(pickleBytes) + static_cast<size_t>(storageBytes);
    RestrictedUnpickler unpickler(zip.dataOf(*pickle), pickleBytes,
                                  file + " (" + pickle->name + ")", budget);
    const std::vector<PickledTensor> pickled = unpickler.loadStateDict();
    std::vector<TensorData> tensors;
    tensors.reserve(pickled.size());
    for (const PickledTensor& p : pickled)
        tensors.push_back(makeTensor(p, zip, prefix, file));
    return tensors;
}

}  // namespace persona::tensorio
