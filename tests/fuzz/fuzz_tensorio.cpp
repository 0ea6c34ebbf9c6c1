// Checkpoint files: the safetensors header, the shard index, the PyTorch zip (ZIP reader and
// restricted unpickler together) and the unpickler alone.
#include "fuzz_targets.h"

#include "persona/error.h"
#include "persona/tensorio/tensor_archive.h"
#include "tensorio/restricted_unpickler.h"
#include "tensorio/safetensors_reader.h"
#include "tensorio/torch_zip_reader.h"

#include <filesystem>
#include <memory>

namespace persona::fuzz {

namespace {

// Reads every byte a returned tensor claims, so a span past the input is a sanitizer report.
void touch(const std::vector<TensorData>& tensors) {
    volatile uint8_t sink = 0;
    for (const TensorData& t : tensors) {
        const auto* p = static_cast<const uint8_t*>(t.data);
        for (size_t i = 0; i < t.nbytes; ++i)
            sink = sink ^ p[i];
        (void)t.numel();
    }
}

// An exact-size heap copy: reading one byte past the input is an ASan error.
std::unique_ptr<uint8_t[]> copyOf(const uint8_t* data, size_t size) {
    auto copy = std::make_unique<uint8_t[]>(size + (size == 0));
    std::copy(data, data + size, copy.get());
    return copy;
}

}  // namespace

void fuzzSafetensors(const uint8_t* data, size_t size) {
    const auto copy = copyOf(data, size);
    try {
        touch(tensorio::parseSafetensors(copy.get(), size, "fuzz.safetensors").tensors);
    } catch (const Error&) {
    }
}

void fuzzShardIndex(const uint8_t* data, size_t size) {
    // The index beside one small valid shard that it may or may not name.
    static const std::string dir = [] {
        const std::string d = scratchDir() + "/shards";
        std::filesystem::create_directories(d);
        const std::string header = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
        std::string file(8, '\0');
        file[0] = static_cast<char>(header.size());
        file += header + std::string(4, '\0');
        writeFile(d + "/model-00001-of-00001.safetensors",
                  reinterpret_cast<const uint8_t*>(file.data()), file.size());
        return d;
    }();
    const std::string index = dir + "/model.safetensors.index.json";
    writeFile(index, data, size);
    try {
        touch(TensorArchive::open(index).tensors());
    } catch (const Error&) {
    }
}

void fuzzTorchZip(const uint8_t* data, size_t size) {
    const auto copy = copyOf(data, size);
    try {
        touch(tensorio::parseTorchZip(copy.get(), size, "fuzz.bin"));
    } catch (const Error&) {
    }
}

void fuzzUnpickler(const uint8_t* data, size_t size) {
    const auto copy = copyOf(data, size);
    try {
        tensorio::RestrictedUnpickler(copy.get(), size, "fuzz.pkl").loadStateDict();
    } catch (const Error&) {
    }
}

}  // namespace persona::fuzz
