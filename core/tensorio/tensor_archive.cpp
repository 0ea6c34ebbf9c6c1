#include "persona/tensorio/tensor_archive.h"

#include "common/json_guard.h"
#include "persona/error.h"
#include "tensorio/mapped_file.h"
#include "tensorio/safetensors_reader.h"
#include "tensorio/tensor_layout.h"
#include "tensorio/torch_zip_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>

namespace persona {

using tensorio::MappedFile;

size_t dtypeSize(DType dtype) {
    switch (dtype) {
        case DType::F64:
        case DType::I64:
            return 8;
        case DType::F32:
        case DType::I32:
            return 4;
        case DType::F16:
        case DType::BF16:
        case DType::I16:
            return 2;
        case DType::I8:
        case DType::U8:
        case DType::Bool:
            return 1;
    }
    return 1;
}

const char* dtypeName(DType dtype) {
    switch (dtype) {
        case DType::F64:
            return "F64";
        case DType::F32:
            return "F32";
        case DType::F16:
            return "F16";
        case DType::BF16:
            return "BF16";
        case DType::I64:
            return "I64";
        case DType::I32:
            return "I32";
        case DType::I16:
            return "I16";
        case DType::I8:
            return "I8";
        case DType::U8:
            return "U8";
        case DType::Bool:
            return "BOOL";
    }
    return "?";
}

int64_t TensorData::numel() const {
    // InvalidArgument when the count does not fit in int64_t. The readers refuse such shapes;
    // a TensorData built by hand is checked here too.
    for (int64_t d : shape)
        if (d == 0)
            return 0;  // empty, whatever the other dimensions: no product to overflow
    const auto n = tensorio::checkedNumel(shape);
    if (!n || *n > uint64_t(INT64_MAX))
        throw InvalidArgument("tensor '" + name + "': shape " + tensorio::shapeToString(shape) +
                              (n ? " has more than 2^63 - 1 elements" : " is negative or overflows"));
    return static_cast<int64_t>(*n);
}

bool TensorData::isContiguous() const {
    if (strides.size() != shape.size())
        return false;
    if (numel() == 0)
        return true;
    int64_t expected = 1;
    for (size_t i = shape.size(); i-- > 0;) {
        if (shape[i] == 1)
            continue;  // any stride will do for a dimension of one, as in torch
        if (strides[i] != expected)
            return false;
        expected *= shape[i];
    }
    return true;
}

struct TensorArchive::Impl {
    std::vector<std::shared_ptr<const MappedFile>> files;
    std::vector<TensorData> tensors;  // sorted by name
    std::vector<size_t> fileIndex;    // parallel to tensors
    std::map<std::string, std::string> metadata;

    // Adds one file's tensors; throws when a name is already taken.
    void add(std::shared_ptr<const MappedFile> file, std::vector<TensorData> found);
    // Opens every shard a model.safetensors.index.json names.
    void openShards(const MappedFile& indexFile);
    void finish();
    const TensorData* find(const std::string& name) const;
};

namespace {

namespace fs = std::filesystem;

enum class Format { Safetensors, TorchZip, ShardIndex };

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Format detectFormat(const MappedFile& file) {
    const uint8_t* d = file.data();
    const size_t n = file.size();
    const std::string& path = file.path();
    if (n >= 4 && d[0] == 'P' && d[1] == 'K' &&
        ((d[2] == 3 && d[3] == 4) || (d[2] == 5 && d[3] == 6)))
        return Format::TorchZip;
    if (tensorio::isLegacyTorchPickle(d, n))
        throw ModelLoadError(path +
                             ": the legacy (pre-1.6, non-zip) torch.save format is refused: it is "
                             "an unrestricted pickle; re-save it with torch >= 1.6 "
                             "(torch.save(torch.load(f), f)) or convert it to safetensors");
    if (n >= 1 && d[0] == 0x80)
        throw ModelLoadError(path + ": a bare pickle, not a PyTorch zip checkpoint; refused");
    if (endsWith(path, ".json"))
        return Format::ShardIndex;
    if (endsWith(path, ".safetensors"))
        return Format::Safetensors;
    if (n >= 9 && d[8] == '{')
        return Format::Safetensors;
    size_t i = 0;
    while (i < n && std::strchr(" \t\r\n", d[i]) != nullptr && d[i] != 0)
        ++i;
    if (i < n && d[i] == '{')
        return Format::ShardIndex;
    throw ModelLoadError(path +
                         ": not a safetensors file, a shard index or a PyTorch zip "
                         "checkpoint");
}

std::vector<TensorData> readTensorFile(const MappedFile& file,
                                       std::map<std::string, std::string>* metadata) {
    if (detectFormat(file) == Format::TorchZip)
        return tensorio::parseTorchZip(file.data(), file.size(), file.path());
    tensorio::SafetensorsContents contents =
        tensorio::parseSafetensors(file.data(), file.size(), file.path());
    if (metadata != nullptr)
        metadata->insert(contents.metadata.begin(), contents.metadata.end());
    return std::move(contents.tensors);
}

// A shard named in an index must be a plain file name in the index's folder.
bool isPlainFileName(const std::string& name) {
    return !name.empty() && name != "." && name != ".." &&
           name.find_first_of("/\\") == std::string::npos && name.find('\0') == std::string::npos;
}

}  // namespace

void TensorArchive::Impl::add(std::shared_ptr<const MappedFile> file,
                              std::vector<TensorData> found) {
    const size_t index = files.size();
    files.push_back(std::move(file));
    for (TensorData& t : found) {
        tensors.push_back(std::move(t));
        fileIndex.push_back(index);
    }
}

void TensorArchive::Impl::finish() {
    std::vector<size_t> order(tensors.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(),
              [this](size_t a, size_t b) { return tensors[a].name < tensors[b].name; });
    std::vector<TensorData> sorted;
    std::vector<size_t> sortedFiles;
    sorted.reserve(order.size());
    for (size_t i : order) {
        if (!sorted.empty() && sorted.back().name == tensors[i].name)
            throw ModelLoadError("tensor '" + tensors[i].name + "' is in both " +
                                 files[sortedFiles.back()]->path() + " and " +
                                 files[fileIndex[i]]->path());
        sorted.push_back(std::move(tensors[i]));
        sortedFiles.push_back(fileIndex[i]);
    }
    tensors = std::move(sorted);
    fileIndex = std::move(sortedFiles);
}

const TensorData* TensorArchive::Impl::find(const std::string& name) const {
    auto it =
        std::lower_bound(tensors.begin(), tensors.end(), name,
                         [](const TensorData& t, const std::string& n) { return t.name < n; });
    return it != tensors.end() && it->name == name ? &*it : nullptr;
}

TensorArchive TensorArchive::open(const std::string& path) {
    auto impl = std::make_unique<Impl>();
    auto file = MappedFile::open(path);
    if (detectFormat(*file) == Format::ShardIndex) {
        impl->openShards(*file);
    } else {
        auto tensors = readTensorFile(*file, &impl->metadata);
        impl->add(std::move(file), std::move(tensors));
    }
    impl->finish();
    return TensorArchive(std::move(impl));
}

void TensorArchive::Impl::openShards(const MappedFile& indexFile) {
    using nlohmann::json;
    const std::string& path = indexFile.path();
    const auto* begin = reinterpret_cast<const char*>(indexFile.data());
    const std::string tooDeep = jsonNestingError(std::string_view(begin, indexFile.size()));
    if (!tooDeep.empty())
        throw ModelLoadError(path + ": invalid shard index: " + tooDeep);
    const json index = json::parse(begin, begin + indexFile.size(), nullptr, false);
    if (index.is_discarded() || !index.is_object())
        throw ModelLoadError(path + ": invalid shard index: not a JSON object");
    if (!index.contains("weight_map") || !index["weight_map"].is_object())
        throw ModelLoadError(path + ": invalid shard index: no \"weight_map\" object");
    if (index.contains("metadata")) {
        if (!index["metadata"].is_object())
            throw ModelLoadError(path + ": invalid shard index: \"metadata\" is not an object");
        for (const auto& [key, value] : index["metadata"].items())
            metadata[key] = value.is_string() ? value.get<std::string>() : jsonPreview(value, 256);
    }

    std::map<std::string, std::string> weightMap;  // tensor -> shard
    std::set<std::string> shards;
    for (const auto& [name, shard] : index["weight_map"].items()) {
        if (!shard.is_string() || !isPlainFileName(shard.get<std::string>()))
            throw ModelLoadError(path + ": invalid shard index: tensor '" + name + "' maps to " +
                                 jsonPreview(shard) + ", expected a file name in the same folder");
        weightMap[name] = shard.get<std::string>();
        shards.insert(shard.get<std::string>());
    }

    if (weightMap.empty())
        throw ModelLoadError(path + ": invalid shard index: the weight_map is empty");

    const fs::path folder = fs::path(path).parent_path();
    std::map<std::string, std::string> holder;  // tensor -> the shard that holds it
    for (const std::string& shard : shards) {
        auto file = MappedFile::open((folder / shard).string());
        if (detectFormat(*file) == Format::ShardIndex)
            throw ModelLoadError(file->path() + ": a shard cannot be another shard index");
        std::vector<TensorData> tensors = readTensorFile(*file, &metadata);
        for (const TensorData& t : tensors) {
            auto listed = weightMap.find(t.name);
            if (listed == weightMap.end())
                throw ModelLoadError(file->path() + ": tensor '" + t.name +
                                     "' is not listed in the weight_map of " + path);
            auto [it, inserted] = holder.emplace(t.name, shard);
            if (!inserted)
                throw ModelLoadError(path + ": tensor '" + t.name + "' is in both " + it->second +
                                     " and " + shard);
            if (listed->second != shard)
                throw ModelLoadError(file->path() + ": holds tensor '" + t.name +
                                     "', which the weight_map of " + path + " puts in " +
                                     listed->second);
        }
        add(std::move(file), std::move(tensors));
    }
    for (const auto& [name, shard] : weightMap)
        if (holder.find(name) == holder.end())
            throw ModelLoadError(path + ": the weight_map puts tensor '" + name + "' in " + shard +
                                 ", which does not hold it");
}

TensorArchive TensorArchive::openFolder(const std::string& dir) {
    for (const char* name : {"model.safetensors", "model.safetensors.index.json",
                             "pytorch_model.bin", "pytorch_model.bin.index.json"}) {
        const fs::path candidate = fs::path(dir) / name;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec))
            return open(candidate.string());
    }
    throw ModelLoadError(dir +
                         ": no model weights: expected model.safetensors, "
                         "model.safetensors.index.json, pytorch_model.bin or "
                         "pytorch_model.bin.index.json");
}

TensorArchive::TensorArchive(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TensorArchive::TensorArchive(TensorArchive&&) noexcept = default;
TensorArchive& TensorArchive::operator=(TensorArchive&&) noexcept = default;
TensorArchive::~TensorArchive() = default;

const TensorData* TensorArchive::find(const std::string& name) const {
    return m_impl->find(name);
}

std::vector<std::string> TensorArchive::names() const {
    std::vector<std::string> out;
    out.reserve(m_impl->tensors.size());
    for (const TensorData& t : m_impl->tensors)
        out.push_back(t.name);
    return out;
}

const std::vector<TensorData>& TensorArchive::tensors() const {
    return m_impl->tensors;
}

std::string TensorArchive::fileOf(const std::string& name) const {
    const TensorData* t = m_impl->find(name);
    if (t == nullptr)
        return {};
    return m_impl->files[m_impl->fileIndex[static_cast<size_t>(t - m_impl->tensors.data())]]
        ->path();
}

const std::map<std::string, std::string>& TensorArchive::metadata() const {
    return m_impl->metadata;
}

}  // namespace persona
